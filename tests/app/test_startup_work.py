"""What start-up leaves for later is still done: the collector resumes after the first paint,
and the stylesheets not read at start-up style their screens and the sidebar when they open."""

from __future__ import annotations

import asyncio
import gc

import pytest
from textual.app import App
from textual.screen import Screen
from textual.widgets import Input

from tests.app.pilot_helpers import wait_until
from tui import gc_pause
from tui.config import DEFAULT_BASE_URL
from tui.screens.help import HelpScreen
from tui.screens.welcome import WelcomeScreen
from tui.widgets.footer import KeyFooter, footer_keys
from tui.widgets.sidebar import ParamSidebar
from tui.widgets.stylesheets import stylesheet_path


@pytest.fixture
def collector_on():
    """Whatever a test does to the collector, it is on again afterwards."""
    yield
    gc_pause.resume()
    gc.enable()
    gc.unfreeze()


def test_pause_and_resume_leave_a_collector_someone_else_disabled_alone(collector_on) -> None:
    gc.disable()
    gc_pause.pause()
    gc_pause.resume()
    assert not gc.isenabled()


def test_resume_undoes_pause_once(collector_on) -> None:
    gc_pause.pause()
    assert not gc.isenabled() and gc_pause.paused()
    gc_pause.resume()
    assert gc.isenabled() and not gc_pause.paused()
    assert gc.get_freeze_count() > 0  # what start-up built is skipped by later collections


async def test_the_collector_resumes_once_the_first_screen_is_drawn(build_app, collector_on):
    gc_pause.pause()
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, app.painted.is_set)
        assert gc.isenabled()


async def test_the_collector_resumes_under_the_welcome_screen_too(build_app, collector_on):
    gc_pause.pause()
    app = build_app(base_url=DEFAULT_BASE_URL, api_key=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, app.painted.is_set)
        assert isinstance(app.screen, WelcomeScreen)
        assert gc.isenabled()


async def test_the_first_screen_reads_only_its_own_stylesheets(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for later in ("sidebar", "help", "welcome", "picker", "compare", "search"):
            assert not app.stylesheet.has_source(stylesheet_path(later)), later
        assert app.stylesheet.has_source(stylesheet_path("chat"))


async def test_the_sidebar_is_styled_when_first_opened(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await wait_until(pilot, lambda: app.screen.query(ParamSidebar))
        await pilot.pause()
        sidebar = app.screen.query_one(ParamSidebar)
        assert app.stylesheet.has_source(stylesheet_path("sidebar"))
        # sidebar.tcss: 36 cells wide with a vkey rule on its left
        assert sidebar.region.width == 36
        assert sidebar.styles.border_left[0] == "vkey"
        assert sidebar.query(".sidebar-title").first().styles.text_style.bold
        # the rest of the screen kept its looks after the restyle
        assert app.screen.query_one("#status").styles.height.value == 1


async def test_the_help_screen_is_styled_when_first_opened(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        panel = app.screen.query_one("#help-panel")
        assert panel.styles.border_top[0] == "round"  # help.tcss
        assert panel.region.width == 100  # max-width: 100 (90 % of 120 is wider)


async def test_the_welcome_screen_is_styled(build_app) -> None:
    app = build_app(base_url=DEFAULT_BASE_URL, api_key=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        panel = app.screen.query_one("#welcome-panel")
        assert panel.styles.border_top[0] == "round"  # welcome.tcss
        assert panel.region.width == 84  # max-width: 84
        assert app.screen.query_one("#welcome-key", Input).region.height > 0


async def test_a_parley_app_is_painted_after_its_first_whole_frame(
    build_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    frames: list[tuple[bool, str, bool]] = []
    display = App._display

    def recording(app: App, screen: Screen, renderable: object) -> None:
        if renderable is not None:
            dropped = bool(app._batch_count) or not app._running
            frames.append((dropped, type(renderable).__name__, app.painted.is_set()))
        display(app, screen, renderable)

    monkeypatch.setattr(App, "_display", recording)
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.painted.is_set()
        written = [frame for frame in frames if not frame[0]]
        assert written[0][1:] == ("LayoutUpdate", False), frames  # whole, and before the work
        assert app.screen.focused is app.screen.prompt


async def test_the_footer_is_one_widget_fitted_again_on_resize(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, app.painted.is_set)
        footer = app.screen.query_one(KeyFooter)
        assert not footer.children  # its keys are drawn, not mounted
        wide = list(footer_keys(footer))
        assert "^q" in wide and "f1" in wide and not footer.compact
        await pilot.resize_terminal(70, 40)
        await wait_until(pilot, lambda: list(footer_keys(footer)) != wide)
        narrow = list(footer_keys(footer))
        assert len(narrow) < len(wide) and "^q" in narrow and "f1" in narrow
        assert footer.compact
        await pilot.resize_terminal(120, 40)
        await wait_until(pilot, lambda: list(footer_keys(footer)) == wide)


async def test_a_wide_terminal_opens_the_sidebar_after_the_first_frame(
    build_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    at_first_frame: list[bool] = []
    display = App._display

    def recording(app: App, screen: Screen, renderable: object) -> None:
        written = renderable is not None and not app._batch_count and app._running
        if written and not at_first_frame:
            at_first_frame.append(bool(screen.query(ParamSidebar)))
        display(app, screen, renderable)

    monkeypatch.setattr(App, "_display", recording)
    app = build_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until(pilot, lambda: app.screen.sidebar_widget is not None)
        assert at_first_frame == [False]
        assert app.screen.sidebar.has_class("-open")


async def test_the_sidebar_asked_for_twice_at_once_is_mounted_once_and_filled(build_app):
    app = build_app(params={"temperature": 0.4}, system="Be brief.")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        first, second = await asyncio.gather(
            app.screen.ensure_sidebar(), app.screen.ensure_sidebar()
        )
        assert first is second
        assert len(app.screen.query(ParamSidebar)) == 1
        assert first.values(include_unsupported=True) == ({"temperature": 0.4}, "Be brief.")
