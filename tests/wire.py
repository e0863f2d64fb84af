"""A pass-through HTTP transport that logs, in order, each request sent, answered and closed.

Tests assert on the order of these events (the socket closed before the cancelled task
ended; every column's request went out before any answer came back) rather than on how
many milliseconds passed, which a loaded machine cannot promise.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable

import httpx

from tui.api.gathering import GatheringTransport
from tui.api.wire import shared_ssl_context

SENT, ANSWERED, CLOSED = "sent", "answered", "closed"


class WireLog(httpx.AsyncBaseTransport):
    """Wraps a real transport; ``events`` lists ``(kind, label)`` as they happened.

    The label of a request is the model it asks for, else its path. ``closed`` is logged
    once the response is closed; a response closed before its end closes its socket.
    """

    def __init__(self, inner: httpx.AsyncBaseTransport | None = None) -> None:
        # The client's own transport by default, so the tests read through what users run.
        self.inner = inner or GatheringTransport(shared_ssl_context())
        self.events: list[tuple[str, str]] = []

    def mark(self, name: str) -> None:
        """Put the test's own event in the log (``("mark", name)``)."""
        self.events.append(("mark", name))

    def since(self, name: str) -> list[tuple[str, str]]:
        """The events logged after the mark ``name``."""
        return self.events[self.events.index(("mark", name)) + 1 :]

    def between(self, first: str, last: str) -> list[tuple[str, str]]:
        """The events logged after the mark ``first`` and before the mark ``last``."""
        since = self.since(first)
        return since[: since.index(("mark", last))]

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        label = _label(request)
        self.events.append((SENT, label))
        response = await self.inner.handle_async_request(request)
        self.events.append((ANSWERED, label))
        stream = _LoggedStream(response.stream, lambda: self.events.append((CLOSED, label)))
        return httpx.Response(
            status_code=response.status_code,
            headers=response.headers,
            stream=stream,
            extensions=response.extensions,
        )

    async def aclose(self) -> None:
        await self.inner.aclose()


class _LoggedStream(httpx.AsyncByteStream):
    def __init__(self, inner: httpx.AsyncByteStream, on_close: Callable[[], None]) -> None:
        self._inner = inner
        self._on_close = on_close

    async def __aiter__(self) -> AsyncIterator[bytes]:
        async for part in self._inner:
            yield part

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        finally:
            self._on_close()


def _label(request: httpx.Request) -> str:
    try:
        body = json.loads(request.content or b"null")
    except (ValueError, httpx.RequestNotRead):
        body = None
    if isinstance(body, dict) and isinstance(body.get("model"), str):
        return body["model"]
    return request.url.path
