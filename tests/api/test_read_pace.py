"""A streamed answer is read when its reader will next use the text, not sooner."""

from __future__ import annotations

import asyncio
import time

import httpcore
import httpx
import pytest

from tui.api import gathering
from tui.api.gathering import PACE_BELOW, PACE_LIMIT, GatheringStream, wait_to_read
from tui.api.wire import Body


class FakeTime:
    """A clock that only the recorded sleeps move."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeTime:
    clock = FakeTime()
    monkeypatch.setattr(gathering.asyncio, "sleep", clock.sleep)
    return clock


async def test_the_wait_lasts_until_the_reader_next_uses_the_text(fake: FakeTime) -> None:
    await wait_to_read(fake.now + 0.1, lambda: 100.25, clock=fake)
    assert fake.now == pytest.approx(100.25)


async def test_a_reader_due_sooner_does_not_shorten_the_wait(fake: FakeTime) -> None:
    await wait_to_read(fake.now + 0.1, lambda: 50.0, clock=fake)
    assert fake.now == pytest.approx(100.1)


async def test_the_readers_pace_is_asked_again_after_each_sleep(fake: FakeTime) -> None:
    # The reader redraws meanwhile: its next use moves later while the socket waits.
    answers = iter([100.05, 100.3, 100.3])
    await wait_to_read(fake.now + 0.1, lambda: next(answers), clock=fake)
    assert fake.now == pytest.approx(100.3)
    assert len(fake.sleeps) == 2


async def test_a_far_pace_holds_the_read_back_only_so_long(fake: FakeTime) -> None:
    await wait_to_read(fake.now + 0.1, lambda: 10_000.0, clock=fake)
    assert fake.now == pytest.approx(100.1 + PACE_LIMIT)


async def test_without_a_pace_the_wait_is_the_gathering_one(fake: FakeTime) -> None:
    await wait_to_read(fake.now + 0.1, None, clock=fake)
    assert fake.sleeps == [pytest.approx(0.1)]


async def test_a_socket_waits_for_the_readers_pace() -> None:
    socket = GatheringStream(httpcore.AsyncMockStream([b"data: 1\n\n", b"data: 2\n\n"]))
    socket.gather = 0.001
    await socket.read(65536)
    ready = time.monotonic() + 0.05
    socket.pace = lambda: ready
    assert await socket.read(65536) == b"data: 2\n\n"
    assert time.monotonic() >= ready


async def test_a_request_sent_forgets_the_pace() -> None:
    socket = GatheringStream(httpcore.AsyncMockStream([b"a"]))
    socket.gather, socket.pace = 0.05, lambda: 0.0
    await socket.write(b"GET / HTTP/1.1\r\n\r\n")
    assert socket.pace is None and socket.gather == 0.0


class Late(httpx.AsyncByteStream):
    """Two pieces, the first after a wait: the socket was empty, so the next read gathers."""

    async def __aiter__(self):  # type: ignore[no-untyped-def]
        await asyncio.sleep(0.01)
        yield b"data: 1\n\n"
        yield b"data: 2\n\n"


async def test_a_body_on_any_transport_waits_for_the_readers_pace() -> None:
    body = Body(httpx.Response(200, stream=Late()), gather=0.001)
    ready = time.monotonic() + 0.05
    body.pace = lambda: ready
    assert body.pace is not None
    assert await body.next() == b"data: 1\n\n"
    assert await body.next() == b"data: 2\n\n"
    assert time.monotonic() >= ready


async def test_a_stream_faster_than_a_trickle_is_not_held_back_for_the_pace(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    paces: list[object] = []

    async def recorded(due: float, pace: object) -> None:
        paces.append(pace)

    monkeypatch.setattr(gathering, "wait_to_read", recorded)
    socket = GatheringStream(
        httpcore.AsyncMockStream([b"data: 1\n\n", b"y" * (PACE_BELOW // 8), b"data: 3\n\n"])
    )
    socket.gather, socket.pace = 0.05, lambda: 0.0
    for _ in range(3):
        await socket.read(65536)
    # While the reply trickles, the wait is the reader's pace; once it comes faster than
    # PACE_BELOW a second (the sender is fast: held back, it would only wait on us), the
    # gathering wait alone.
    assert paces == [socket.pace, None]
