"""The plain values the store takes and returns: conversations, messages, search hits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

Role = Literal["system", "user", "assistant", "notice", "error"]
Status = Literal["streaming", "complete", "cancelled", "error", "interrupted"]
Kind = Literal["chat", "compare"]

ROLES: frozenset[str] = frozenset(("system", "user", "assistant", "notice", "error"))
STATUSES: frozenset[str] = frozenset(("streaming", "complete", "cancelled", "error", "interrupted"))
FINAL_STATUSES: frozenset[str] = STATUSES - {"streaming"}
KINDS: frozenset[str] = frozenset(("chat", "compare"))
MAX_LANES = 4


@dataclass(frozen=True, slots=True)
class Conversation:
    """One conversation: a chat, or a comparison of 2–4 models side by side (``kind``)."""

    id: int
    title: str | None
    kind: str
    model: str | None
    system: str | None
    created_at: float
    updated_at: float
    params: dict[str, Any] = field(default_factory=dict, hash=False)
    """The request parameters chosen for this conversation (the sidebar's), never a key."""


@dataclass(frozen=True, slots=True)
class ModelMarks:
    """The models a user starred, and those used lately (most recent first)."""

    favourites: tuple[str, ...] = ()
    recent: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ConversationSummary:
    """A row of the conversation list: the conversation plus how much happened in it, and when."""

    id: int
    title: str | None
    kind: str
    model: str | None
    created_at: float
    updated_at: float
    message_count: int
    last_activity: float


@dataclass(frozen=True, slots=True)
class Message:
    """One stored message with everything known about how it was asked for and answered.

    ``lane`` is ``None`` in a chat and 0..3 for a comparison column. ``status`` reads
    ``interrupted`` for a stream whose writer has gone, even before that is persisted.
    """

    id: int
    conversation_id: int
    seq: int
    lane: int | None
    role: str
    content: str
    reasoning: str | None
    model_requested: str | None
    model_answered: str | None
    provider: str | None
    status: str
    finish_reason: str | None
    native_finish_reason: str | None
    error_message: str | None
    error_kind: str | None
    error_status: int | None
    prompt_tokens: int | None
    completion_tokens: int | None
    total_tokens: int | None
    reasoning_tokens: int | None
    cached_tokens: int | None
    cost: float | None
    generation_id: str | None
    params: dict[str, Any] = field(hash=False)
    created_at: float
    updated_at: float
    finished_at: float | None
    ttft_ms: float | None
    duration_ms: float | None
    owner_pid: int | None
    owner_host: str | None
    heartbeat_at: float | None


class MessageFields(TypedDict, total=False):
    """The optional fields ``Store.add_message`` accepts (each a column of ``Message``)."""

    lane: int | None
    reasoning: str | None
    model_requested: str | None
    model_answered: str | None
    provider: str | None
    status: str
    finish_reason: str | None
    native_finish_reason: str | None
    error_message: str | None
    error_kind: str | None
    error_status: int | None
    prompt_tokens: int | None
    completion_tokens: int | None
    total_tokens: int | None
    reasoning_tokens: int | None
    cached_tokens: int | None
    cost: float | None
    generation_id: str | None
    params: dict[str, Any] | None
    created_at: float
    finished_at: float | None
    ttft_ms: float | None
    duration_ms: float | None


MESSAGE_FIELD_NAMES: frozenset[str] = frozenset(MessageFields.__annotations__)


@dataclass(frozen=True, slots=True)
class SearchHit:
    """A message that matched a search: where it is, and a snippet around the match.

    ``snippet`` is plain text on one line; ``highlights`` are ``(start, end)`` offsets into it
    of the matched words, so a CLI or a widget can mark them its own way. ``score`` is
    FTS5's bm25: lower is more relevant.
    """

    message_id: int
    conversation_id: int
    conversation_title: str | None
    role: str
    created_at: float
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    score: float

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each highlighted span wrapped in ``before`` … ``after``."""
        parts: list[str] = []
        position = 0
        for start, end in self.highlights:
            parts += [self.snippet[position:start], before, self.snippet[start:end], after]
            position = end
        parts.append(self.snippet[position:])
        return "".join(parts)


@dataclass(frozen=True, slots=True)
class CachedModel:
    """One entry of the model list as the API returned it (``payload`` is its JSON text)."""

    id: str
    payload: str
    fetched_at: float


@dataclass(frozen=True, slots=True)
class ImportedMessage:
    """A message to bulk-import (from a benchmark, an export file, another client)."""

    role: str
    content: str
    created_at: float
    lane: int | None = None
    reasoning: str | None = None
    model_requested: str | None = None
    model_answered: str | None = None
    provider: str | None = None
    status: str = "complete"
    finish_reason: str | None = None
    native_finish_reason: str | None = None
    error_message: str | None = None
    error_kind: str | None = None
    error_status: int | None = None
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    reasoning_tokens: int | None = None
    cached_tokens: int | None = None
    cost: float | None = None
    generation_id: str | None = None
    params: dict[str, Any] | None = field(default=None, hash=False)
    finished_at: float | None = None
    ttft_ms: float | None = None
    duration_ms: float | None = None


@dataclass(frozen=True, slots=True)
class ImportedConversation:
    """A whole conversation to bulk-import; untitled ones are titled from the first prompt."""

    messages: Sequence[ImportedMessage]
    title: str | None = None
    kind: str = "chat"
    model: str | None = None
    system: str | None = None
    created_at: float | None = None
    updated_at: float | None = None
