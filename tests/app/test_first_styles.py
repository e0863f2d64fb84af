"""The first screen is styled once on its way to the first frame: not again for its breakpoint
class, nor when it is first shown; later showings restyle it as Textual does."""

from __future__ import annotations

import pytest
from textual import events
from textual.app import App
from textual.color import Color
from textual.dom import DOMNode
from textual.screen import Screen

from tests.app.pilot_helpers import wait_until
from tui.config import DEFAULT_BASE_URL
from tui.screens.chat import ChatScreen
from tui.screens.first_styles import BaseScreen, StyledOnMount, fit_breakpoints
from tui.screens.welcome import WelcomeScreen


@pytest.fixture
def restyled(monkeypatch: pytest.MonkeyPatch) -> list[tuple[DOMNode, bool]]:
    """Each node restyled with its descendants, and whether the first frame was out then."""
    seen: list[tuple[DOMNode, bool]] = []
    update = App.update_styles

    def recording(app: App, node: DOMNode, animate: bool = True) -> None:
        painted = getattr(app, "painted", None)
        seen.append((node, painted is not None and painted.is_set()))
        update(app, node, animate)

    monkeypatch.setattr(App, "update_styles", recording)
    return seen


def screens_before_paint(restyled: list[tuple[DOMNode, bool]]) -> list[DOMNode]:
    return [node for node, painted in restyled if isinstance(node, Screen) and not painted]


@pytest.mark.parametrize(("width", "placed"), [(120, "-panels-beside"), (80, "-panels-overlay")])
async def test_the_chat_is_not_restyled_whole_before_its_first_frame(
    build_app, restyled, width: int, placed: str
) -> None:
    app = build_app()
    async with app.run_test(size=(width, 30)) as pilot:
        await wait_until(pilot, app.painted.is_set)
        assert isinstance(app.screen, ChatScreen)
        assert app.screen.has_class(placed)  # the class Textual gives this width
        assert screens_before_paint(restyled) == []
        # ...and styled all the same: chat.tcss, the prompt focused
        assert app.screen.query_one("#status").styles.height.value == 1
        assert app.screen.focused is app.screen.prompt


async def test_a_resize_across_the_breakpoint_still_moves_the_panels(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, app.painted.is_set)
        await pilot.resize_terminal(90, 30)
        await wait_until(pilot, lambda: app.screen.has_class("-panels-overlay"))
        assert not app.screen.has_class("-panels-beside")


async def test_the_welcome_screen_gets_its_own_stylesheet_s_rules(build_app) -> None:
    # Read as it is pushed, after the screen itself was styled: the first showing applies it.
    app = build_app(base_url=DEFAULT_BASE_URL, api_key=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, app.painted.is_set)
        assert isinstance(app.screen, WelcomeScreen)
        assert app.screen.has_class("-panels-beside")
        surface = Color.parse(app.get_css_variables()["surface"])
        assert app.screen.styles.background == surface  # welcome.tcss


def test_a_screen_with_its_own_stylesheet_is_restyled_when_first_shown() -> None:
    class Styled(StyledOnMount, Screen[None]):
        CSS = "Styled { background: red; }"

    event = events.ScreenResume()
    Styled().on_screen_resume(event)
    assert event.refresh_styles


def test_only_the_first_showing_keeps_the_mounted_styles() -> None:
    # Textual restyles a screen pushed again (ScreenResume's default): that stays so.
    screen = BaseScreen()
    first, again = events.ScreenResume(), events.ScreenResume()
    screen.on_screen_resume(first)
    screen.on_screen_resume(again)
    assert (first.refresh_styles, again.refresh_styles) == (False, True)


async def test_under_the_chat_textual_s_default_screen_is_styled_once_too(build_app) -> None:
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, app.painted.is_set)
        base = app.screen_stack[0]
        assert base.id == "_default" and base.has_class("-panels-beside")


@pytest.mark.parametrize(
    ("width", "expected"),
    [(0, "-narrow"), (109, "-narrow"), (110, "-wide"), (400, "-wide")],
)
def test_fit_breakpoints_takes_the_widest_one_reached(width: int, expected: str) -> None:
    screen = fit_breakpoints(Screen(), width, [(110, "-wide"), (0, "-narrow")])
    assert screen.classes == {expected}
