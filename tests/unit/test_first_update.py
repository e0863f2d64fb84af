"""A screen's first update is made as soon as it is due, not at the update timer's first
tick; its later updates keep the timer's pace."""

from __future__ import annotations

import inspect

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from tui.textual_compat import first_update


class Page(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("first", id="text")


class Pages(App[None]):
    def on_mount(self) -> None:
        self.push_screen(Page())


@pytest.fixture
def updates(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Each update of a Page: what its text said, and what made it: the update timer, the
    screen going idle, or the test's pilot (its pause flushes updates)."""
    made: list[tuple[str, str]] = []
    original = Screen._on_timer_update

    def recording(screen: Screen) -> None:
        if isinstance(screen, Page):
            callers = [frame.function for frame in inspect.stack()[1:8]]
            by = "timer" if "_tick" in callers else "idle" if "_on_idle" in callers else "pilot"
            made.append((str(screen.query_one("#text", Static).render()), by))
        original(screen)

    monkeypatch.setattr(Screen, "_on_timer_update", recording)
    return made


def test_textual_still_has_what_it_patches() -> None:
    assert first_update.compat_problems() == []


async def test_textual_makes_a_screen_s_first_update_at_the_timer_s_first_tick(
    updates, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the patch is for: if a Textual upgrade stops this, the patch can go.
    monkeypatch.setattr(Screen, "_on_idle", first_update._ORIGINAL_ON_IDLE)
    async with Pages().run_test() as pilot:
        await pilot.pause()
        assert updates and updates[0][1] != "idle"  # the timer's tick (or the pilot's flush)


async def test_the_first_update_is_made_at_once_and_later_ones_by_the_timer(updates) -> None:
    assert first_update.install()
    app = Pages()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert updates[0] == ("first", "idle")
        app.screen.query_one("#text", Static).update("second")
        await pilot.pause()
        await app.wait_for_refresh()
        assert ("second", "timer") in updates
        assert [by for _, by in updates].count("idle") == 1, updates
