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

JUMP = 3
"""Following growing text, the view moves at least 1/JUMP of its height at a time, not a line.

Moving the view by one line repaints every row of it; text added below the last line shown
repaints only the rows it changed. So when the end passes the bottom, the view jumps to leave
a third of itself blank below the end, and the next lines fill that room in place: measured
while an answer streams, about one frame in ten moves the view instead of one in two."""

GROWTH_ROOM = 2
"""...and leaves room for this many updates' growth, up to two thirds of its height. In a
narrow column (side by side) an update adds as many lines as a third of the view holds, and
the view moved at nearly every update, repainting all of it; with room for two, every other."""


class TranscriptScrolling(ScrollView):
    """A line-based scroll view over regions, which follows the end until scrolled up."""

    follow: var[bool] = var(True)
    """True while the view keeps the end in sight (the user has not scrolled up)."""

    def __init__(self, **kwargs: str | None) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._layout = TranscriptLayout()
        self._width = 0  # the content width (0: not known yet)
        self._growing = False  # the view moves because content grew, not by hand
        self._slack = 0  # blank lines below the end, the room growing text fills in place
        self._shown_total = 0  # the layout's height when the virtual size was last set
        self._growth = 0  # lines the last update added

    @property
    def content_height(self) -> int:
        """Lines the messages take (the virtual height less the room kept below the end)."""
        return self._layout.total

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
        """Resize the virtual space, keep the anchor, and repaint only from ``first_line``
        to the lower of the old and new ends (below both, the rows were and stay blank)."""
        old_end = self._shown_total
        self._growth = max(0, self._layout.total - old_end)
        # Only text still growing may leave the scrollbar's repaint for later: a change after
        # the end (a footer, an error's detail) would otherwise leave a stale thumb.
        self._growing = self._growing_text()
        try:
            before = self.scroll_offset.y
            following = anchor is None and self.follow
            self._set_virtual_height(self._room_below(before) if following else 0)
            self._restore(anchor)
        finally:
            self._growing = False
        if self.scroll_offset.y != before:
            return  # scrolling repainted the whole view
        self._refresh_rows(first_line - before, max(old_end, self._layout.total) - before)

    def _growing_text(self) -> bool:
        """Whether a message is still growing (a subclass knows)."""
        return False

    def _settle(self) -> None:
        """Nothing grows any more: give up the room below the end, so a finished
        conversation rests on the bottom line as a terminal's output does."""
        if self._slack and self.follow:
            self._set_virtual_height()
            self._restore(None)

    def _room_below(self, top: int) -> int:
        """Blank lines to keep below the end while following growing text: what is left
        below it if the end is still in view at ``top``, else room for a jump (see JUMP)."""
        view = self.scrollable_content_region.height
        total = self._layout.total
        height = self.styles.height
        if view <= 0 or total <= view or height is None or height.is_auto:
            return 0  # a view as tall as its text has nothing to jump
        if not self._growing_text():
            return 0  # at rest, the end is on the bottom line
        if top < total <= top + view:
            return top + view - total
        return max(1, view // JUMP, min(GROWTH_ROOM * self._growth, view * 2 // 3))

    def _set_virtual_height(self, slack: int = 0) -> None:
        """Set the virtual size (the layout's height and ``slack`` blank lines below it)
        without the screen layout its reactive would cost."""
        self._slack = slack
        self._shown_total = self._layout.total
        size = Size(self._width, self._layout.total + slack)
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
        end = self._layout.total + self._slack
        top = max(0, end - height) if self.follow else self.scroll_offset.y
        return self._layout.span(top, top + height - 1)
