"""What a stream (or a whole answer told as one) yields, event by event, to its reader.

A stream yields any number of the data events and ends with exactly one of ``StreamEnded``
(success) or ``StreamFailed`` (any failure, before or after the first token).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tui.api.content import Citation
from tui.api.errors import ApiError
from tui.api.reasoning import ReasoningDetail
from tui.api.types import Usage


@dataclass(frozen=True, slots=True)
class Retrying:
    """A request failed before its body began; the client waits ``delay`` s and tries again."""

    attempt: int
    delay: float
    error: ApiError


@dataclass(frozen=True, slots=True)
class ResponseStarted:
    """The server answered 200 and the body has begun: the request is in the provider's hands."""

    status: int


@dataclass(frozen=True, slots=True)
class KeepAlive:
    """An SSE comment such as ``: OPENROUTER PROCESSING``: the request is alive but quiet."""

    comment: str


@dataclass(frozen=True, slots=True)
class Meta:
    """Who answers: emitted on the first chunk and whenever the model or provider changes."""

    generation_id: str | None
    model: str | None
    provider: str | None


@dataclass(frozen=True, slots=True)
class ContentDelta:
    """Answer text; ``pieces`` is how many of the stream's deltas it joins (one network
    read's worth), so counts of tokens stay counts of deltas."""

    text: str
    pieces: int = field(default=1, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ReasoningDelta:
    """Readable reasoning text: ``delta.reasoning``, or, when a chunk has none, the text and
    summaries of its details (never both, never encrypted data); ``pieces`` as for
    :class:`ContentDelta`."""

    text: str
    pieces: int = field(default=1, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ReasoningDetails:
    """The chunk's ``reasoning_details`` pieces, to keep (merged) and send back; not for show."""

    details: tuple[ReasoningDetail, ...]


@dataclass(frozen=True, slots=True)
class Citations:
    """``url_citation`` annotations that came with the answer (a delta's or the message's)."""

    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class UsageReport:
    usage: Usage


@dataclass(frozen=True, slots=True)
class Finished:
    """A choice ended: ``reason`` is normalised (stop, length, content_filter, tool_calls …)."""

    reason: str
    native_reason: str | None = None


@dataclass(frozen=True, slots=True)
class StreamEnded:
    """The stream closed cleanly (``[DONE]`` or a finish reason before the end of the body)."""

    saw_done: bool
    skipped_events: int = 0


@dataclass(frozen=True, slots=True)
class StreamFailed:
    """The stream failed; whatever deltas came before it stand."""

    error: ApiError
    skipped_events: int = 0


StreamEvent = (
    Retrying
    | ResponseStarted
    | KeepAlive
    | Meta
    | ContentDelta
    | ReasoningDelta
    | ReasoningDetails
    | Citations
    | UsageReport
    | Finished
    | StreamEnded
    | StreamFailed
)
