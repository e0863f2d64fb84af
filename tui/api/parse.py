"""Turn decoded SSE items and JSON replies of the completions APIs into typed events and values."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tui.api.content import Citation, citations_from_json
from tui.api.errors import ApiError, ErrorKind
from tui.api.events import (
    Citations,
    ContentDelta,
    Finished,
    KeepAlive,
    Meta,
    ReasoningDelta,
    ReasoningDetails,
    StreamEnded,
    StreamEvent,
    StreamFailed,
    UsageReport,
)
from tui.api.failures import (
    bad_response,
    error_from_object,
    nested_too_deep,
    not_a_completion,
    overflow_error,
)
from tui.api.reasoning import ReasoningDetail, details_from_json, readable_text
from tui.api.sse import SSEComment, SSEItem, SSEOverflow
from tui.api.types import Completion, Usage

if TYPE_CHECKING:  # the reply's type only: the client imports httpx when it is made
    import httpx

__all__ = ["StreamParser", "completion_from_json", "completion_problem", "events_from_json_reply"]


class StreamParser:
    """The state of one streamed answer: feed it SSE items, get stream events back.

    Real streams are looser than the reference, so the parser is forgiving: an error chunk is
    known by its top-level ``error`` whatever its finish_reason says; only the first finish
    reason counts; usage may come in any chunk, even one with no choices; ``url_citation``
    annotations may come in any delta (or the choice's message); other unknown fields
    (tool_calls, logprobs) are ignored; a data event that is
    not a JSON object is skipped and counted. ``ended`` turns true with the final event.
    """

    __slots__ = ("_meta", "ended", "finished", "saw_done", "skipped")

    def __init__(self) -> None:
        self._meta: tuple[str | None, str | None, str | None] | None = None
        self.ended = False
        self.finished = False
        self.saw_done = False
        self.skipped = 0

    def feed(self, item: SSEItem) -> list[StreamEvent]:
        """Events for one decoded item; nothing more once the stream has ended."""
        if self.ended:
            return []
        if isinstance(item, SSEComment):
            return [KeepAlive(item.text)]
        if isinstance(item, SSEOverflow):
            return [self.fail(overflow_error(item))]
        data = item.data.strip()
        if data == "[DONE]":
            self.saw_done = True
            return [self.end()]
        if not data:
            return []
        try:
            chunk = json.loads(data)
        except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
            chunk = None
        if not isinstance(chunk, dict):
            if item.event == "error":
                return [self.fail(ApiError(ErrorKind.PROVIDER, data, mid_stream=True))]
            self.skipped += 1
            return []
        return self.chunk(chunk)

    def chunk(self, chunk: dict[str, Any]) -> list[StreamEvent]:
        """Events for one parsed chunk object."""
        text = _only_text(chunk)
        if text is not None:  # nearly every chunk of an answer: told without the full survey
            meta = self._update_meta(chunk)
            return [ContentDelta(text)] if meta is None else [meta, ContentDelta(text)]
        events: list[StreamEvent] = []
        meta = self._update_meta(chunk)
        if meta is not None:
            events.append(meta)
        choice = _first_choice(chunk)
        reasoning, details, content = _deltas(choice)
        if reasoning:
            events.append(ReasoningDelta(reasoning))
        if details:
            events.append(ReasoningDetails(details))
        if content:
            events.append(ContentDelta(content))
        citations = _citations_of(choice)
        if citations:
            events.append(Citations(citations))
        usage = Usage.from_json(chunk.get("usage"))
        error = error_from_object(chunk, mid_stream=True)
        reason = choice.get("finish_reason")
        if error is None and reason == "error":
            error = ApiError(
                ErrorKind.PROVIDER, "The provider ended the answer with an error.", mid_stream=True
            )
        if error is not None:
            if usage is not None:
                events.append(UsageReport(usage))
            events.append(self.fail(error))
            return events
        if isinstance(reason, str) and reason and not self.finished:
            self.finished = True
            native = choice.get("native_finish_reason")
            events.append(Finished(reason, native if isinstance(native, str) else None))
        if usage is not None:
            events.append(UsageReport(usage))
        return events

    def end(self) -> StreamEvent:
        """The final event once the body is over: success only if the answer finished."""
        if self.saw_done or self.finished:
            self.ended = True
            return StreamEnded(saw_done=self.saw_done, skipped_events=self.skipped)
        return self.fail(
            ApiError(
                ErrorKind.TRUNCATED,
                "The stream ended before the answer finished (no finish reason, no [DONE]).",
                mid_stream=True,
            )
        )

    def fail(self, error: ApiError) -> StreamFailed:
        self.ended = True
        return StreamFailed(error, skipped_events=self.skipped)

    def _update_meta(self, chunk: dict[str, Any]) -> Meta | None:
        # Absent fields keep their last value: a later chunk naming no provider has not
        # switched provider. Fallbacks and routing show up as a changed model or provider.
        old = self._meta or (None, None, None)
        new = (
            _text(chunk.get("id")) or old[0],
            _text(chunk.get("model")) or old[1],
            _text(chunk.get("provider")) or old[2],
        )
        if self._meta is not None and new[1:] == old[1:]:
            self._meta = new
            return None
        self._meta = new
        return Meta(*new)


def completion_problem(data: dict[str, Any]) -> str | None:
    """What makes ``data`` not a ``chat.completion`` or ``text_completion``, or None if it is one.

    An empty answer is fine (``content: null`` with tool calls, say); a reply whose shape
    leaves no place for an answer is not, and must never pass for a complete empty answer.
    """
    choices = data.get("choices")
    if not isinstance(choices, list):
        return f"choices is {_kind(choices)}, not a list"
    if not choices:
        return "choices is empty"
    choice = _first_choice(data)
    if not choice:
        return "choices holds no choice object with index 0"
    if "message" in choice:
        message = choice["message"]
        if not isinstance(message, dict):
            return f"choices[0].message is {_kind(message)}, not an object"
        content = message.get("content")
        if content is not None and not isinstance(content, str):
            return f"choices[0].message.content is {_kind(content)}, not text"
        return None
    if "text" in choice:
        text = choice["text"]
        return None if isinstance(text, str) else f"choices[0].text is {_kind(text)}, not text"
    return "choices[0] has neither a message nor a text"


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )


def completion_from_json(data: dict[str, Any]) -> Completion:
    """A whole answer from a ``chat.completion`` or ``text_completion`` object."""
    choice = _first_choice(data)
    message = choice.get("message")
    message = message if isinstance(message, dict) else {}
    content = _text(message.get("content")) or _text(choice.get("text")) or ""
    # A legacy completion carries its reasoning beside ``text``, in the choice itself.
    reasoning, details = _reasoning_of(message if "message" in choice else choice)
    return Completion(
        content=content,
        reasoning=reasoning or "",
        reasoning_details=details,
        finish_reason=_text(choice.get("finish_reason")),
        native_finish_reason=_text(choice.get("native_finish_reason")),
        model=_text(data.get("model")),
        provider=_text(data.get("provider")),
        generation_id=_text(data.get("id")),
        usage=Usage.from_json(data.get("usage")),
        citations=citations_from_json(message.get("annotations")),
    )


def events_from_json_reply(raw: bytes, response: httpx.Response) -> list[StreamEvent]:
    """The events for a JSON reply where a stream was asked for: an error, or a whole answer
    from a server that ignored ``stream: true``."""
    try:
        data = json.loads(raw)
    except ValueError:
        data = None
    except RecursionError:
        return [StreamFailed(nested_too_deep(response.url.host))]
    if not isinstance(data, dict):
        return [StreamFailed(bad_response(raw, response))]
    error = error_from_object(data, mid_stream=False)
    if error is not None:
        return [StreamFailed(error)]
    problem = completion_problem(data)
    if problem is not None:
        return [StreamFailed(not_a_completion(problem, response.url.host))]
    return _events_from_completion(completion_from_json(data))


def answer_events(completion: Completion) -> list[StreamEvent]:
    """What a whole answer says, as the events a stream of it would carry: who answers, its
    reasoning, its text (how it ended is the caller's to tell)."""
    events: list[StreamEvent] = [
        Meta(completion.generation_id, completion.model, completion.provider)
    ]
    if completion.reasoning:
        events.append(ReasoningDelta(completion.reasoning))
    if completion.reasoning_details:
        events.append(ReasoningDetails(completion.reasoning_details))
    if completion.content:
        events.append(ContentDelta(completion.content))
    if completion.citations:
        events.append(Citations(completion.citations))
    return events


def _events_from_completion(completion: Completion) -> list[StreamEvent]:
    events = answer_events(completion)
    events.append(Finished(completion.finish_reason or "stop", completion.native_finish_reason))
    if completion.usage is not None:
        events.append(UsageReport(completion.usage))
    events.append(StreamEnded(saw_done=False))
    return events


_TEXT_ONLY = frozenset(("role", "content"))


def _only_text(chunk: dict[str, Any]) -> str | None:
    """The answer text of a chunk that says nothing else (no reasoning, annotations, finish,
    usage or error, one choice), else None: such a chunk needs none of the other checks."""
    choices = chunk.get("choices")
    if type(choices) is not list or len(choices) != 1:
        return None
    choice = choices[0]
    if type(choice) is not dict or choice.get("index", 0) != 0 or "message" in choice:
        return None
    delta = choice.get("delta")
    if type(delta) is not dict or not _TEXT_ONLY.issuperset(delta):
        return None
    content = delta.get("content")
    if type(content) is not str or not content or choice.get("finish_reason") is not None:
        return None
    if chunk.get("usage") is not None or chunk.get("error"):
        return None
    return content


def _first_choice(data: dict[str, Any]) -> dict[str, Any]:
    choices = data.get("choices")
    if isinstance(choices, list):
        for choice in choices:
            if isinstance(choice, dict) and choice.get("index", 0) == 0:
                return choice
    return {}


def _deltas(
    choice: dict[str, Any],
) -> tuple[str | None, tuple[ReasoningDetail, ...], str | None]:
    """(reasoning, its details, content) of a streamed choice, chat (``delta``) or legacy
    (``text``, with reasoning beside it in the choice)."""
    delta = choice.get("delta")
    chat = isinstance(delta, dict)
    if not isinstance(delta, dict):
        delta = {}
    reasoning, details = _reasoning_of(delta if chat else choice)
    content = _text(delta.get("content"))
    if content is None:
        content = _text(choice.get("text"))
    return reasoning, details, content


def _citations_of(choice: dict[str, Any]) -> tuple[Citation, ...]:
    """Citations of a streamed choice: in its delta, or a final ``message`` some servers send."""
    found: tuple[Citation, ...] = ()
    for key in ("delta", "message"):
        part = choice.get(key)
        if isinstance(part, dict):
            found += citations_from_json(part.get("annotations"))
    return found


def _reasoning_of(source: dict[str, Any]) -> tuple[str | None, tuple[ReasoningDetail, ...]]:
    """The readable reasoning and the details of a delta, message or legacy choice.

    ``reasoning`` already holds the text of the details when both come: the details' text
    stands in only when there is no ``reasoning``, so nothing is shown twice.
    """
    details = details_from_json(source.get("reasoning_details"))
    text = _text(source.get("reasoning")) or _text(source.get("reasoning_content"))
    return text or _text(readable_text(details)), details


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
