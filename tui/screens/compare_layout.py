"""Where the comparison's columns go: how many fit, which is active, the status line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.events import DescendantFocus, Resize

from tui.controllers.lanes import Lane
from tui.textual_compat.bindings import own_bindings
from tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from tui.screens.compare import CompareScreen

MIN_COLUMN_WIDTH = 38
"""Columns are never narrower than this (cells): fewer are shown at once instead."""


class ColumnLayout:
    """Mixed into :class:`CompareScreen`: the columns on screen, the active one, the stats
    lines' height, synced scrolling and the status line."""

    # -- showing ---------------------------------------------------------------------------

    def show_stats(self: CompareScreen, lane: Lane) -> None:
        lane.show_stats(self.app.clock())
        self._align_stats()

    def _align_stats(self: CompareScreen) -> None:
        # The same number of stats lines under every column keeps their transcripts level.
        shown = [self.lanes[index].column.stats for index in self._window]
        widths = [stats.content_size.width for stats in shown]
        if not shown or not all(widths):
            return
        tallest = max(len(stats.lines(width)) for stats, width in zip(shown, widths, strict=True))
        for stats in shown:
            stats.min_lines = tallest

    def refresh_status(self: CompareScreen) -> None:
        """The status line: which columns are on screen, how they stand, and the view's modes."""
        keys = self._key_of("compare.previous"), self._key_of("compare.next")
        pager = pager_text(self._window, len(self.lanes), *keys)
        state = " │ ".join(
            text for text in (pager, summary_text(self.lanes, self.app.clock())) if text
        )
        flags = []
        if self.maximised:
            flags.append(f"maximised · {self._key_of('compare.maximise')} back")
        if self.synced:
            flags.append("synced scrolling")
        if self.app.settings.demo:
            flags.append("DEMO")
        if self.conversation is not None and self.conversation.title:
            flags.append(self.conversation.title[:30])
        self.query_one(StatusLine).show(state, " · ".join(flags), busy=self.streaming)

    def _key_of(self: CompareScreen, binding_id: str) -> str:
        # Read back from the bindings, so a user's keymap shows its own keys.
        for bindings in own_bindings(self):
            for binding in bindings:
                if binding.id == binding_id:
                    return self.app.get_key_display(binding)
        return binding_id

    # -- layout ----------------------------------------------------------------------------

    def on_resize(self: CompareScreen, event: Resize) -> None:
        self.relayout()

    def relayout(self: CompareScreen) -> None:
        """Show the columns that fit (never narrower than the minimum), the active among them."""
        if not self.lanes:
            return
        self.active = max(0, min(self.active, len(self.lanes) - 1))
        width = self.size.width or self.app.size.width
        start = self._window.start if self._window else 0
        self._window = visible_window(len(self.lanes), self.active, width, start, self.maximised)
        for index, lane in enumerate(self.lanes):
            column = lane.column
            column.display = index in self._window
            column.set_class(index == self.active, "-active")
            column.set_class(self.maximised and index == self.active, "-maximised")
            column.set_title(index + 1, lane.model)
        self.refresh_status()
        self.call_after_refresh(self._align_stats)  # at the widths the columns now have

    def on_descendant_focus(self: CompareScreen, event: DescendantFocus) -> None:
        # Tab or a click into a column makes it the one the column keys act on.
        index = self.column_index(event.widget)
        if index is not None and index != self.active:
            self.active = index
            self.relayout()

    def column_index(self: CompareScreen, widget: object) -> int | None:
        for index, lane in enumerate(self.lanes):
            node = widget
            while node is not None:
                if node is lane.column:
                    return index
                node = getattr(node, "parent", None)
        return None

    def _column_scrolled(self: CompareScreen, lane: Lane, old: float, new: float) -> None:
        """With synced scrolling, the active column leads: the others follow, proportionally."""
        if not self.synced or self._syncing or self.lanes[self.active] is not lane:
            return
        source = lane.column.transcript
        fraction = new / source.max_scroll_y if source.max_scroll_y else 1.0
        self._syncing = True
        try:
            for index in self._window:
                other = self.lanes[index].column.transcript
                if other is not source:
                    other.scroll_to(y=round(fraction * other.max_scroll_y), animate=False)
        finally:
            self._syncing = False


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


def summary_text(lanes: Sequence[Lane], now: float) -> str:
    """How the columns stand: how many stream, or how their answers ended."""
    outcomes = [lane.outcome for lane in lanes]
    said = []
    if running := outcomes.count("streaming"):
        progress = next(lane.progress for lane in lanes if lane.running)
        spinner = progress.spinner(now) if progress is not None else ""
        said.append(f"{spinner} {running} of {len(lanes)} streaming".strip())
    said += [f"{n} {word}" for word in ("done", "failed", "stopped") if (n := outcomes.count(word))]
    return " · ".join(said) or f"{len(lanes)} models · ready"
