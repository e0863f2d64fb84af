"""A comparison's start line lets every column go together and leaves no timeout behind."""

from __future__ import annotations

import asyncio

from tui.controllers.start_line import StartLine


async def test_every_lane_goes_once_all_have_arrived_and_no_timeout_is_left():
    line = StartLine([0, 1])
    first = asyncio.create_task(line.wait(0))
    await asyncio.sleep(0)
    assert line.timing and not first.done()
    await line.wait(1)
    await first
    assert not line.timing


async def test_a_lane_that_ends_is_not_waited_for():
    line = StartLine([0, 1])
    first = asyncio.create_task(line.wait(0))
    await asyncio.sleep(0)
    line.withdraw(1)
    await asyncio.wait_for(first, timeout=1)
    assert not line.timing


async def test_closing_cancels_the_timeout_and_lets_the_waiters_through():
    line = StartLine([0, 1, 2])
    waiting = asyncio.create_task(line.wait(0))
    answering = asyncio.create_task(line.responded(0))
    await asyncio.sleep(0)
    assert line.timing
    line.close()
    await asyncio.wait_for(asyncio.gather(waiting, answering), timeout=1)
    assert not line.timing
    await line.wait(1)  # a late arrival passes and starts no new timeout
    assert not line.timing
