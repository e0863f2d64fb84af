"""The transcript's rendering: regions brought up to date on demand, visible ones first."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import replace
from time import perf_counter
from typing import TYPE_CHECKING

from rich.style import Style
from textual.timer import Timer

from tui.render.body import BlockRenderer
from tui.render.text_lines import TextLines
from tui.render.theme import app_theme, without_background
from tui.widgets.transcript_layout import MessageRegion, MessageView, check_view
from tui.widgets.transcript_paint import (
    LinePainter,
    Palette,
    render_header,
    render_trailer,
    text_width,
)
from tui.widgets.transcript_scroll import TranscriptScrolling
from tui.widgets.transcript_thinking import INDENT, render_label

if TYPE_CHECKING:  # the renderer (Markdown, highlighting) is imported on first use
    from tui.render.markdown import MarkdownRenderer

DRAIN_SLICE = 0.008
"""Seconds of background rendering at a time (after a resize, a theme change, a load)."""
DRAIN_PAUSE = 0.02
PARKED = 4096
"""How many messages taken off by branch switches are kept drawn, to come back as they were."""
"""Seconds between slices, so keys and streamed text keep flowing."""


class TranscriptRendering(TranscriptScrolling):
    """Renders regions: changed ones at the next update, stale ones lazily, nearest first.

    A region is *dirty* when its text or chrome changed (rendered at the next budgeted
    update) and *stale* when the width or theme changed or it was loaded in bulk (rendered
    when it comes into view, or in the background in short slices).
    """

    def __init__(self, **kwargs: str | None) -> None:
        super().__init__(**kwargs)
        self._painter = LinePainter()
        self._palette: Palette | None = None
        self._text_lines: TextLines | None = None
        self._renderer: MarkdownRenderer | None = None
        self._theme_key: object = None
        self._generation = 0  # bumped when the theme changes: every region renders again
        self._dirty: set[Hashable] = set()
        self._stale: set[Hashable] = set()
        self._render_width = text_width(80)
        self._drain_timer: Timer | None = None
        self._settling = False
        self._freeze_seconds = 0.0  # CPU spent freezing blocks since the budgeted update began
        self._parked: dict[Hashable, MessageRegion] = {}

    def _block_renderer(self, view: MessageView) -> BlockRenderer:
        if view.role in ("notice", "error"):
            role = view.role
            return lambda text, width: self._get_text_lines().plain(
                text, width, self._get_palette().body_text(role)
            )
        return lambda text, width: self._get_renderer().markdown(text, width)

    def _schedule(self) -> None:
        """Ask for a budgeted update (the transcript knows when it can draw)."""

    def _render_region(self, index: int) -> int | None:
        """Bring region ``index`` up to date; the first line in it that changed, or None."""
        region = self._layout[index]
        width = self._render_width
        old_height = region.height
        thinking = region.thinking
        if region.generation != self._generation:
            region.generation = self._generation
            region.body.invalidate()
            if thinking is not None:
                thinking.body.invalidate()
            region.chrome_width = 0
        changed = self._render_thinking(region, width)
        answer = region.body.render(width)
        if answer is not None:
            self._freeze_seconds += region.body.freeze_seconds
            answer += len(region.header) + region.thinking_height
            changed = answer if changed is None else min(changed, answer)
        if region.chrome_width != width:
            palette, renderer = self._get_palette(), self._get_text_lines()
            region.header = render_header(region.view, width, palette, renderer)
            if thinking is not None:
                view, style = region.view, palette.thinking_label
                live = view.status == "streaming"
                thinking.label = render_label(thinking, view.thought, live, width, style, renderer)
            region.trailer = render_trailer(region.view, width, palette, renderer)
            region.chrome_width = width
            changed = 0
        self._stale.discard(region.key)
        if region.body.dirty or (thinking is not None and thinking.shown and thinking.body.dirty):
            self._dirty.add(region.key)  # a huge block is wrapped a bounded amount at a time
            self._schedule()
        if region.height != old_height:
            self._layout.changed(index)
        return changed

    def _render_thinking(self, region: MessageRegion, width: int) -> int | None:
        """Render an open thinking block's reasoning (a folded one's waits until opened)."""
        thinking = region.thinking
        if thinking is None or not thinking.shown:
            return None
        changed = thinking.body.render(max(1, width - INDENT))
        if changed is None:
            return None
        self._freeze_seconds += thinking.body.freeze_seconds
        return len(region.header) + len(thinking.label) + changed

    # -- regions a branch switch took off ----------------------------------------------------

    def _park(self, regions: list[MessageRegion]) -> None:
        """Keep ``regions`` with their lines: stepping back to their branch reuses them."""
        for region in regions:
            self._dirty.discard(region.key)
            self._stale.discard(region.key)
            self._parked.pop(region.key, None)
            self._parked[region.key] = region
        while len(self._parked) > PARKED:
            del self._parked[next(iter(self._parked))]

    def _unpark(self, view: MessageView) -> MessageRegion | None:
        """The parked region of ``view`` if it shows the same, marked stale if drawn at
        another width or theme; else None."""
        region = self._parked.pop(view.key, None)
        if region is None:
            return None
        thinking = region.thinking.text if region.thinking is not None else ""
        same = region.view == replace(check_view(view), text="", reasoning="")
        if not same or region.text != view.text or thinking != view.reasoning:
            return None
        if region.chrome_width != self._render_width or region.generation != self._generation:
            self._stale.add(region.key)
        return region

    def _render_dirty(self) -> None:
        """Render the messages with new text or changed chrome, and show what changed."""
        if not self._width or not self._dirty:
            return
        anchor = self._anchor()
        changes = []
        dirty, self._dirty = self._dirty, set()
        for key in dirty:
            index = self._layout.index(key)
            if index is not None and (line := self._render_region(index)) is not None:
                changes.append((index, line))
        if changes:
            first = min(self._layout.start(index) + line for index, line in changes)
            self._show_changes(anchor, first)

    def _ensure_fresh(self, index: int) -> None:
        if self._layout[index].key in self._stale:
            anchor = self._anchor()
            self._render_region(index)
            self._set_virtual_height()
            self._restore(anchor)

    # -- lazy rendering -------------------------------------------------------------------

    def _after_bulk_change(self) -> None:
        if not self._width:
            return
        self._set_virtual_height()
        self._ensure_visible_fresh()
        self._restore(None)
        self._start_drain()
        self.refresh()

    def _invalidate_all(self, keep_lines: bool) -> None:
        """Every message must render again (new width; new theme unless ``keep_lines``)."""
        self._render_width = text_width(self._width)
        if not keep_lines:
            self._generation += 1
        for region in self._layout:
            self._stale.add(region.key)
            region.estimate(self._render_width)  # used by those never rendered
        self._layout.changed(0)
        self._after_bulk_change()

    def _scrolled(self) -> None:
        if self._stale:
            self._ensure_visible_fresh()

    def _ensure_visible_fresh(self) -> None:
        """Render the stale messages in view now, keeping the view where it was."""
        if self._settling or not self._stale or not self._width:
            return
        self._settling = True
        try:
            anchor = self._anchor()
            for _ in range(8):  # rendering changes heights, which may bring more into view
                first, last = self._visible_span()
                todo = [i for i in range(first, last + 1) if self._layout[i].key in self._stale]
                if not todo:
                    break
                for index in todo:
                    self._render_region(index)
                self._set_virtual_height()
                self._restore(anchor)
            self.refresh()
        finally:
            self._settling = False

    def _start_drain(self) -> None:
        if self._stale and self._drain_timer is None and self._width:
            self._drain_timer = self.set_timer(DRAIN_PAUSE, self._drain)

    def _drain(self) -> None:
        """Render some stale messages, nearest the view first, within one time slice."""
        self._drain_timer = None
        if not self._stale or not self._width:
            return
        anchor = self._anchor()
        first, last = self._visible_span()
        deadline = perf_counter() + DRAIN_SLICE
        in_view = False
        for index in self._drain_order(first, last):
            self._render_region(index)
            in_view = in_view or first <= index <= last
            if perf_counter() >= deadline:
                break
        self._set_virtual_height()
        self._restore(anchor)
        if in_view:
            self.refresh()
        self._start_drain()

    def _drain_order(self, first: int, last: int) -> list[int]:
        indices = [self._layout.index(key) for key in self._stale]
        found = [index for index in indices if index is not None]
        return sorted(found, key=lambda i: first - i if i < first else i - last)

    # -- styles ---------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._painter.clear()
        old, self._palette = self._palette, None
        if old is None or self._text_lines is None:
            return  # nothing was rendered with the old styles (chrome is rendered first)
        theme_key = self._current_theme_key()
        if theme_key != self._theme_key or self._get_palette().baked() != old.baked():
            # Colours baked into rendered lines changed (a new theme, say): render again.
            self._theme_key = theme_key
            self._renderer = None
            self.call_later(self._invalidate_all, False)

    def _current_theme_key(self) -> object:
        return (self.app.theme, getattr(self.app, "code_theme", None))

    def _get_palette(self) -> Palette:
        if self._palette is None:
            cursor = self.get_component_rich_style("transcript--cursor")
            base = self.rich_style
            self._palette = Palette.from_widget(
                lambda name: without_background(self.get_component_rich_style(name)),
                base,
                base + Style(bgcolor=cursor.bgcolor),
            )
        return self._palette

    def _get_text_lines(self) -> TextLines:
        """The renderer of chrome, notices and errors: their styles are the palette's own
        (no named styles), so it needs no theme, and no Markdown is imported for them."""
        if self._text_lines is None:
            self._theme_key = self._current_theme_key()
            self._text_lines = TextLines()
        return self._text_lines

    def _get_renderer(self) -> MarkdownRenderer:
        if self._renderer is None:
            from tui.render.markdown import MarkdownRenderer

            self._theme_key = self._current_theme_key()
            self._renderer = MarkdownRenderer(app_theme(self.app, self.background_colors[1]))
        return self._renderer
