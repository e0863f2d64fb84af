"""A resize to the app's own size lays nothing out again (Textual's kept it and re-sent it to
every screen, each then drawn whole); a real resize still reaches every screen."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App, ComposeResult
from textual.geometry import Size
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static

from tui.textual_compat import resizes


class Plain(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("text")


@pytest.fixture
def layouts(monkeypatch: pytest.MonkeyPatch) -> list[Screen]:
    laid_out: list[Screen] = []
    original = Screen._refresh_layout

    def counting(screen: Screen, *args: object, **kwargs: object) -> None:
        laid_out.append(screen)
        original(screen, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Screen, "_refresh_layout", counting)
    return laid_out


async def settle(app: App[None]) -> None:
    for _ in range(3):
        await app._animator.wait_until_complete()
        await app.wait_for_refresh()


async def resized_to_its_own_size(app: Plain, pilot: Pilot[None], layouts: list[Screen]) -> None:
    """Send ``app`` a resize to the size it has, from a clean count of layouts."""
    await pilot.pause()
    layouts.clear()
    app.post_message(events.Resize(Size(80, 24), Size(80, 24)))
    await pilot.pause()
    await settle(app)


def test_textual_still_keeps_resizes_for_its_next_idle() -> None:
    assert resizes.compat_problems() == []
    assert resizes.install()


async def test_textual_lays_out_again_for_a_resize_to_its_own_size(
    layouts, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What the patch is for: if a Textual upgrade stops this, the patch can go.
    monkeypatch.setattr(App, "_on_resize", resizes._ORIGINAL_ON_RESIZE)
    app = Plain()
    async with app.run_test(size=(80, 24)) as pilot:
        await resized_to_its_own_size(app, pilot, layouts)
        assert layouts


async def test_a_resize_to_the_same_size_lays_nothing_out(layouts) -> None:
    resizes.install()
    app = Plain()
    async with app.run_test(size=(80, 24)) as pilot:
        await resized_to_its_own_size(app, pilot, layouts)
        assert layouts == []
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        await settle(app)
        assert layouts and app.screen.size == Size(100, 30)
        assert app.query_one(Static).size.width == 100
