"""Reading response bodies: bounded, incrementally, and telling an event stream from JSON."""

from __future__ import annotations

import asyncio
import functools
import ssl
from typing import Literal

import httpx

__all__ = ["ERROR_BODY_LIMIT", "Body", "read_error_body", "shared_ssl_context"]

ERROR_BODY_LIMIT = 64 * 1024
_SSE_STARTS = (b":", b"data:", b"event:", b"id:", b"retry:")


class Body:
    """A response body read chunk by chunk, able to look at its opening bytes first."""

    __slots__ = ("_chunks", "_pending", "response")

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        self._chunks = response.aiter_bytes()
        self._pending: bytes | None = None

    async def next(self) -> bytes | None:
        """The next chunk of bytes, or None at the end of the body."""
        if self._pending is not None:
            chunk, self._pending = self._pending, None
            return chunk
        try:
            return await anext(self._chunks)
        except StopAsyncIteration:
            return None

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
        try:
            async with asyncio.timeout(seconds):
                await self.read_all(limit)
        except (httpx.HTTPError, TimeoutError):
            pass

    async def aclose(self) -> None:
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
