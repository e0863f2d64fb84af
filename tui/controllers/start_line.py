"""A comparison's start line: every column's request leaves together, answers start together."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

GATE_TIMEOUT = 2.0
"""Seconds a column waits at most for the others before its request leaves anyway."""
ANSWER_HOLD = 0.05
"""Seconds at most a column's answer waits for the other requests to be out."""


class StartLine:
    """Sends every column's request at the same moment, and lets their answers start together.

    Each column's turn stores its rows first (the store takes writes in turn); the request
    waits in :meth:`wait` until every column is ready, so none leaves after the others'
    writes. Then a column whose answer starts first waits in :meth:`responded` until every
    request is out, so drawing a fast answer does not hold the others' sending up. A column
    that ends is withdrawn, and nothing waits past a timeout, so a column that cannot start
    never holds the others back for long.
    """

    def __init__(
        self,
        lanes: Iterable[int],
        *,
        release: Callable[[Callable[[], object]], object] | None = None,
    ) -> None:
        expected = set(lanes)
        self._ready = _Barrier(expected, GATE_TIMEOUT, release)
        self._answering = _Barrier(set(expected), ANSWER_HOLD, None)

    async def wait(self, lane: int) -> None:
        """Return when every column is ready to send."""
        await self._ready.arrive(lane)

    async def responded(self, lane: int) -> None:
        """Return when every column has an answer under way (or has ended)."""
        await self._answering.arrive(lane)

    def withdraw(self, lane: int) -> None:
        """The column ended: nobody waits for it any more."""
        self._ready.withdraw(lane)
        self._answering.withdraw(lane)

    @property
    def timing(self) -> bool:
        """A timeout is still pending (it ends when the line opens or is closed)."""
        return self._ready.timing or self._answering.timing

    def close(self) -> None:
        """The screen goes: cancel the timeouts and let anyone still waiting through."""
        self._ready.close()
        self._answering.close()


class _Barrier:
    """Opens when every expected lane has arrived or withdrawn, or ``timeout`` seconds
    after the first arrival; ``release`` (e.g. after the next screen refresh) opens it."""

    def __init__(
        self,
        expected: set[int],
        timeout: float,
        release: Callable[[Callable[[], object]], object] | None,
    ) -> None:
        self._expected = expected
        self._arrived: set[int] = set()
        self._timeout = timeout
        self._release = release
        self._go = asyncio.Event()  # one event wakes every waiter in the same loop turn
        self._timer: asyncio.TimerHandle | None = None
        self._opening = False

    @property
    def timing(self) -> bool:
        return self._timer is not None

    async def arrive(self, lane: int) -> None:
        self._arrived.add(lane)
        self._check()
        if self._timer is None and not self._opening:
            self._timer = asyncio.get_running_loop().call_later(self._timeout, self._timed_out)
        await self._go.wait()

    def withdraw(self, lane: int) -> None:
        self._expected.discard(lane)
        self._check()

    def close(self) -> None:
        self._opening = True
        self._stop_timer()
        self._go.set()

    def _timed_out(self) -> None:
        self._timer = None
        self._opening = True  # open for good: a late arrival starts no second timeout
        self._go.set()

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _check(self) -> None:
        if self._opening or not self._expected <= self._arrived:
            return
        self._opening = True
        self._stop_timer()
        if self._release is None:
            self._go.set()
        else:
            self._release(self._go.set)
