"""The background tasks of one screen: started through it, ended with it, failures told once."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Coroutine
from typing import Any

Failed = Callable[[str, BaseException], None]


class ScreenTasks:
    """Tasks that belong to one screen's lifetime.

    A bare ``asyncio.create_task`` outlives the screen that started it and drops its
    exception on the floor; these are cancelled and awaited when the screen goes (so a
    stream's partial answer is stored before the screen is gone), and any failure that
    escapes one reaches ``on_failure`` with the task's name.
    """

    def __init__(self, on_failure: Failed) -> None:
        self._on_failure = on_failure
        self._tasks: set[asyncio.Task[Any]] = set()
        self._closed = False

    @property
    def running(self) -> int:
        """How many tasks are still running."""
        return sum(not task.done() for task in self._tasks)

    def spawn(self, coroutine: Coroutine[Any, Any, Any], *, name: str) -> asyncio.Task[Any]:
        """Run ``coroutine`` as one of this screen's tasks."""
        if self._closed:
            coroutine.close()
            raise RuntimeError(f"{name}: the screen's tasks are closed")
        task = asyncio.create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            self._on_failure(task.get_name(), error)

    async def close(self, reason: str | None = None, grace: float = 5.0) -> None:
        """Wait up to ``grace`` seconds for what still runs, then cancel it; no new tasks after.

        Owners ask their tasks to stop first (a turn stops through its phase, which knows
        when a cancel would cut a store write short); this is the backstop.
        """
        self._closed = True
        pending = [task for task in self._tasks if not task.done()]
        if not pending:
            return
        _, late = await asyncio.wait(pending, timeout=grace)
        for task in late:
            task.cancel(reason)
        for task in late:
            with contextlib.suppress(asyncio.CancelledError):
                await task
