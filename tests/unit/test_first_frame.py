"""The first frame Textual writes is whole, and what waits for it is called after it."""

from __future__ import annotations

import inspect

import pytest
from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from tui.textual_compat import batched_frames, first_update, resizes
from tui.textual_compat.first_frame import watch_first_frame

RECHECK = "re-check tui/textual_compat/first_frame.py against this Textual"


@pytest.fixture(autouse=True)
def textual_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual's own frames, dropped during its start-up batch, whether or not an app of
    Parley's has made this process skip them (``batched_frames``, ``resizes``,
    ``first_update``)."""
    monkeypatch.setattr(Screen, "_compositor_refresh", batched_frames._ORIGINAL_REFRESH)
    monkeypatch.setattr(App, "_end_batch", batched_frames._ORIGINAL_END_BATCH)
    monkeypatch.setattr(App, "_on_resize", resizes._ORIGINAL_ON_RESIZE)
    monkeypatch.setattr(Screen, "_on_idle", first_update._ORIGINAL_ON_IDLE)


class Page(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("drawn once, never changed", id="once")


class Recording(App[None]):
    """Pushes its screen while Textual's start-up batch is on, as ParleyApp does."""

    def __init__(self) -> None:
        super().__init__()
        self.frames: list[tuple[bool, str]] = []  # (dropped by Textual, what was displayed)
        self.drawn: list[int] = []

    def _display(self, screen: Screen, renderable: object) -> None:
        if renderable is not None:
            dropped = bool(self._batch_count) or not self._running
            self.frames.append((dropped, type(renderable).__name__))
        super()._display(screen, renderable)

    def on_mount(self) -> None:
        watch_first_frame(self, lambda: self.drawn.append(len(self.frames)))
        self.push_screen(Page())


def test_the_private_parts_it_reaches_are_still_there() -> None:
    assert list(inspect.signature(App._display).parameters) == [
        "self",
        "screen",
        "renderable",
    ], RECHECK
    assert {"full", "screen_stack"} <= set(inspect.signature(Compositor.render_update).parameters)
    assert hasattr(App, "_background_screens"), RECHECK


async def test_the_first_frame_written_is_whole_and_the_callback_follows_it() -> None:
    app = Recording()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        written = [kind for dropped, kind in app.frames if not dropped]
        # Textual computed a frame during its start-up batch and dropped it ...
        assert (True, "LayoutUpdate") in app.frames, app.frames
        # ... so the first it writes is the whole screen, not the change since.
        assert written and written[0] == "LayoutUpdate", app.frames
        first_written = app.frames.index((False, written[0])) + 1
        assert app.drawn == [first_written]  # once, after that frame
        assert "_display" not in vars(app)  # the wrapper is gone


async def test_a_display_wrapper_set_before_it_keeps_seeing_every_frame() -> None:
    # A benchmark counts frames by wrapping the app's _display: the first-frame watch must
    # hand the frames back to that wrapper, not to the class's own method.
    app = Recording()
    counted: list[object] = []
    original = app._display

    def counting(screen: Screen, renderable: object) -> None:
        if renderable is not None:
            counted.append(renderable)
        original(screen, renderable)

    app._display = counting  # type: ignore[method-assign]
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        before = len(counted)
        app.screen.query_one("#once", Static).update("changed")
        await pilot.pause()
        assert app.drawn, "the first frame was never told"
        assert len(counted) > before  # frames after the first still reach the wrapper
        assert vars(app)["_display"] is counting
