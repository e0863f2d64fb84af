"""The whole chunks of a chunked HTTP/1.1 body that one network read brought, as one chunk.

A streamed answer is sent one token per chunk: without this, the HTTP layer hands over each
chunk of a gathered read as its own piece, and every piece makes the same trip through the
HTTP stack, the SSE decoder and every reader of the stream. Joined, a read is one piece.
"""

from __future__ import annotations

import re

__all__ = ["ChunkJoiner"]

_HEAD_LIMIT = 64 * 1024  # past this a response head is not ours to follow: pass it on as is
_LINE_LIMIT = 1024  # a chunk-size line longer than this is left for the HTTP layer to judge
_STATUS = re.compile(rb"HTTP/1\.[01] (\d{3})")
_CHUNKED = re.compile(rb"(?im)^transfer-encoding:[^\r\n]*\bchunked[ \t]*\r?$")
_SIZE = re.compile(rb"[0-9a-fA-F]{1,16}")


class ChunkJoiner:
    """Follows one connection's responses from the request on and rewrites each read so the
    whole chunks of a chunked body in it become one chunk (extensions dropped: nothing reads
    them). Only framing it has checked is changed; anything it does not follow (another
    framing, a malformed size, trailers, an over-long head) passes on byte for byte until the
    next request, for the HTTP layer to read or reject as ever.
    """

    __slots__ = ("_head", "_left", "_line", "_state")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """A request went out: its response begins with the next byte read."""
        self._state = "head"  # head | chunks | raw
        self._head = bytearray()  # the response head so far
        self._left = 0  # bytes of a chunk (with its CRLF) that began in an earlier read
        self._line = b""  # an unfinished chunk-size line, held for the next read

    def feed(self, data: bytes) -> bytes:
        """What the HTTP layer gets for ``data`` (b"" at the end of the connection).

        Can be empty for non-empty ``data``: a chunk-size line cut short is held until its end
        comes (read again); at the end of the connection it is let go as it was.
        """
        if not data:
            held, self._line = self._line, b""
            self._state = "raw"
            return held
        if self._state == "raw":
            return data
        if self._state == "head":
            return self._after_head(data)
        return self._chunks(data)

    def _after_head(self, data: bytes) -> bytes:
        self._head += data
        while True:
            end = self._head.find(b"\r\n\r\n")
            if end < 0:
                if len(self._head) > _HEAD_LIMIT:
                    self._state = "raw"
                return data
            head, rest = bytes(self._head[: end + 4]), bytes(self._head[end + 4 :])
            status = _STATUS.match(head)
            code = int(status.group(1)) if status else 0
            if 100 <= code < 200 and code != 101:  # an interim response: the real one follows
                self._head = bytearray(rest)
                continue
            chunked = code >= 200 and code not in (204, 304) and _CHUNKED.search(head)
            self._state = "chunks" if chunked else "raw"
            self._head = bytearray()
            # The head's end was not in an earlier read (it would have been found): the
            # body begins in this one.
            cut = len(data) - len(rest)
            return data[:cut] + (self._chunks(rest) if chunked and rest else rest)

    def _chunks(self, data: bytes) -> bytes:
        out = bytearray()
        at = 0
        if self._left:  # the rest of a chunk begun in an earlier read: as it is
            at = min(self._left, len(data))
            out += data[:at]
            self._left -= at
            if self._left:
                return bytes(out)
        if self._line:
            data, at = self._line + data[at:], 0
            self._line = b""
        joined: list[bytes] = []
        while True:
            eol = data.find(b"\r\n", at)
            if eol < 0:
                if len(data) - at > _LINE_LIMIT:
                    return self._give_up(out, joined, data, at)
                self._line = data[at:]
                break
            size_text = data[at:eol].split(b";", 1)[0].strip(b" \t")
            if not _SIZE.fullmatch(size_text):
                return self._give_up(out, joined, data, at)
            size = int(size_text, 16)
            start = eol + 2
            end = start + size
            if size == 0:  # the last chunk: the trailers and the end pass on as they are
                return self._give_up(out, joined, data, at)
            if end + 2 > len(data):  # a chunk that ends in a later read: as it is
                _join(out, joined)
                out += memoryview(data)[at:]
                self._left = end + 2 - len(data)
                return bytes(out)
            if data[end : end + 2] != b"\r\n":
                return self._give_up(out, joined, data, at)
            joined.append(data[start:end])
            at = end + 2
        _join(out, joined)
        return bytes(out)

    def _give_up(self, out: bytearray, joined: list[bytes], data: bytes, at: int) -> bytes:
        """From ``at`` on, the bytes go on as they came (the end, or framing not followed)."""
        _join(out, joined)
        out += memoryview(data)[at:]
        self._state = "raw"
        return bytes(out)


def _join(out: bytearray, joined: list[bytes]) -> None:
    if joined:
        payload = b"".join(joined)
        out += b"%x\r\n" % len(payload)
        out += payload
        out += b"\r\n"
        joined.clear()
