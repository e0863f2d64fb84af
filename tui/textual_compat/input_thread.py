"""Textual's input thread, given a selector: escape acts when its delay ends, not 100 ms on,
and a terminal that is gone ends the app instead of spinning.

Textual's input thread (``LinuxDriver.run_input_thread``) waits on ``select`` for 0.1 s at a
time and only then checks whether a lone ESC has waited out ``ESCDELAY``; so escape acts
100 ms late whatever the delay. While input has just arrived (the only time an ESC can be
pending), the selector here wakes every few ms instead; idle, it waits as long as asked.

When the terminal goes without a SIGHUP (a pseudo-terminal closed by a process that was not
its session leader, a killed multiplexer), stdin reads as ended: ``select`` says readable at
once, every read returns nothing, and Textual's thread loops on it at a full core forever.
Here an input that is readable with nothing to read is a hang-up: the process gets the
SIGHUP it missed, which stores any partial answer and leaves.
"""

from __future__ import annotations

import fcntl
import os
import selectors
import signal
import struct
import termios
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

TICK = 0.005
"""How often the input thread wakes while an escape sequence may be pending."""

ENDED_CHECKS = 3
"""Selects in a row that must find stdin ended before it counts as gone (never a blip)."""
ENDED_PAUSE = 0.05
"""How long the thread rests on an ended stdin, instead of spinning on it."""


def input_ended(fd: int) -> bool:
    """True when ``fd``, which select reports readable, has nothing to read: it has ended."""
    try:
        waiting = fcntl.ioctl(fd, termios.FIONREAD, b"\0\0\0\0")
    except OSError:  # EIO: the terminal's other side is closed
        return True
    return struct.unpack("i", waiting)[0] == 0


def hang_up() -> None:
    """What a terminal's hang-up would have done: SIGHUP to this process."""
    os.kill(os.getpid(), signal.SIGHUP)


class PromptSelector(selectors.SelectSelector):
    """A select() that returns within :data:`TICK` for a while after input arrived."""

    escape_delay = 0.1
    clock: Callable[[], float] = staticmethod(time.monotonic)
    on_hang_up: Callable[[], None] = staticmethod(hang_up)

    def __init__(self) -> None:
        super().__init__()
        self._short_until = 0.0
        self._ended = 0

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if self.clock() < self._short_until and (timeout is None or timeout > TICK):
            timeout = TICK
        ready = super().select(timeout)
        if ready and all(input_ended(key.fd) for key, _ in ready):
            return self._rest_on_ended()
        self._ended = 0
        if ready:
            self._short_until = self.clock() + self.escape_delay + 2 * TICK
        return ready

    def _rest_on_ended(self) -> list[tuple[selectors.SelectorKey, int]]:
        # Nothing is returned, so Textual never reads the end (its loop would spin on it).
        self._ended += 1
        if self._ended == ENDED_CHECKS:
            self.on_hang_up()
        time.sleep(ENDED_PAUSE)
        return []


def install() -> bool:
    """Give Textual's Linux/macOS input thread the prompt selector; False if it has changed.

    Call after ``ESCDELAY`` is set: this imports Textual, which reads it once.
    """
    from textual import constants
    from textual.drivers import linux_driver

    found: Any = getattr(linux_driver, "selectors", None)
    if found is None or not hasattr(found, "SelectSelector"):
        return False
    PromptSelector.escape_delay = constants.ESCAPE_DELAY
    if found.SelectSelector is not PromptSelector:
        names = {name: getattr(selectors, name) for name in dir(selectors)}
        linux_driver.selectors = SimpleNamespace(**{**names, "SelectSelector": PromptSelector})
    return True
