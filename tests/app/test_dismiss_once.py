"""Two keys that each end a screen, arriving together, end that screen and nothing beneath it."""

from __future__ import annotations

import pytest
from textual.screen import Screen

from tests.app.pilot_helpers import settle, wait_until
from tests.app.turn_checks import burst
from tui.screens.chat import ChatScreen
from tui.screens.compare import CompareScreen
from tui.screens.help import HelpScreen
from tui.screens.picker import ModelPicker
from tui.screens.search import SearchScreen


def stack(app) -> list[type]:
    return [type(screen) for screen in app.screen_stack]


async def opened(pilot, key: str, kind: type[Screen]) -> None:
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, kind))


@pytest.mark.parametrize(
    ("key", "kind", "ends"),
    [
        ("f4", ModelPicker, ("escape", "escape", "escape")),
        # The filter field's enter reaches the picker as a message after escape closed it.
        ("f4", ModelPicker, ("enter", "escape")),
        ("f4", ModelPicker, ("enter", "escape", "enter", "escape")),
        ("f1", HelpScreen, ("escape", "escape", "f1")),
        ("ctrl+f", SearchScreen, ("enter", "escape", "escape")),
    ],
)
async def test_keys_queued_for_a_closing_screen_leave_the_chat_open(build_app, key, kind, ends):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await opened(pilot, key, kind)
        # Queued before the first is handled: each reaches the closing screen.
        burst(pilot, *ends)
        await pilot.pause(0.3)
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen))
        # Every queued key handled: the test's end shuts the app down beside its message
        # loop (as no key can in a terminal), and a key left in the queue met a torn-down chat.
        await settle(pilot)
        assert stack(app)[1:] == [ChatScreen]
        assert app.is_running


async def test_a_picker_opened_over_a_comparison_closes_alone(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.open_comparison(["sim/echo", "sim/normal"])
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
        await opened(pilot, "alt+o", ModelPicker)  # swap the column's model
        burst(pilot, "enter", "escape", "escape")
        await pilot.pause(0.3)
        await wait_until(pilot, lambda: not isinstance(app.screen, ModelPicker))
        # The first escape closes the picker; the rest reach the comparison's or the chat's
        # own escape, which may leave the comparison: never the chat.
        assert ChatScreen in stack(app)
        assert stack(app)[-1] in (CompareScreen, ChatScreen)
        await pilot.pause()  # every queued key handled before the app is shut down


def test_every_screen_ends_through_dismiss_once():
    # Screen.dismiss pops whatever is on top: a screen calling it directly brings the bug back.
    from pathlib import Path

    import tui

    root = Path(tui.__file__).parent
    direct = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if ".dismiss(" in line and path.name != "parts.py"
    ]
    assert direct == []
