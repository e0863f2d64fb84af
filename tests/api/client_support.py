"""Helpers for the client tests: fake transports, a recording sleep, event collection, a
stream consumed in a task."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import aclosing
from typing import Any

import httpx

from tui.api.client import OpenAICompatibleClient, RetryPolicy, Timeouts
from tui.api.events import ContentDelta, StreamEvent
from tui.api.types import ChatRequest

BASE_URL = "http://llm.test/api/v1"
SSE_HEADERS = {"content-type": "text/event-stream"}
PACED = "sim/slow:tps=200,tokens=4000"  # a long answer at a steady pace: cut off mid-reply


class RecordingSleep:
    """Stands in for asyncio.sleep: remembers each delay, returns at once."""

    def __init__(self, log: list[Any] | None = None) -> None:
        self.delays: list[float] = []
        self.log = log

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)
        if self.log is not None:
            self.log.append(("sleep", delay))


def sse(*chunks: dict[str, Any] | str) -> bytes:
    """An event-stream body: dicts become ``data:`` JSON events, strings are sent verbatim."""
    out = []
    for chunk in chunks:
        out.append(f"data: {json.dumps(chunk)}\n\n" if isinstance(chunk, dict) else chunk)
    return "".join(out).encode()


def chunk(
    content: str | None = None,
    *,
    finish: str | None = None,
    native: str | None = None,
    model: str = "openai/gpt-4o",
    provider: str | None = "OpenAI",
    **extra: Any,
) -> dict[str, Any]:
    """A ``chat.completion.chunk`` with one choice."""
    delta: dict[str, Any] = {} if content is None else {"content": content}
    body: dict[str, Any] = {
        "id": "gen-1-abc",
        "object": "chat.completion.chunk",
        "model": model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }
    if native is not None:
        body["choices"][0]["native_finish_reason"] = native
    if provider is not None:
        body["provider"] = provider
    body.update(extra)
    return body


async def pieces(parts: Iterable[bytes], error: Exception | None = None) -> AsyncIterator[bytes]:
    """A streamed body delivered part by part, optionally failing at its end."""
    for part in parts:
        yield part
    if error is not None:
        raise error


def mock_client(
    handler: Callable[[httpx.Request], httpx.Response],
    *,
    api_key: str | None = None,
    sleep: RecordingSleep | None = None,
    retry: RetryPolicy = RetryPolicy(),  # noqa: B008
    timeouts: Timeouts = Timeouts(),  # noqa: B008
    base_url: str = BASE_URL,
    **kwargs: Any,
) -> OpenAICompatibleClient:
    return OpenAICompatibleClient(
        base_url,
        api_key=api_key,
        retry=retry,
        timeouts=timeouts,
        sleep=sleep or RecordingSleep(),
        random=lambda: 0.5,
        transport=httpx.MockTransport(handler),
        **kwargs,
    )


def stream_reply(body: bytes | AsyncIterator[bytes], status: int = 200, **headers: str):
    """A handler answering every request with ``body`` as an event stream."""

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers={**SSE_HEADERS, **headers}, content=body)

    return handler


async def collect(stream: AsyncIterator[StreamEvent]) -> list[StreamEvent]:
    async with aclosing(stream) as events:
        return [event async for event in events]


def of_type(events: list[StreamEvent], kind: type) -> list[Any]:
    return [e for e in events if isinstance(e, kind)]


async def consuming(client: OpenAICompatibleClient, request: ChatRequest) -> asyncio.Task[None]:
    """A task reading the stream of ``request`` to its end, handed back once text arrives."""
    streaming = asyncio.Event()

    async def consume() -> None:
        async with aclosing(client.stream_chat(request)) as events:
            async for event in events:
                if isinstance(event, ContentDelta):
                    streaming.set()

    task = asyncio.create_task(consume())
    await streaming.wait()
    return task
