"""The records the store takes and returns: conversations, messages, endings, search hits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:
    from tui.store.attachments import NewAttachment, StoredCitation

Role = Literal["system", "user", "assistant", "notice", "error"]
FinalStatus = Literal["complete", "cancelled", "error", "interrupted"]
Status = Literal["streaming", FinalStatus]
Kind = Literal["chat", "compare"]

# The checks at run time read the same literals the type checker does.
ROLES: frozenset[str] = frozenset(get_args(Role))
FINAL_STATUSES: frozenset[str] = frozenset(get_args(FinalStatus))
STATUSES: frozenset[str] = FINAL_STATUSES | {"streaming"}
KINDS: frozenset[str] = frozenset(get_args(Kind))
MAX_LANES = 4
TOP = 0
"""As a parent id: none — a new first message, beside the conversation's first prompt."""


@dataclass(frozen=True, slots=True)
class Conversation:
    """One conversation: a chat, or a comparison of 2–4 models side by side (``kind``)."""

    id: int
    title: str | None
    kind: Kind
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
    kind: Kind
    model: str | None
    created_at: float
    updated_at: float
    message_count: int
    last_activity: float


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerDetails:
    """How an answer went, beyond its text: reasoning, ending, error, usage, timing.

    The one list of these fields: a stored :class:`Message`, a turn's :class:`Ending` and an
    :class:`ImportedMessage` all take them from here, and the store's SQL from their fields.
    """

    reasoning: str | None = None
    reasoning_details: list[dict[str, Any]] | None = field(default=None, hash=False)
    """The reply's reasoning blocks as the API sent them (encrypted ones too: never show)."""
    reasoning_ms: float | None = None
    """How long the model reasoned: its first reasoning to its first answer text."""
    model_answered: str | None = None
    provider: str | None = None
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
    ttft_ms: float | None = None
    duration_ms: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Ending(AnswerDetails):
    """How a streamed answer ended, as ``Store.finish_message`` records it.

    A field left ``None`` keeps its stored value, so the text saved while streaming stays
    when no final text is given.
    """

    status: FinalStatus
    content: str | None = None


@dataclass(frozen=True, slots=True)
class Message(AnswerDetails):
    """One stored message with everything known about how it was asked for and answered.

    ``lane`` is ``None`` in a chat and 0..3 for a comparison column. ``status`` reads
    ``interrupted`` for a stream whose writer has gone, even before that is persisted.
    ``parent_id`` is the message this one follows in the conversation's tree (``None``
    for a first message); ``seq`` only orders messages by when they were added.
    """

    id: int
    conversation_id: int
    seq: int
    lane: int | None
    role: Role
    content: str
    model_requested: str | None
    status: Status
    params: dict[str, Any] = field(hash=False)
    created_at: float
    updated_at: float
    finished_at: float | None
    owner_pid: int | None
    owner_host: str | None
    heartbeat_at: float | None
    parent_id: int | None = None


@dataclass(frozen=True, slots=True)
class Branching:
    """Where a message stands among its siblings (same parent): ``index`` of ``count``."""

    index: int
    """0-based, oldest sibling first."""
    count: int

    @property
    def branched(self) -> bool:
        """Whether there is another sibling to step to."""
        return self.count > 1

    @property
    def label(self) -> str:
        """The marker a transcript shows: ``‹ 2/3 ›``."""
        return f"‹ {self.index + 1}/{self.count} ›"


@dataclass(frozen=True, slots=True)
class Siblings:
    """A message and its siblings' ids, oldest first; ``index`` is the message's place."""

    ids: tuple[int, ...]
    index: int

    @property
    def branching(self) -> Branching:
        return Branching(self.index, len(self.ids))

    def step(self, by: int) -> int:
        """The id ``by`` places away (negative: older), clamped to the first or last."""
        return self.ids[max(0, min(len(self.ids) - 1, self.index + by))]


@dataclass(frozen=True, slots=True)
class ChosenPath:
    """A conversation as shown and sent: the chosen path from its first message down.

    ``branching[i]`` tells where ``messages[i]`` stands among its siblings.
    """

    messages: tuple[Message, ...]
    branching: tuple[Branching, ...]


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
    role: Role
    created_at: float
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    score: float
    on_chosen_path: bool = True
    """False for a hit in a branch the conversation does not show now (choose it to see)."""
    model: str | None = None
    """The model that wrote the message (else the one asked, else the conversation's)."""

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
class ImportedMessage(AnswerDetails):
    """A message to add: one at a time (``Store.add_message``) or in bulk (an export file,
    a benchmark, another client). Its details are keyword-only."""

    role: Role
    content: str
    created_at: float
    lane: int | None = None
    model_requested: str | None = None
    status: FinalStatus = "complete"
    params: dict[str, Any] | None = field(default=None, hash=False)
    finished_at: float | None = None


@dataclass(frozen=True, slots=True)
class ImportedConversation:
    """A whole conversation to bulk-import; untitled ones are titled from the first prompt."""

    messages: Sequence[ImportedMessage]
    title: str | None = None
    kind: Kind = "chat"
    model: str | None = None
    system: str | None = None
    created_at: float | None = None
    updated_at: float | None = None
    params: dict[str, Any] | None = field(default=None, hash=False)
    """The request parameters chosen for the conversation."""
    source_key: str | None = None
    """Where it came from (``"chatgpt:<id>"``): :meth:`Store.import_new` skips a key it has."""
    parents: Sequence[int | None] | None = field(default=None, hash=False)
    """Each message's parent as an index into ``messages`` (an earlier one), ``None`` for a
    first message. Without it, each message follows the one before (a lane's answers are
    siblings), as conversations before branches were linked."""
    chosen: int | None = None
    """The index of the message the chosen path ends at (default: the last message)."""
    attachments: Mapping[int, Sequence[NewAttachment]] = field(default_factory=dict, hash=False)
    """Files by the index of the message they were sent with."""
    citations: Mapping[int, Sequence[StoredCitation]] = field(default_factory=dict, hash=False)
    """Cited sources by the index of the answer citing them."""


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What :meth:`Store.import_new` did: the new conversations' ids, and what it skipped."""

    ids: tuple[int, ...]
    messages: int
    """How many messages the new conversations hold."""
    skipped: int
    """Conversations left out because one with the same ``source_key`` was already there."""
