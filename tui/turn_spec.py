"""What a turn is asked (TurnSpec) and what it tells while and after it runs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tui.api.content import Attachment, Citation, FileParser, Plugin, WebSearch
from tui.api.errors import ApiError
from tui.api.reasoning import ReasoningDetail
from tui.api.types import Usage
from tui.store import Conversation, Message
from tui.store.records import FinalStatus
from tui.turn_record import StorageReport

INTERRUPTED = "interrupted"
"""The cancel message (``task.cancel(INTERRUPTED)``) when a signal, not the user, ends a turn."""


@dataclass(frozen=True, slots=True)
class TurnSpec:
    """What to ask: a prompt (or ``None`` to answer the stored history again) and how."""

    model: str
    prompt: str | None
    conversation_id: int | None = None
    system: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    fallback_models: tuple[str, ...] = ()
    completion: bool = False
    stream: bool = True
    save: bool = True
    lane: int | None = None
    continue_message_id: int | None = None
    """Stream more onto this stored answer: its text goes back as the assistant's turn."""
    parent_id: int | None = None
    """Where the new prompt (or, with no prompt, the new answer) goes in the conversation's
    tree: under this message, as a new sibling of its children (``tui.store.records.TOP``:
    a new first prompt). ``None``: at the end of the chosen path. The request sends the
    path down to it, and the new messages become the chosen path."""
    attachments: tuple[Attachment, ...] = ()
    """Files sent with ``prompt`` and stored with it; a stored message's files go again
    whenever it is in the history sent (regenerate, continue, a branch)."""
    web: WebSearch | None = None
    """Search the web for this answer (OpenRouter's ``web`` plugin); citations come back."""
    pdf_engine: str | None = None
    """Which engine reads PDFs (the ``file-parser`` plugin); None: OpenRouter's choice."""
    leave_out: int = 0
    """Leave the first messages of the stored history out of the request (system messages
    are kept), so that it fits the model's context. They stay stored."""

    def plugins(self) -> tuple[Plugin, ...]:
        found: list[Plugin] = []
        if self.web is not None:
            found.append(self.web)
        if self.pdf_engine:
            found.append(FileParser(self.pdf_engine))
        return tuple(found)


@dataclass(frozen=True, slots=True)
class TurnStarted:
    """The user's message is stored (when saving) and the request is about to leave."""

    conversation: Conversation | None
    user_message: Message | None
    assistant_message_id: int | None


@dataclass(frozen=True, slots=True)
class TurnOutcome:
    """How a turn ended, with everything the caller shows and the store keeps."""

    status: FinalStatus
    content: str
    reasoning: str
    model_requested: str
    model_answered: str | None
    provider: str | None
    generation_id: str | None
    finish_reason: str | None
    native_finish_reason: str | None
    usage: Usage | None
    error: ApiError | None
    conversation_id: int | None
    message_id: int | None
    ttft: float | None
    duration: float
    skipped_events: int = 0
    reasoning_details: tuple[ReasoningDetail, ...] = ()
    """The reasoning blocks, merged whole (encrypted ones too: keep, never show)."""
    reasoning_seconds: float | None = None
    """How long the model reasoned: first reasoning to first answer text (or to the end, if
    no answer followed); ``None`` when it did not reason or the reply came whole."""
    storage: StorageReport | None = None
    """How storing it went (``None`` when not saving); ``storage.stored`` False means the
    answer is only in a recovery file (or nowhere but the screen)."""
    citations: tuple[Citation, ...] = ()
    """The sources a web-searched answer cites (``url_citation`` annotations), in order."""

    @property
    def unstored(self) -> bool:
        """Whether the answer was meant to be stored and could not be."""
        return self.storage is not None and not self.storage.stored

    @property
    def cost(self) -> float | None:
        return self.usage.cost if self.usage else None

    @property
    def tokens_per_second(self) -> float | None:
        tokens = self.usage.completion_tokens if self.usage else None
        if not tokens or self.ttft is None or self.duration <= self.ttft:
            return None
        return tokens / (self.duration - self.ttft)

    @property
    def reasoning_tokens(self) -> int | None:
        """The reasoning tokens the server counted (``usage.completion_tokens_details``)."""
        return self.usage.reasoning_tokens if self.usage else None


@dataclass(frozen=True, slots=True)
class TurnFinished:
    outcome: TurnOutcome
