"""Incremental Server-Sent Events decoder over raw byte chunks (WHATWG rules, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

__all__ = ["MAX_EVENT_BYTES", "SSEComment", "SSEDecoder", "SSEEvent", "SSEItem", "SSEOverflow"]

MAX_EVENT_BYTES = 8 * 1024 * 1024
"""The longest line, and the largest event, a stream may send: real ones are a few KB."""
_BOM = b"\xef\xbb\xbf"
_NEXT_DATA = b"\n\ndata: "  # a blank line ends an event; the next begins with a data line


@dataclass(frozen=True, slots=True)
class SSEEvent:
    """One dispatched event: its joined ``data`` lines, type, last event id and retry hint."""

    data: str
    event: str = "message"
    id: str | None = None
    retry: int | None = None


@dataclass(frozen=True, slots=True)
class SSEComment:
    """A comment line (``: OPENROUTER PROCESSING``): proof that a slow request is alive."""

    text: str


@dataclass(frozen=True, slots=True)
class SSEOverflow:
    """The stream sent a line or an event past the decoder's limit: it is broken, stop reading.

    The last item the decoder ever returns; what it held of the oversized line is dropped.
    """

    what: str  # "line" or "event"
    limit: int


SSEItem = SSEEvent | SSEComment | SSEOverflow


class _Overflow(Exception):
    """Raised deep in line handling, turned into an SSEOverflow item at the top."""


# A frozen dataclass's __init__ costs about as much as decoding the event itself; filling
# the slots through their descriptors builds an identical, equally immutable object in half
# the time.
_new = object.__new__
_set_data = SSEEvent.data.__set__  # type: ignore[attr-defined]
_set_event = SSEEvent.event.__set__  # type: ignore[attr-defined]
_set_id = SSEEvent.id.__set__  # type: ignore[attr-defined]
_set_retry = SSEEvent.retry.__set__  # type: ignore[attr-defined]


def _event(data: str, event: str, id: str | None, retry: int | None) -> SSEEvent:
    obj = _new(SSEEvent)
    _set_data(obj, data)
    _set_event(obj, event)
    _set_id(obj, id)
    _set_retry(obj, retry)
    return obj


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "replace")


class SSEDecoder:
    """Turn raw ``text/event-stream`` bytes, cut anywhere, into events and comments.

    Lines end only at CR, LF or CRLF; Unicode line separators (U+2028, U+0085 …) are legal
    inside JSON strings and stay in the data. Lines are split at byte level and values decoded
    only once complete, so a UTF-8 character cut between chunks decodes correctly; invalid
    UTF-8 becomes U+FFFD rather than an exception. ``retry`` is reported with the next
    dispatched event (the spec applies it at once; we have nothing to reconnect, we pass it on).

    Memory is bounded: a line or an event longer than ``limit`` bytes ends the stream with an
    :class:`SSEOverflow` as soon as it is seen, and nothing more is buffered after it.
    """

    __slots__ = (
        "_at_start",
        "_data",
        "_event",
        "_failed",
        "_id",
        "_limit",
        "_retry",
        "_size",
        "_skip_lf",
        "_tail",
    )

    def __init__(self, limit: int = MAX_EVENT_BYTES) -> None:
        self._limit = limit
        self._failed = False
        self._reset()

    def _reset(self) -> None:
        self._tail = bytearray()  # the unfinished last line, never containing CR or LF
        self._skip_lf = False  # the last chunk ended in CR: a leading LF completes a CRLF
        self._at_start = True  # a BOM may still come (possibly cut across chunks)
        self._data: list[bytes] = []  # raw values of this event's data lines
        self._size = 0  # their total length, bounded by the limit
        self._event = b""  # raw value of the last event: field
        self._id: str | None = None
        self._retry: int | None = None

    def feed(self, chunk: bytes) -> list[SSEItem]:
        """Take the next bytes of the body; return the events and comments they complete."""
        if len(chunk) > self._limit or self._failed:
            return self._feed_large(chunk)
        if self._skip_lf or self._at_start:
            chunk = self._prelude(chunk)
        if b"\r" in chunk:
            self._skip_lf = chunk[-1] == 13
            chunk = chunk.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        tail = self._tail
        if (
            not tail
            and chunk[-2:] == b"\n\n"
            and chunk.find(b"\n") == len(chunk) - 2
            and chunk[:6] == b"data: "
            and self._is_clean()
        ):
            # A stream that keeps pace with the model sends one whole event per chunk.
            return [_event(_text(chunk[6:-2]), "message", self._id, None)]
        end = chunk.rfind(b"\n") + 1
        if not end:
            # A bytearray grows in amortised constant time: a huge event in tiny chunks
            # stays linear.
            if len(tail) + len(chunk) > self._limit:
                return [self._overflow("line")]
            tail += chunk
            return []
        if tail:
            if len(tail) + len(chunk) > self._limit and len(tail) + chunk.find(b"\n") > self._limit:
                return [self._overflow("line")]
            tail += memoryview(chunk)[:end]
            block = bytes(tail)  # parts split from bytes are cheaper than from a bytearray
            self._tail = bytearray(memoryview(chunk)[end:])
        elif end < len(chunk):
            block = chunk[:end]
            tail += memoryview(chunk)[end:]
        else:
            block = chunk
        return self._block(block)

    def close(self) -> list[SSEItem]:
        """End of body: flush an unterminated last line and event; the decoder starts afresh."""
        out: list[SSEItem] = []
        try:
            if self._tail and not self._failed:
                self._lines([bytes(self._tail)], out)
        except _Overflow:
            out.append(self._overflow("event"))
        if self._data:
            out.append(self._dispatch())
        self._reset()
        self._failed = False
        return out

    def _feed_large(self, chunk: bytes) -> list[SSEItem]:
        """A chunk longer than the limit, in parts no longer than it: then a line wholly inside
        one part is short enough, and only the line a part ends in needs watching."""
        out: list[SSEItem] = []
        step = self._limit
        for start in range(0, len(chunk), step):
            if self._failed:
                break
            out += self.feed(chunk[start : start + step])
        return out

    def _overflow(self, what: str) -> SSEOverflow:
        """Give up on the stream: drop what was buffered, so memory stays flat."""
        self._reset()
        self._at_start = False
        self._failed = True
        return SSEOverflow(what, self._limit)

    def _prelude(self, chunk: bytes) -> bytes:
        """Finish a CRLF cut after its CR, and skip a BOM (maybe cut too) at stream start."""
        if self._skip_lf and chunk:
            self._skip_lf = False
            if chunk[0] == 10:
                chunk = chunk[1:]
        if not self._at_start:
            return chunk
        if self._tail:
            chunk = bytes(self._tail) + chunk
            self._tail.clear()
        if len(chunk) < len(_BOM) and _BOM.startswith(chunk):
            self._tail += chunk  # too short to tell yet; close() treats it as a line
            return b""
        self._at_start = False
        return chunk[len(_BOM) :] if chunk.startswith(_BOM) else chunk

    def _block(self, block: bytes) -> list[SSEItem]:
        """Interpret complete lines (``block`` ends with LF), whole events at a time if it can."""
        out: list[SSEItem] = []
        try:
            self._parts(block, out)
        except _Overflow:
            out.append(self._overflow("event"))
        return out

    def _parts(self, block: bytes, out: list[SSEItem]) -> None:
        # Cut at "blank line, then a data line": each part but the first and the last is
        # then the rest of one event's first data line, plus any lines that follow it.
        parts = block.split(_NEXT_DATA)
        last = parts.pop()
        if last[-2:] == b"\n\n":  # the block ends with a blank line: so does its last event
            parts.append(last[:-2])
            last = b""
        if not parts:
            self._lines(last.split(b"\n")[:-1], out)
            return
        first = parts[0]
        # LFs in the separators, the first and the last part only: every event between
        # them is a single data line.
        lfs = 2 * len(parts) + first.count(b"\n") + last.count(b"\n")
        single_lines = block.count(b"\n") == lfs
        if self._is_clean() and first[:6] == b"data: " and b"\n" not in first:
            parts[0] = first[6:]  # a whole event too: the usual start after a chunk boundary
            self._events(parts, 0, single_lines, out)
        else:
            self._lines(first.split(b"\n"), out)
            self._blank(out)
            self._events(parts, 1, single_lines, out)
        if last:
            self._lines((b"data: " + last).split(b"\n")[:-1], out)

    def _is_clean(self) -> bool:
        return not self._data and not self._event and self._retry is None

    def _events(
        self, parts: list[bytes], start: int, single_lines: bool, out: list[SSEItem]
    ) -> None:
        """Each of ``parts[start:]`` is an event's first data line without "data: ", and
        whatever lines follow it; a blank line ends each."""
        # The hot loop of a real stream: no per-line work and no dataclass __init__ (about
        # as costly as the decoding).
        clean = self._retry is None
        last_id = self._id
        for part in islice(parts, start, None):
            if clean and (single_lines or b"\n" not in part):
                event = _new(SSEEvent)
                _set_data(event, part.decode("utf-8", "replace"))
                _set_event(event, "message")
                _set_id(event, last_id)
                _set_retry(event, None)
                out.append(event)
            else:
                self._lines((b"data: " + part).split(b"\n"), out)
                self._blank(out)
                clean = self._retry is None
                last_id = self._id

    def _lines(self, lines: list[bytes], out: list[SSEItem]) -> None:
        for line in lines:
            if line[:6] == b"data: ":
                self._add_data(line[6:])
            elif not line:
                self._blank(out)
            elif line[0] == 58:  # ":" starts a comment
                text = _text(line[1:])
                out.append(SSEComment(text[1:] if text[:1] == " " else text))
            else:
                self._field(line)

    def _add_data(self, value: bytes) -> None:
        self._size += len(value) + 1
        if self._size > self._limit:
            raise _Overflow
        self._data.append(value)

    def _blank(self, out: list[SSEItem]) -> None:
        if self._data:
            out.append(self._dispatch())
        else:
            self._event = b""

    def _dispatch(self) -> SSEEvent:
        data = self._data
        raw = data[0] if len(data) == 1 else b"\n".join(data)
        event_type = _text(self._event) if self._event else "message"
        event = _event(_text(raw), event_type, self._id, self._retry)
        data.clear()
        self._size = 0
        self._event = b""
        self._retry = None
        return event

    def _field(self, line: bytes) -> None:
        name, _, value = line.partition(b":")
        if value[:1] == b" ":
            value = value[1:]
        if name == b"data":
            self._add_data(value)
        elif name == b"event":
            self._event = value
        elif name == b"id":
            if b"\0" not in value:
                self._id = _text(value)
        elif name == b"retry" and value.isdigit():  # bytes.isdigit() is ASCII digits only
            self._retry = int(value)
