"""A repeating timer whose pace can change while it runs (status lines, comparison stats)."""

from __future__ import annotations

from collections.abc import Callable

from textual.message_pump import MessagePump
from textual.timer import Timer


class PacedTicker:
    """Calls ``callback`` every few seconds on the message pump ``host()`` gives, until
    stopped; :meth:`every` sets the pace. A spinner needs 4 updates a second while an answer
    is awaited, a rate once a second once text flows: a timer that woke the loop 4 times a
    second for the whole answer cost more than everything else between two network reads.
    """

    def __init__(self, host: Callable[[], MessagePump], callback: Callable[[], object]) -> None:
        self._host = host
        self._callback = callback
        self._timer: Timer | None = None
        self._seconds = 0.0

    @property
    def running(self) -> bool:
        return self._timer is not None

    @property
    def interval(self) -> float | None:
        """Seconds between two calls, None when stopped."""
        return self._seconds if self._timer is not None else None

    def every(self, seconds: float) -> None:
        """Run (on) at this pace; a running timer already at it goes on undisturbed."""
        if self._timer is not None and seconds == self._seconds:
            return
        self.stop()
        self._timer = self._host().set_interval(seconds, self._callback)
        self._seconds = seconds

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
