"""Reading a stream of small, frequent pieces in gathered reads, and bulk bodies at once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest

from tui.api import wire
from tui.api.wire import GATHER_BELOW, Body


class Pieces(httpx.AsyncByteStream):
    """A body whose pieces come after the given waits (0: already there)."""

    def __init__(self, pieces: list[tuple[float, bytes]]) -> None:
        self.pieces = pieces

    async def __aiter__(self) -> AsyncIterator[bytes]:
        for wait, piece in self.pieces:
            if wait:
                await asyncio.sleep(wait)
            yield piece


def body_of(pieces: list[tuple[float, bytes]], gather: float = 0.05) -> Body:
    return Body(httpx.Response(200, stream=Pieces(pieces)), gather=gather)


async def test_a_piece_waited_for_lets_the_next_ones_gather() -> None:
    body = body_of([(0.02, b"data: 1\n\n"), (0, b"data: 2\n\n")])
    assert await body.next() == b"data: 1\n\n"
    assert body._resume_at > 0  # the socket was empty: the next read waits a little


async def test_pieces_already_there_are_handed_over_without_waiting() -> None:
    body = body_of([(0, b"data: 1\n\n"), (0, b"data: 2\n\n"), (0, b"data: 3\n\n")])
    for _ in range(3):
        assert await body.next()
        assert body._resume_at == 0.0
    assert await body.next() is None


async def test_a_bulk_body_is_never_held_back() -> None:
    big = b"x" * GATHER_BELOW
    body = body_of([(0.02, big), (0.02, big)])
    assert await body.next() == big
    assert body._resume_at == 0.0


async def test_without_gathering_nothing_waits() -> None:
    body = body_of([(0.02, b"data: 1\n\n")], gather=0.0)
    assert await body.next() == b"data: 1\n\n"
    assert body._resume_at == 0.0


async def test_the_gathered_pieces_all_arrive_in_order() -> None:
    pieces = [(0.005 * (i % 2), f"data: {i}\n\n".encode()) for i in range(20)]
    body = body_of(pieces, gather=0.01)
    got = []
    while (chunk := await body.next()) is not None:
        got.append(chunk)
    assert got == [piece for _, piece in pieces]


async def test_draining_the_end_does_not_wait() -> None:
    body = body_of([(0.02, b"data: [DONE]\n\n"), (0, b"\n")], gather=30.0)
    await body.next()
    assert body._resume_at > 0
    await asyncio.wait_for(body.drain(1.0, 1024), timeout=5)  # not 30 s
    assert body.gather == 0.0


async def test_cancelling_a_gathering_wait_ends_the_read_at_once() -> None:
    body = body_of([(0.02, b"data: 1\n\n"), (0, b"data: 2\n\n")], gather=30.0)
    await body.next()
    task = asyncio.ensure_future(body.next())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, timeout=5)


def test_the_threshold_tells_a_network_wait_from_a_handover() -> None:
    assert 0 < wire._WAITED < wire.GATHER_SECONDS
