"""The footer draws the focused view's keys in one line: a click runs a key (a disabled one
rings the bell), hovering shows its tooltip and highlight, and the keys follow the focus."""

from __future__ import annotations

from typing import ClassVar

import pytest
from rich.style import Style
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input

from tests.app.pilot_helpers import wait_until
from tui.widgets.footer import KeyFooter, footer_keys


class Keys(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f6", "count", "Count"),
        Binding("f7", "unavailable", "Unavailable"),
        Binding("f8", "hidden", "Hidden"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.counted = 0

    def compose(self) -> ComposeResult:
        yield Input(placeholder="focused")
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return {"unavailable": None, "hidden": False}.get(action, True)

    def action_count(self) -> None:
        self.counted += 1


class KeysApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.bells = 0

    def on_mount(self) -> None:
        self.push_screen(Keys())

    def bell(self) -> None:
        self.bells += 1


def cells(strip: Strip) -> list[tuple[str, Style | None]]:
    return [(char, segment.style) for segment in strip for char in segment.text]


def key_named(footer: KeyFooter, shown: str):
    return next(key for key in footer.keys if key.key_display == shown)


async def test_a_click_runs_the_key_and_a_disabled_key_rings_the_bell() -> None:
    app = KeysApp()
    async with app.run_test(size=(120, 12)) as pilot:
        await pilot.pause()
        screen, footer = app.screen, app.screen.query_one(KeyFooter)
        keys = list(footer_keys(footer))
        assert "f6" in keys and "f7" in keys and "f8" not in keys  # hidden: not shown
        count = key_named(footer, "f6")
        await pilot.click(KeyFooter, offset=(count.start + 1, 0))
        await wait_until(pilot, lambda: screen.counted == 1)
        unavailable = key_named(footer, "f7")
        await pilot.click(KeyFooter, offset=(unavailable.start + 1, 0))
        await wait_until(pilot, lambda: app.bells == 1)
        assert screen.counted == 1


async def test_hovering_a_key_highlights_it_and_shows_its_tooltip() -> None:
    app = KeysApp()
    async with app.run_test(size=(120, 12)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        count = key_named(footer, "f6")
        resting = footer.render_line(0)
        at = count.start + 2
        await pilot.hover(KeyFooter, offset=(at, 0))
        await wait_until(pilot, lambda: footer.tooltip == "Count")
        hovered = footer.render_line(0)
        assert hovered.text == resting.text
        changed = [
            x for x, (a, b) in enumerate(zip(cells(resting), cells(hovered), strict=True)) if a != b
        ]
        assert changed and min(changed) >= count.start and max(changed) < count.end
        await pilot.hover(Input)
        await wait_until(pilot, lambda: footer.tooltip is None)
        assert footer.render_line(0).text == resting.text


@pytest.mark.parametrize("width", [120, 80])
async def test_the_keys_follow_the_focus(build_app, width: int) -> None:
    app = build_app()
    async with app.run_test(size=(width, 30)) as pilot:
        await wait_until(pilot, app.painted.is_set)
        footer = app.screen.query_one(KeyFooter)
        at_prompt = list(footer_keys(footer))
        assert "⏎" in at_prompt  # send, the prompt's own
        await pilot.press("f2")  # the chats list takes the focus
        await wait_until(pilot, lambda: list(footer_keys(footer)) != at_prompt)
        assert "⏎" not in footer_keys(footer)
        assert "f1" in footer_keys(footer) and "^q" in footer_keys(footer)
        await pilot.press("f2")
        await wait_until(pilot, lambda: list(footer_keys(footer)) == at_prompt)
