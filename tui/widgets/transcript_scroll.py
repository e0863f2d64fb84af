"""The transcript's scrolling: following the end, keeping the view put, repainting sparingly."""

from __future__ import annotations

from collections.abc import Hashable

from textual.geometry import Region, Size
from textual.reactive import var
from textual.scroll_view import ScrollView

from tui.textual_compat.scrolling import set_virtual_size_quietly, update_scrollbars
from tui.widgets.transcript_layout import TranscriptLayout
from tui.widgets.transcript_scrollbar import update_scrollbar

Anchor = tuple[Hashable, int] | None
"""(message key, line in it) at the top of the view; None: the view follows the end."""


class TranscriptScrolling(ScrollView):
    """A line-based scroll view over regions, which follows the end until scrolled up."""

    follow: var[bool] = var(True)
    """True while the view keeps the end in sight (the user has not scrolled up)."""

    def __init__(self, **kwargs: str | None) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._layout = TranscriptLayout()
        self._width = 0  # the content width (0: not known yet)
        self._growing = False  # the view moves because content grew, not by hand

    def action_follow_end(self) -> None:
        """Scroll to the end and keep following new text."""
        self.follow = True
        self._restore(None)

    def watch_follow(self, follow: bool) -> None:
        if follow:
            self._restore(None)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        # ScrollView's watcher, with a scrollbar repainted only when its thumb moves.
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            virtual, window = bar.window_virtual_size, bar.window_size
            update_scrollbar(bar, virtual, window, new_value, growing=self._growing)
        if round(old_value) != round(new_value):
            self._refresh_rows(0, self.size.height)
        self.follow = round(new_value) >= self.max_scroll_y
        self._scrolled()

    def _scrolled(self) -> None:
        """The view moved: a subclass may bring what came into view up to date."""

    def _anchor(self) -> Anchor:
        if self.follow:
            return None
        located = self._layout.locate(self.scroll_offset.y)
        return None if located is None else (self._layout[located[0]].key, located[1])

    def _restore(self, anchor: Anchor) -> None:
        """Scroll so the anchored line is at the top again (or, following, the end in view)."""
        if anchor is None:
            if not self.follow:
                return
            target = self.max_scroll_y
        else:
            index = self._layout.index(anchor[0])
            if index is None:
                return
            region = self._layout[index]
            target = self._layout.start(index) + min(anchor[1], region.height - 1)
        if target != self.scroll_offset.y:
            self.scroll_to(y=target, animate=False, force=True)

    def _show_changes(self, anchor: Anchor, first_line: int) -> None:
        """Resize the virtual space, keep the anchor, and repaint only from ``first_line`` on."""
        self._growing = True
        try:
            self._set_virtual_height()
            before = self.scroll_offset.y
            self._restore(anchor)
        finally:
            self._growing = False
        if self.scroll_offset.y != before:
            return  # scrolling repainted the whole view
        self._refresh_rows(first_line - before, self.size.height)

    def _set_virtual_height(self) -> None:
        """Set the virtual size without the screen layout its reactive would cost."""
        size = Size(self._width, self._layout.total)
        if size == self.virtual_size:
            return
        height = self.styles.height
        if height is None or height.is_auto:
            self.virtual_size = size  # the parent's layout depends on our height
            return
        set_virtual_size_quietly(self, size)
        if self.styles.overflow_y != "scroll":
            shown = self.show_vertical_scrollbar
            update_scrollbars(self, size)  # scrollbars may come or go: as a layout would
            if self.show_vertical_scrollbar != shown:
                self.refresh(layout=True)
            return
        if self.container_size:
            window = self.container_size.height - self.scrollbar_size_horizontal
            bar = self.vertical_scrollbar
            update_scrollbar(bar, size.height, window, self.scroll_y, growing=self._growing)
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    def _refresh_message(self, key: Hashable | None) -> None:
        """Repaint the visible lines of a message (its lines themselves are unchanged)."""
        index = None if key is None else self._layout.index(key)
        if index is None:
            return
        top = self._layout.start(index) - self.scroll_offset.y
        self._refresh_rows(top, top + self._layout[index].height)

    def _refresh_rows(self, top: int, bottom: int) -> None:
        """Repaint rows ``top`` to ``bottom`` of the view, but not the scrollbar beside them
        (it has its own refreshes, and repainting it costs as much as the text)."""
        top, bottom = max(0, top), min(self.size.height, bottom)
        if top < bottom:
            width = self._width or self.size.width
            self.refresh(Region(0, top, width, bottom - top))

    def _scroll_into_view(self, index: int) -> None:
        """Scroll the least that shows region ``index`` (its top, if it is taller than the view)."""
        top = self._layout.start(index)
        height = self._layout[index].height - 1  # without the spacer
        view_top, view_height = self.scroll_offset.y, self.scrollable_content_region.height
        if top < view_top or height > view_height:
            self.scroll_to(y=top, animate=False, force=True)
        elif top + height > view_top + view_height:
            self.scroll_to(y=top + height - view_height, animate=False, force=True)

    def _visible_span(self) -> tuple[int, int]:
        """The first and last regions in view (after following to the end, if following)."""
        height = self.scrollable_content_region.height
        top = max(0, self._layout.total - height) if self.follow else self.scroll_offset.y
        return self._layout.span(top, top + height - 1)
