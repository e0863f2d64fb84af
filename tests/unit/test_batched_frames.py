"""Frames Textual would drop during a batch are not rendered, and nothing is lost by it."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from textual._compositor import Compositor
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from tui.textual_compat import batched_frames


class Page(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("first words", id="words")


class Recording(App[None]):
    """Pushes its screen while Textual's start-up batch is on, as ParleyApp does; records
    each frame rendered (and whether a batch was on) and each frame displayed."""

    def __init__(self) -> None:
        super().__init__()
        self.rendered: list[bool] = []
        self.displayed: list[tuple[bool, str]] = []
        self.written: list[str] = []  # each frame displayed after a batch, as plain text

    def _display(self, screen: Screen, renderable: object) -> None:
        if renderable is not None:
            self.displayed.append((bool(self._batch_count), type(renderable).__name__))
            if not self._batch_count:
                self.written.append(plain_text(renderable))
        super()._display(screen, renderable)

    def on_mount(self) -> None:
        self.push_screen(Page())


def plain_text(renderable: object) -> str:
    console = Console(file=io.StringIO(), width=60, height=10, color_system=None)
    console.print(renderable, end="")
    return console.file.getvalue()  # type: ignore[attr-defined]


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> Recording:
    assert batched_frames.install()
    app = Recording()
    render_update = Compositor.render_update

    def recorded(compositor: Compositor, *args: object, **kwargs: object) -> object:
        app.rendered.append(bool(app._batch_count))
        return render_update(compositor, *args, **kwargs)

    monkeypatch.setattr(Compositor, "render_update", recorded)
    return app


def test_it_fits_this_textual() -> None:
    assert batched_frames.compat_problems() == []


async def test_start_up_renders_no_frame_until_its_batch_ends(recording: Recording) -> None:
    async with recording.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        assert recording.rendered, "nothing was rendered"
        assert True not in recording.rendered, recording.rendered  # none while batched
        # The first frame after the batch is the whole screen.
        assert recording.displayed[0] == (False, "LayoutUpdate"), recording.displayed
        assert "first words" in recording.written[0]


async def test_a_change_made_during_a_batch_is_drawn_after_it(recording: Recording) -> None:
    async with recording.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        shown = len(recording.displayed)
        with recording.batch_update():
            recording.screen.query_one("#words", Static).update("changed in a batch")
            await pilot.pause()  # Textual refreshes the screen while the batch is on
            assert len(recording.displayed) == shown
        await pilot.pause()
        assert len(recording.displayed) > shown
        assert "changed in a batch" in "".join(recording.written[shown:])
