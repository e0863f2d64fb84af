"""The comparison's columns side by side: which fit, which is active, maximised, synced."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from textual.containers import Horizontal
from textual.events import DescendantFocus, Resize

from tui.widgets.compare_column import CompareColumn
from tui.widgets.transcript import Transcript

MIN_COLUMN_WIDTH = 38
"""Columns are never narrower than this (cells): fewer are shown at once instead."""


class CompareColumns(Horizontal):
    """The columns of a comparison, in lane order, and the one the column keys act on.

    Shows as many columns as fit at the screen's width (never narrower than
    :data:`MIN_COLUMN_WIDTH`), keeps the active one among them, maximises it on request,
    makes a column active when it takes the focus, keeps the stats lines level and, with
    synced scrolling, lets the active column lead the others. ``on_change`` is told after
    every change of what shows (the screen's status line follows it).
    """

    def __init__(self, *, on_change: Callable[[], None], id: str | None = None) -> None:
        super().__init__(id=id)
        self._on_change = on_change
        self.active = 0
        """The index of the column the column keys act on."""
        self.maximised = False
        self.synced = False
        self._window = range(0)
        self._syncing = False

    @property
    def columns(self) -> list[CompareColumn]:
        """The columns, in order."""
        return list(self.query_children(CompareColumn))

    @property
    def window(self) -> range:
        """The indexes of the columns on screen now."""
        return self._window

    @property
    def active_column(self) -> CompareColumn:
        return self.columns[self.active]

    @property
    def active_transcript(self) -> Transcript:
        return self.active_column.transcript

    async def add(self, columns: Iterable[CompareColumn]) -> None:
        """Mount ``columns`` after the others (call :meth:`relayout` once they are filled)."""
        added = list(columns)
        await self.mount_all(added)
        for column in added:
            scrolled = partial(self._column_scrolled, column)
            self.watch(column.transcript, "scroll_y", scrolled, init=False)

    async def remove_column(self, column: CompareColumn) -> None:
        """Take ``column`` away; the active index stays, unless it was the last one."""
        self.active = min(self.active, len(self.columns) - 2)
        await column.remove()
        self.relayout()

    # -- which column ----------------------------------------------------------------------

    def move(self, step: int) -> None:
        """Make the next (or previous) column active, wrapping around; off screen: scroll to it."""
        if count := len(self.columns):
            self.activate((self.active + step) % count)

    def go(self, index: int) -> None:
        if index >= len(self.columns):
            self.notify(f"There is no column {index + 1}.", timeout=2)
            return
        self.activate(index)

    def activate(self, index: int) -> None:
        """Make column ``index`` active; when a column had the focus, this one takes it."""
        had_focus = self.column_index(self.screen.focused) is not None
        self.active = index
        self.relayout()
        if had_focus:
            self.active_transcript.focus()

    def column_index(self, widget: object) -> int | None:
        """The index of the column that holds ``widget``, if any."""
        for index, column in enumerate(self.columns):
            node = widget
            while node is not None:
                if node is column:
                    return index
                node = getattr(node, "parent", None)
        return None

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        # Tab or a click into a column makes it the one the column keys act on.
        index = self.column_index(event.widget)
        if index is not None and index != self.active:
            self.active = index
            self.relayout()

    # -- reading ---------------------------------------------------------------------------

    def scroll_active(self, lines: int) -> None:
        self.active_transcript.scroll_relative(y=lines, animate=False)

    def page_active(self, pages: int) -> None:
        transcript = self.active_transcript
        transcript.scroll_relative(y=pages * max(1, transcript.size.height - 2), animate=False)

    def toggle_sync(self) -> None:
        self.synced = not self.synced
        self.notify(
            "Synced scrolling: the active column leads."
            if self.synced
            else "Columns scroll on their own.",
            timeout=2,
        )
        self._on_change()

    def toggle_thinking(self) -> bool | None:
        """Open every column's thinking if one block is folded, else fold them all alike;
        the new state, or None when no answer has reasoning to show."""
        transcripts = [column.transcript for column in self.columns]
        states = [t.all_thinking_open() for t in transcripts]
        known = [state for state in states if state is not None]
        if not known:
            return None
        for transcript in transcripts:
            transcript.set_all_thinking(not all(known))
        return not all(known)

    def toggle_maximise(self) -> None:
        self.maximised = not self.maximised
        self.relayout()

    def _column_scrolled(self, column: CompareColumn, old: float, new: float) -> None:
        """With synced scrolling, the active column leads: the others follow, proportionally."""
        columns = self.columns
        if not self.synced or self._syncing or columns[self.active] is not column:
            return
        source = column.transcript
        fraction = new / source.max_scroll_y if source.max_scroll_y else 1.0
        self._syncing = True
        try:
            for index in self._window:
                other = columns[index].transcript
                if other is not source:
                    other.scroll_to(y=round(fraction * other.max_scroll_y), animate=False)
        finally:
            self._syncing = False

    # -- layout ----------------------------------------------------------------------------

    def on_resize(self, event: Resize) -> None:
        self.relayout()

    def relayout(self) -> None:
        """Show the columns that fit (never narrower than the minimum), the active among them."""
        columns = self.columns
        if not columns:
            return
        self.active = max(0, min(self.active, len(columns) - 1))
        width = self.screen.size.width or self.app.size.width
        start = self._window.start if self._window else 0
        self._window = visible_window(len(columns), self.active, width, start, self.maximised)
        for index, column in enumerate(columns):
            column.display = index in self._window
            column.set_class(index == self.active, "-active")
            column.set_class(self.maximised and index == self.active, "-maximised")
            column.set_title(index + 1, column.model)
        self._on_change()
        self.call_after_refresh(self.align_stats)  # at the widths the columns now have

    def align_stats(self) -> None:
        """The same number of stats lines under every column keeps their transcripts level."""
        columns = self.columns
        shown = [columns[index].stats for index in self._window if index < len(columns)]
        widths = [stats.content_size.width for stats in shown]
        if not shown or not all(widths):
            return
        tallest = max(len(stats.lines(width)) for stats, width in zip(shown, widths, strict=True))
        for stats in shown:
            stats.min_lines = tallest


def visible_window(count: int, active: int, width: int, start: int, maximised: bool) -> range:
    """Which columns fit side by side at ``width`` cells, keeping ``active`` in view and
    moving as little as possible from ``start``."""
    fit = 1 if maximised else max(1, min(count, width // MIN_COLUMN_WIDTH))
    start = min(max(start, active - fit + 1), active)
    start = max(0, min(start, count - fit))
    return range(start, start + fit)


def pager_text(window: range, count: int, previous_key: str, next_key: str) -> str:
    """Which columns are on screen when not all fit, and the keys that show the others."""
    if len(window) >= count:
        return ""
    shown = f"{window.start + 1}" if len(window) == 1 else f"{window.start + 1}–{window.stop}"
    moves = []
    if window.start > 0:
        moves.append(f"{previous_key} previous")
    if window.stop < count:
        moves.append(f"{next_key} next")
    return " · ".join([f"{shown} of {count}", *moves])
