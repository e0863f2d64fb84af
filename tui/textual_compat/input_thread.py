"""Textual's input thread, given a selector: escape acts when its delay ends, not 100 ms on.

Textual's input thread (``LinuxDriver.run_input_thread``) waits on ``select`` for 0.1 s at a
time and only then checks whether a lone ESC has waited out ``ESCDELAY``; so escape acts
100 ms late whatever the delay. While input has just arrived (the only time an ESC can be
pending), the selector here wakes every few ms instead; idle, it waits as long as asked.
"""

from __future__ import annotations

import selectors
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

TICK = 0.005
"""How often the input thread wakes while an escape sequence may be pending."""


class PromptSelector(selectors.SelectSelector):
    """A select() that returns within :data:`TICK` for a while after input arrived."""

    escape_delay = 0.1
    clock: Callable[[], float] = staticmethod(time.monotonic)

    def __init__(self) -> None:
        super().__init__()
        self._short_until = 0.0

    def select(self, timeout: float | None = None) -> list[tuple[selectors.SelectorKey, int]]:
        if self.clock() < self._short_until and (timeout is None or timeout > TICK):
            timeout = TICK
        ready = super().select(timeout)
        if ready:
            self._short_until = self.clock() + self.escape_delay + 2 * TICK
        return ready


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
