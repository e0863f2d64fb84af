"""An HTTP transport whose sockets can gather a stream's small pieces into fewer reads.

A streamed answer arrives as one small write per token. Read as it comes, each token costs a
wake-up of the process, a trip through the HTTP stack and the event loop, whatever it holds.
A socket asked to gather waits, before a read that follows a recent small one, until the
pieces sent meanwhile can arrive in one read: one wake-up per ``gather`` seconds at most.

Built on httpcore's public interfaces only (connection pool, network backend and stream);
the response's ``network_stream`` extension is how a reader finds the socket to ask.
"""

# The methods take httpcore's own timeout arguments: its interface, not ours to change.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import ssl
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from typing import Any

import httpcore
import httpx

from tui.api.rechunk import ChunkJoiner

__all__ = [
    "GATHER_BELOW",
    "PACE_LIMIT",
    "ArrivalRate",
    "GatheringStream",
    "GatheringTransport",
    "ReadPace",
]

GATHER_BELOW = 16 * 1024
"""Only reads smaller than this are followed by a gathering wait: a bulk body is read as fast
as it comes."""

ReadPace = Callable[[], float]
"""When the reader of a stream will next use what it reads (a ``time.monotonic`` time): a
screen shows streamed text only at its next redraw, so reading sooner only costs a wake-up."""

PACE_LIMIT = 0.4
"""Seconds a gathering wait may be drawn out past its own end to meet the reader's pace."""

PACE_BELOW = 64 * 1024
"""Bytes a second: only a stream slower than this waits for the reader's pace, one that
trickles (a hundred tokens a second is about 16 KB a second). A faster one is read at the
gathering pace, as it comes: held back, it would only wait on its sender."""


class ArrivalRate:
    """How fast a reply's bytes arrive: whether it trickles, slower than :data:`PACE_BELOW`."""

    __slots__ = ("_received", "_since")

    def __init__(self) -> None:
        self._since = 0.0  # when the first bytes arrived
        self._received = 0  # bytes since then

    def count(self, size: int) -> None:
        """``size`` bytes just arrived."""
        if not self._since:
            self._since = time.monotonic()
        self._received += size

    def trickles(self) -> bool:
        """Whether the reply comes slower than :data:`PACE_BELOW` (over 0.1 s at least)."""
        elapsed = time.monotonic() - self._since
        return self._received < PACE_BELOW * max(elapsed, 0.1)

    def pace(self, pace: ReadPace | None) -> ReadPace | None:
        """``pace`` while the reply trickles, else None (it is read as it comes)."""
        return pace if pace is not None and self.trickles() else None


async def wait_to_read(
    due: float, pace: ReadPace | None, clock: Callable[[], float] = time.monotonic
) -> None:
    """Wait until ``due``, and on to the reader's next use of the text if that comes later
    (at most :data:`PACE_LIMIT` more). A wait, not a read: a cancel ends it at once."""
    limit = due + PACE_LIMIT
    while True:
        if pace is not None:
            # Asked again after each sleep: the reader's next use moves as it redraws.
            due = max(due, min(pace(), limit))
        wait = due - clock()
        if wait <= 0:
            return
        await asyncio.sleep(wait)
        if pace is None:
            return


# Most specific first: the first match names the error.
_ERRORS: tuple[tuple[type[Exception], type[httpx.HTTPError]], ...] = (
    (httpcore.ConnectTimeout, httpx.ConnectTimeout),
    (httpcore.ReadTimeout, httpx.ReadTimeout),
    (httpcore.WriteTimeout, httpx.WriteTimeout),
    (httpcore.PoolTimeout, httpx.PoolTimeout),
    (httpcore.TimeoutException, httpx.TimeoutException),
    (httpcore.ConnectError, httpx.ConnectError),
    (httpcore.ReadError, httpx.ReadError),
    (httpcore.WriteError, httpx.WriteError),
    (httpcore.NetworkError, httpx.NetworkError),
    (httpcore.ProxyError, httpx.ProxyError),
    (httpcore.UnsupportedProtocol, httpx.UnsupportedProtocol),
    (httpcore.LocalProtocolError, httpx.LocalProtocolError),
    (httpcore.RemoteProtocolError, httpx.RemoteProtocolError),
    (httpcore.ProtocolError, httpx.ProtocolError),
)


@contextlib.contextmanager
def _httpx_errors() -> Iterator[None]:
    """httpcore's errors as the httpx errors that callers catch (as httpx's transport does)."""
    try:
        yield
    except Exception as exc:
        for source, target in _ERRORS:
            if isinstance(exc, source):
                raise target(str(exc)) from exc
        raise


class GatheringStream(httpcore.AsyncNetworkStream):
    """A socket that, while ``gather`` is set, reads at most once per ``gather`` seconds as
    long as its reads stay small."""

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream
        self.gather = 0.0
        """Seconds; 0 never waits. Set by the reader of a streamed body, for that body."""
        self.pace: ReadPace | None = None
        """When the reader next uses what it reads: a gathering wait lasts until then."""
        self._last_small = 0.0  # when the last small read returned (0: none to follow)
        self._rate = ArrivalRate()
        self._joiner = ChunkJoiner()

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        if self._last_small and self.gather:
            # The read timeout (silence) counts from the read after the wait.
            await wait_to_read(self._last_small + self.gather, self._rate.pace(self.pace))
        data = await self._stream.read(max_bytes, timeout)
        joined = self._joiner.feed(data)
        while not joined and data:  # only part of a chunk's size line came: its end follows
            data = await self._stream.read(max_bytes, timeout)
            joined = self._joiner.feed(data)
        small = self.gather and 0 < len(data) < GATHER_BELOW
        self._rate.count(len(data))
        self._last_small = time.monotonic() if small else 0.0
        return joined

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        # A request goes out: its reply is read at once, whatever the last reply did.
        self._last_small, self.gather, self.pace = 0.0, 0.0, None
        self._rate = ArrivalRate()
        self._joiner.reset()
        await self._stream.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        return GatheringStream(await self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class _GatheringBackend(httpcore.AsyncNetworkBackend):
    """httpcore's own backend, its sockets wrapped in :class:`GatheringStream`."""

    def __init__(self) -> None:
        self._backend = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._backend.connect_tcp(host, port, timeout, local_address, socket_options)
        return GatheringStream(stream)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._backend.connect_unix_socket(path, timeout, socket_options)
        return GatheringStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._backend.sleep(seconds)


class _ResponseStream(httpx.AsyncByteStream):
    def __init__(self, stream: Any) -> None:
        self._stream = stream

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with _httpx_errors():
            async for part in self._stream:
                yield part

    async def aclose(self) -> None:
        with _httpx_errors():
            await self._stream.aclose()


class GatheringTransport(httpx.AsyncBaseTransport):
    """HTTP/1.1 over a connection pool of gathering sockets, as httpx's default transport."""

    def __init__(self, ssl_context: ssl.SSLContext, limits: httpx.Limits | None = None) -> None:
        limits = limits or httpx.Limits(
            max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0
        )
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GatheringBackend(),
        )

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        core_request = httpcore.Request(
            method=request.method,
            url=httpcore.URL(
                scheme=url.raw_scheme, host=url.raw_host, port=url.port, target=url.raw_path
            ),
            headers=request.headers.raw,
            content=request.stream,  # type: ignore[arg-type]
            extensions=request.extensions,
        )
        with _httpx_errors():
            response = await self._pool.handle_async_request(core_request)
        return httpx.Response(
            status_code=response.status,
            headers=response.headers,
            stream=_ResponseStream(response.stream),
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self._pool.aclose()
