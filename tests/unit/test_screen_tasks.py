"""A screen's tasks end with it and tell their failures in one place."""

from __future__ import annotations

import asyncio

import pytest

from tui.controllers.tasks import ScreenTasks


async def test_a_failure_reaches_the_one_handler_with_the_tasks_name():
    failures: list[tuple[str, BaseException]] = []
    tasks = ScreenTasks(lambda name, error: failures.append((name, error)))

    async def broken() -> None:
        raise ValueError("bad chunk")

    task = tasks.spawn(broken(), name="turn openai/gpt-4o")
    with pytest.raises(ValueError):
        await task
    await asyncio.sleep(0)  # done callbacks run on the next loop step
    assert [(name, str(error)) for name, error in failures] == [("turn openai/gpt-4o", "bad chunk")]
    assert tasks.running == 0


async def test_close_lets_a_task_finish_its_ending_within_the_grace():
    tasks = ScreenTasks(lambda name, error: None)
    stored: list[str] = []
    asked = asyncio.Event()

    async def turn() -> None:
        await asked.wait()
        await asyncio.sleep(0.01)  # the partial answer being stored
        stored.append("interrupted")

    tasks.spawn(turn(), name="turn")
    asked.set()
    await tasks.close("interrupted", grace=10)
    assert stored == ["interrupted"]


async def test_close_cancels_what_outlives_the_grace_and_passes_the_reason():
    tasks = ScreenTasks(lambda name, error: None)
    reasons: list[tuple[object, ...]] = []

    async def stuck() -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError as exc:
            reasons.append(exc.args)
            raise

    task = tasks.spawn(stuck(), name="stuck")
    await asyncio.sleep(0)
    await tasks.close("interrupted", grace=0.01)
    assert task.cancelled()
    assert reasons == [("interrupted",)]


async def test_nothing_starts_on_a_closed_screen():
    tasks = ScreenTasks(lambda name, error: None)
    await tasks.close()
    ran: list[bool] = []

    async def late() -> None:
        ran.append(True)

    with pytest.raises(RuntimeError, match="late"):
        tasks.spawn(late(), name="late")
    await asyncio.sleep(0)
    assert ran == []
