"""When transcripts may next redraw growing messages: paced by what redrawing costs."""

from __future__ import annotations

import time
from collections.abc import Callable
from time import thread_time
from typing import TYPE_CHECKING, Protocol
from weakref import WeakKeyDictionary, ref

if TYPE_CHECKING:
    from textual.app import App

MIN_INTERVAL = 0.05
"""Never redraw a growing message more often than this (seconds)."""

MAX_INTERVAL = 0.5
"""Nor less often than this, however dear redrawing is: text that stood still for longer
would look stuck (on a slow machine the share below gives way to it)."""

DRAW_SHARE = 0.015
"""The share of one core that redrawing growing answers may take. After an update that cost
``c`` CPU seconds, the next waits ``c / DRAW_SHARE``: cheap updates come often, dear ones (a
long code block in the tail, a big terminal, three columns, a slow machine) less often, and
the share stays the same whatever the answer, the terminal or the machine. At 1.5 %, a
4,000-token answer at 100 tokens a second in a 120x40 terminal is redrawn about three and a
half times a second (each update adding about 30 tokens); a cheaper terminal or a slower
model, more often. This is the knob that trades smoothness for CPU: the whole app's share
while an answer streams is this plus what reading and storing the stream cost (at 2 %, four
and a half updates a second, the whole app took 3.3 % of a core in a real terminal, against
the 3 % it is held to)."""

FRAME_OVERHEAD = 0.001
"""CPU seconds each update costs beyond what can be timed: the timer that starts it, the
idle and message processing around the screen update, the terminal writer's thread
(measured in a real terminal: 0.7 ms). Counting it keeps cheap updates from coming so
often that this overhead adds up."""


READ_LEAD = 0.01
"""Seconds before an update is due that text it should show needs to have been read: the
read, its parsing and the transcript's request for a redraw take a few milliseconds."""


class UpdateBudget:
    """Spaces updates by cost rather than by a fixed frame rate.

    After an update that took ``c`` CPU seconds (rendering and the screen update it caused),
    the next may start ``(c + overhead) / share`` later, within ``min_interval`` and
    ``max_interval``: redrawing takes about ``share`` of a core.
    """

    def __init__(
        self,
        min_interval: float = MIN_INTERVAL,
        share: float = DRAW_SHARE,
        clock: Callable[[], float] = time.monotonic,
        overhead: float = FRAME_OVERHEAD,
        max_interval: float = MAX_INTERVAL,
    ) -> None:
        self.min_interval = min_interval
        self.max_interval = max_interval
        self.share = share
        self.overhead = overhead
        self._clock = clock
        self._next = 0.0
        self._last_cost = 0.0
        self._last_at = 0.0
        self.updates = 0
        """How many updates were recorded (for benchmarks and tests)."""
        self.cpu = 0.0
        """The CPU seconds they took, in total."""

    @property
    def next_at(self) -> float:
        """When the next update may start (on this budget's clock)."""
        return self._next

    def delay(self) -> float:
        """Seconds to wait before the next update may start (0: now)."""
        return max(0.0, self._next - self._clock())

    def _interval(self, cpu_seconds: float) -> float:
        wait = (cpu_seconds + self.overhead) / self.share
        return min(self.max_interval, max(self.min_interval, wait))

    def record(self, cpu_seconds: float) -> None:
        """An update just finished, having cost ``cpu_seconds`` so far."""
        self.updates += 1
        self.cpu += cpu_seconds
        self._last_cost = cpu_seconds
        self._last_at = self._clock()
        self._next = self._last_at + self._interval(cpu_seconds)

    def amend(self, cpu_seconds: float) -> None:
        """The last update's whole cost (with the screen update it caused) is now known."""
        self.cpu += cpu_seconds - self._last_cost
        self._last_cost = cpu_seconds
        self._next = max(self._next, self._last_at + self._interval(cpu_seconds))


class Redrawable(Protocol):
    """What the frame clock needs of a transcript."""

    @property
    def is_attached(self) -> bool: ...

    def _redraw(self) -> float | None:
        """Render what is due: None if nothing was, else the CPU seconds spent on work
        done only once (freezing finished blocks)."""
        ...


class FrameClock:
    """One budget for all the transcripts of an app: side by side in the comparison view,
    two to four answers stream at once, and they redraw together in one screen update per
    tick rather than each spending a budget of its own."""

    def __init__(self, app: App[object]) -> None:
        self._app = ref(app)  # the app owns its clock, not the other way round
        self.budget = UpdateBudget()
        self._due: dict[Redrawable, None] = {}  # insertion-ordered set
        self._scheduled = False
        self._once = 0.0

    def read_by(self) -> float:
        """When text should have been read to be shown by the next update (a
        ``time.monotonic`` time; in the past when an update may come at once)."""
        return self.budget.next_at - READ_LEAD

    def request(self, transcript: Redrawable) -> None:
        """Redraw ``transcript`` at the next tick the budget allows."""
        self._due[transcript] = None
        if self._scheduled:
            return
        app = self._app()
        if app is None:
            return
        self._scheduled = True
        delay = self.budget.delay()
        if delay > 0:
            app.set_timer(delay, self._tick)
        else:
            app.call_later(self._tick)

    def _tick(self) -> None:
        self._scheduled = False
        app = self._app()
        if not self._due or app is None:
            return
        if self.budget.delay() > 0.001:  # the last tick's full cost came in meanwhile
            self._reschedule()
            return
        due, self._due = list(self._due), {}
        # Only work that redrawing repeats is budgeted: rendering tails and the screen update
        # they cause. Freezing finished blocks is done once, whatever the pace.
        started = thread_time()
        once = [t._redraw() for t in due if t.is_attached]
        drawn = [seconds for seconds in once if seconds is not None]
        if not drawn:
            return  # nothing was due after all: no cost to budget for
        self._once = sum(drawn)
        self.budget.record(thread_time() - started - self._once)
        app.call_after_refresh(self._after_refresh, started)

    def _after_refresh(self, started: float) -> None:
        # The first "after refresh" comes as soon as the app is idle, before the widgets
        # have told the screen what to repaint; the screen update itself (the compositor,
        # most of an update's cost) has run by the second.
        app = self._app()
        if app is not None:
            app.call_after_refresh(self._amend, started)

    def _reschedule(self) -> None:
        app = self._app()
        if app is not None:
            self._scheduled = True
            app.set_timer(max(0.001, self.budget.delay()), self._tick)

    def _amend(self, started: float) -> None:
        self.budget.amend(thread_time() - started - self._once)


_CLOCKS: WeakKeyDictionary[App[object], FrameClock] = WeakKeyDictionary()


def frame_clock(app: App[object]) -> FrameClock:
    """The frame clock of ``app`` (made on first use)."""
    clock = _CLOCKS.get(app)
    if clock is None:
        clock = _CLOCKS[app] = FrameClock(app)
    return clock
