"""Partial screen updates rendered row by row write the same rows as Textual's own."""

from __future__ import annotations

import inspect
import random

import pytest
from rich.console import Console
from textual._compositor import ChopsUpdate, Compositor
from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Region
from textual.widgets import Footer, Input, Static, TextArea

from tui.textual_compat import partial_update

CONSOLE = Console(force_terminal=True, color_system="truecolor", width=100)


class Busy(App[None]):
    CSS = """
    #side { width: 30; border: round $accent; }
    #side Static { height: 3; border: solid $primary; }
    #main { width: 1fr; }
    #log { height: 1fr; overflow-y: scroll; }
    #prompt { height: 5; }
    """

    def compose(self) -> ComposeResult:
        with Horizontal():
            with VerticalScroll(id="side"):
                for index in range(30):
                    yield Static(f"item {index} " * 3)
            with Vertical(id="main"):
                with VerticalScroll(id="log"):
                    for index in range(60):
                        yield Static(f"line {index}: " + "words " * (index % 17))
                yield TextArea("typed text", id="prompt")
                yield Input(placeholder="ask")
        yield Footer()


def rendered_rows(compositor: Compositor, crop: Region, rows: set[int]) -> str:
    """What a partial update of ``rows`` across ``crop`` writes to the terminal."""
    chops = compositor._render_chops(crop, rows.__contains__)
    spans = [(y, crop.x, crop.right) for y in sorted(rows)]
    update = ChopsUpdate(chops, spans, [cuts[1:] for cuts in compositor.cuts])
    return update.render_segments(CONSOLE)


def test_this_textual_compositor_is_the_one_the_patch_was_written_for():
    assert partial_update.compat_problems() == [], (
        "A Textual upgrade changed the compositor; re-read tui/textual_compat/partial_update.py"
        " against it: " + "; ".join(partial_update.compat_problems())
    )
    # The app checks the code at start; here the source, which says how they are used.
    chops = inspect.getsource(Compositor._render_chops)
    assert "self._get_renders(crop)" in chops and "intersection(region, clip)" in chops


async def test_rows_written_by_partial_updates_are_those_textual_writes(
    monkeypatch: pytest.MonkeyPatch,
):
    app = Busy()
    rng = random.Random(7)
    async with app.run_test(size=(100, 34)) as pilot:
        app.query_one("#side").scroll_to(y=7, animate=False)
        app.query_one("#log").scroll_to(y=23, animate=False)
        await pilot.pause()
        compositor = app.screen._compositor
        width, height = compositor.size
        for _ in range(60):
            x, y = rng.randrange(width), rng.randrange(height)
            w, h = rng.randint(1, width - x), rng.randint(1, height - y)
            crop = Region(x, y, w, h)
            rows = set(rng.sample(range(y, y + h), rng.randint(1, h)))
            monkeypatch.setattr(Compositor, "_get_renders", partial_update.original_renders)
            textuals = rendered_rows(compositor, crop, rows)
            monkeypatch.setattr(Compositor, "_get_renders", partial_update._renders_in_rows)
            ours = rendered_rows(compositor, crop, rows)
            assert ours == textuals, f"rows differ for crop {crop}"


async def test_only_the_widgets_in_the_updated_rows_are_asked_to_render(
    monkeypatch: pytest.MonkeyPatch,
):
    asked: list[tuple[str, int]] = []
    async with Busy().run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(Compositor, "_get_renders", partial_update._renders_in_rows)
        for widget in pilot.app.screen.walk_children():
            original = widget.render_lines

            def spy(crop: Region, original=original, widget=widget) -> object:
                asked.append((type(widget).__name__, crop.height))
                return original(crop)

            widget.render_lines = spy  # type: ignore[method-assign]
        compositor = pilot.app.screen._compositor
        footer_row = compositor.size.height - 1
        rendered_rows(compositor, Region(0, 2, 40, 2), {2, 3})
    names = {name for name, _ in asked}
    assert "Footer" not in names and "TextArea" not in names
    assert all(rows <= 2 for _, rows in asked), asked
    assert footer_row > 3


def test_installing_is_idempotent(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(Compositor, "_get_renders", partial_update.original_renders)
    assert partial_update.install() and partial_update.install()
    assert Compositor._get_renders is partial_update._renders_in_rows
