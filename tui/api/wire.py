"""Reading response bodies: bounded, incrementally, and telling an event stream from JSON."""

from __future__ import annotations

import asyncio
import functools
import ssl
import time
from typing import Literal

import httpx

from tui.api.gathering import (
    GATHER_BELOW,
    ArrivalRate,
    GatheringStream,
    ReadPace,
    wait_to_read,
)

__all__ = ["ERROR_BODY_LIMIT", "Body", "read_error_body", "shared_ssl_context"]

ERROR_BODY_LIMIT = 64 * 1024
_SSE_STARTS = (b":", b"data:", b"event:", b"id:", b"retry:")

GATHER_SECONDS = 0.1
"""A stream that sends small pieces more often than this is read at most this often: the
pieces that come meanwhile wait in the socket and arrive in one read. Every read costs the
same trip through the HTTP stack and the event loop whatever it holds (at 100 tokens a
second, reading every 40 ms rather than every 100 took half of the app's CPU left over from
drawing), and a screen shows a streaming answer only a few times a second anyway, so the
text a read brings waits for a redraw longer than for the read."""
_WAITED = 0.003  # a read that took longer waited for the network, not for the HTTP layer


class Body:
    """A response body read chunk by chunk, able to look at its opening bytes first."""

    __slots__ = (
        "_chunks",
        "_gather",
        "_pace",
        "_pending",
        "_rate",
        "_resume_at",
        "_socket",
        "response",
    )

    def __init__(self, response: httpx.Response, gather: float = 0.0) -> None:
        self.response = response
        socket = response.extensions.get("network_stream")
        # A gathering socket gathers whole network reads; any other, chunk by chunk here.
        self._socket = socket if isinstance(socket, GatheringStream) else None
        self._chunks = response.aiter_bytes()
        self._pending: bytes | None = None
        self._resume_at = 0.0
        self._gather = 0.0
        self._pace: ReadPace | None = None
        self._rate = ArrivalRate()
        self.gather = gather

    @property
    def gather(self) -> float:
        """Seconds: read a stream of small, frequent chunks at most this often (0: never wait)."""
        return self._gather

    @gather.setter
    def gather(self, seconds: float) -> None:
        if self._socket is not None:
            self._socket.gather = seconds
        else:
            self._gather = seconds

    @property
    def pace(self) -> ReadPace | None:
        """When the reader will next use what it reads: a gathering wait lasts until then."""
        return self._socket.pace if self._socket is not None else self._pace

    @pace.setter
    def pace(self, pace: ReadPace | None) -> None:
        if self._socket is not None:
            self._socket.pace = pace
        else:
            self._pace = pace

    async def next(self) -> bytes | None:
        """The next chunk of bytes, or None at the end of the body."""
        if self._pending is not None:
            chunk, self._pending = self._pending, None
            return chunk
        if self._resume_at:
            # The read timeout (silence) counts from the read after the wait.
            await wait_to_read(self._resume_at, self._rate.pace(self._pace))
        started = time.monotonic()
        try:
            chunk = await anext(self._chunks)
        except StopAsyncIteration:
            return None
        if self._gather:
            # The HTTP layer hands over what one network read brought piece by piece, at
            # once; a piece that had to be waited for means that is all there was. Then
            # let the next pieces gather in the socket rather than wake up for each.
            now = time.monotonic()
            waited = now - started > _WAITED and len(chunk) < GATHER_BELOW
            self._rate.count(len(chunk))
            self._resume_at = now + self.gather if waited else 0.0
        return chunk

    async def sniff(self) -> Literal["sse", "json", "other"]:
        """What the body is: servers label streams loosely, so look at the bytes themselves."""
        content_type = self.response.headers.get("content-type", "").lower()
        if "event-stream" in content_type:
            return "sse"
        head = b""
        # Bounded: a body of nothing but blank lines is a (silent) event stream, not a reason
        # to buffer without end.
        while not head.strip() and len(head) < ERROR_BODY_LIMIT:
            chunk = await self.next()
            if chunk is None:
                break
            head += chunk
        if head:
            self._pending = head
        start = head.lstrip().removeprefix(b"\xef\xbb\xbf")
        if start[:1] in (b"{", b"["):
            return "json"
        if not start or start.startswith(_SSE_STARTS):
            return "sse"
        return "other"

    async def read_all(self, limit: int) -> bytes:
        """The rest of the body, at most about ``limit`` bytes."""
        parts: list[bytes] = []
        size = 0
        while size < limit and (chunk := await self.next()) is not None:
            parts.append(chunk)
            size += len(chunk)
        return b"".join(parts)

    async def drain(self, seconds: float, limit: int) -> None:
        """Read what is left, if it comes quickly and is small; errors do not matter now."""
        self.gather = self._resume_at = 0.0  # the end is due now: no waiting for more
        try:
            async with asyncio.timeout(seconds):
                await self.read_all(limit)
        except (httpx.HTTPError, TimeoutError):
            pass

    async def aclose(self) -> None:
        self.gather = 0.0
        await self._chunks.aclose()


async def read_error_body(response: httpx.Response) -> bytes:
    """As much of an error reply as arrives (at most ``ERROR_BODY_LIMIT`` bytes)."""
    body = Body(response)
    try:
        return await body.read_all(ERROR_BODY_LIMIT)
    except httpx.HTTPError:
        return b""
    finally:
        await body.aclose()


@functools.cache
def shared_ssl_context() -> ssl.SSLContext:
    """One TLS context per process: loading the CA bundle takes ~50 ms, which every client
    (and every test) would pay again."""
    return httpx.create_ssl_context()
