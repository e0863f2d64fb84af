"""The client's sockets gather a stream's small pieces into fewer reads, and only then."""

from __future__ import annotations

import asyncio
from contextlib import aclosing

import httpcore
import httpx
import pytest

from tui.api import gathering
from tui.api.client import OpenAICompatibleClient
from tui.api.events import ContentDelta, StreamEnded
from tui.api.gathering import GATHER_BELOW, GatheringStream, GatheringTransport
from tui.api.types import ChatMessage, ChatRequest
from tui.api.wire import shared_ssl_context


class Waits:
    """Stands in for asyncio.sleep in the gathering module: records each wait, sleeps none."""

    def __init__(self) -> None:
        self.seconds: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.seconds.append(seconds)


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> Waits:
    recorded = Waits()
    monkeypatch.setattr(gathering.asyncio, "sleep", recorded)
    return recorded


def socket_of(*reads: bytes, gather: float = 0.05) -> GatheringStream:
    stream = GatheringStream(httpcore.AsyncMockStream(list(reads)))
    stream.gather = gather
    return stream


async def test_a_read_after_a_small_one_waits_for_more_to_gather(waits: Waits) -> None:
    socket = socket_of(b"data: 1\n\n", b"data: 2\n\ndata: 3\n\n")
    assert await socket.read(65536) == b"data: 1\n\n"
    assert waits.seconds == []  # the first read never waits
    assert await socket.read(65536) == b"data: 2\n\ndata: 3\n\n"
    assert len(waits.seconds) == 1 and 0 < waits.seconds[0] <= 0.05


async def test_a_bulk_read_is_followed_at_once(waits: Waits) -> None:
    socket = socket_of(b"x" * GATHER_BELOW, b"y")
    await socket.read(65536)
    await socket.read(65536)
    assert waits.seconds == []


async def test_without_gathering_no_read_waits(waits: Waits) -> None:
    socket = socket_of(b"a", b"b", b"c", gather=0.0)
    for _ in range(3):
        await socket.read(65536)
    assert waits.seconds == []


async def test_a_request_sent_ends_the_gathering(waits: Waits) -> None:
    socket = socket_of(b"a", b"b")
    await socket.read(65536)
    await socket.write(b"GET / HTTP/1.1\r\n\r\n")
    assert socket.gather == 0.0
    await socket.read(65536)
    assert waits.seconds == []  # the next reply's head is read as soon as it comes


async def test_cancelling_a_gathering_wait_ends_the_read_at_once() -> None:
    socket = socket_of(b"a", b"b", gather=30.0)
    await socket.read(65536)
    task = asyncio.ensure_future(socket.read(65536))
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, timeout=2)  # not 30 s


async def test_a_tls_upgrade_keeps_the_socket_gathering() -> None:
    class Upgradable(httpcore.AsyncMockStream):
        async def start_tls(self, *args: object, **kwargs: object) -> httpcore.AsyncNetworkStream:
            return httpcore.AsyncMockStream([b"secret"])

    upgraded = await GatheringStream(Upgradable([])).start_tls(shared_ssl_context())
    assert isinstance(upgraded, GatheringStream)
    assert await upgraded.read(10) == b"secret"


async def test_a_streamed_answer_gathers_on_its_socket_and_stops_at_its_end(simulator) -> None:
    sockets: list[GatheringStream] = []

    class Watching(GatheringTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            response = await super().handle_async_request(request)
            sockets.append(response.extensions["network_stream"])
            return response

    transport = Watching(shared_ssl_context())
    request = ChatRequest("sim/long:tokens=60,tps=2000", (ChatMessage("user", "hi"),))
    texts, gathering_while_streaming = [], []
    client = OpenAICompatibleClient(simulator.base_url, transport=transport)
    async with client, aclosing(client.stream_chat(request)) as events:
        async for event in events:
            if isinstance(event, ContentDelta):
                texts += [event.text] * event.pieces  # a read's deltas come joined
                gathering_while_streaming.append(sockets[-1].gather > 0)
            last = event
    assert isinstance(last, StreamEnded)
    assert len(texts) == 60 and all(gathering_while_streaming)
    assert sockets[-1].gather == 0.0  # the pooled socket no longer gathers


async def test_transport_failures_are_httpx_errors() -> None:
    transport = GatheringTransport(shared_ssl_context())
    async with httpx.AsyncClient(transport=transport) as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("http://127.0.0.1:9/")  # the discard port: nothing listens
