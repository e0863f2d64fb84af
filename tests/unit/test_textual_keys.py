"""Textual's input thread checks a pending escape every few ms, not every 100 ms."""

from __future__ import annotations

import selectors
import subprocess
import sys

from tui.textual_compat import input_thread
from tui.textual_compat.input_thread import TICK, PromptSelector


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_wait_is_short_only_while_an_escape_may_be_pending(monkeypatch):
    asked: list[float | None] = []
    key = selectors.SelectorKey(fileobj=0, fd=0, events=1, data=None)
    ready: list[list] = [[], [(key, 1)], [], []]

    def select(self, timeout=None):
        asked.append(timeout)
        return ready.pop(0)

    clock = Clock()
    monkeypatch.setattr(selectors.SelectSelector, "select", select)
    monkeypatch.setattr(input_thread, "input_ended", lambda fd: False)
    monkeypatch.setattr(PromptSelector, "clock", staticmethod(clock))
    monkeypatch.setattr(PromptSelector, "escape_delay", 0.05)
    selector = PromptSelector()
    selector.select(0.1)  # idle: as long as asked
    selector.select(0.1)  # input arrives
    selector.select(0.1)  # an ESC may be pending: short
    clock.now += 0.05 + 3 * TICK
    selector.select(0.1)  # the delay is over: long again
    assert asked == [0.1, 0.1, TICK, 0.1]
    selector.close()


def test_install_gives_the_linux_driver_the_prompt_selector_and_the_delay():
    # In a child: installing changes a Textual module for the rest of the process.
    script = (
        "import os; os.environ['ESCDELAY'] = '40'\n"
        "from tui.textual_compat import input_thread as textual_keys\n"
        "assert textual_keys.install()\n"
        "from textual.drivers import linux_driver\n"
        "assert linux_driver.selectors.SelectSelector is textual_keys.PromptSelector\n"
        "assert linux_driver.selectors.EVENT_READ == 1\n"
        "print(textual_keys.PromptSelector.escape_delay)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0.04"


def test_the_module_names_what_it_relies_on():
    import inspect

    from textual.drivers.linux_driver import LinuxDriver

    source = inspect.getsource(LinuxDriver.run_input_thread)
    assert "selectors.SelectSelector()" in source and "tick()" in source
