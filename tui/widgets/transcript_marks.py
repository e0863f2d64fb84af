"""Marks in the transcript: the words a search found, the current hit set apart."""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.widgets.transcript_folding import TranscriptFolding
from tui.widgets.transcript_layout import MessageRegion

Span = tuple[int, int]
Finder = Callable[[str], Sequence[Span]]
"""Where the marked words are in a line of text: (start, end) character offsets."""

MARK_CLASSES = frozenset({"transcript--match", "transcript--match-current"})


def mark_spans(strip: Strip, spans: Sequence[Span], style: Style) -> Strip:
    """``strip`` with the characters in ``spans`` (offsets into its text) in ``style``."""
    if not spans:
        return strip
    text = strip.text
    cuts: list[int] = []
    for start, end in sorted(spans):
        start_cell, end_cell = cell_len(text[:start]), cell_len(text[:end])
        if cuts and start_cell < cuts[-1]:
            continue  # overlapping: the first one wins
        if end_cell > start_cell:
            cuts += [start_cell, end_cell]
    if not cuts:
        return strip
    pieces = strip.divide([*cuts, strip.cell_length])
    marked: list[Segment] = []
    for index, piece in enumerate(pieces):
        segments = list(piece)
        if index % 2:  # the pieces between a start and an end cut
            segments = list(Segment.apply_style(segments, post_style=style))
        marked += segments
    return Strip(marked, strip.cell_length)


class TranscriptMarks(TranscriptFolding):
    """Marks the words a search found in the text of chosen messages, as lines are painted:
    nothing is rendered again, and a line off screen costs nothing."""

    def __init__(self, **kwargs: str | None) -> None:
        super().__init__(**kwargs)
        self._finder: Finder | None = None
        self._marked_keys: frozenset[Hashable] = frozenset()
        self._current_mark: Hashable | None = None
        self._mark_styles: tuple[object, Style, Style] | None = None

    def set_marks(
        self, finder: Finder, keys: Collection[Hashable], current: Hashable | None = None
    ) -> None:
        """Mark what ``finder`` finds in the text of messages ``keys``; ``current`` stands out."""
        self._finder, self._marked_keys = finder, frozenset(keys)
        self._current_mark = current
        self._refresh_rows(0, self.size.height)

    def set_current_mark(self, key: Hashable | None) -> None:
        """Set the marks of message ``key`` apart (the hit being looked at)."""
        old, self._current_mark = self._current_mark, key
        for changed in (old, key):
            self._refresh_message(changed)

    def clear_marks(self) -> None:
        """Mark nothing any more."""
        had = self._finder is not None
        self._finder, self._marked_keys, self._current_mark = None, frozenset(), None
        if had:
            self._refresh_rows(0, self.size.height)

    @property
    def marking(self) -> bool:
        """Whether marks are shown."""
        return self._finder is not None

    def _mark_line(self, strip: Strip, region: MessageRegion, offset: int) -> Strip:
        """``strip`` (line ``offset`` of ``region``, painted) with its marks, if any."""
        finder = self._finder
        if finder is None or region.key not in self._marked_keys or not _in_body(region, offset):
            return strip
        spans = finder(strip.text)
        if not spans:
            return strip
        return mark_spans(strip, spans, self._mark_style(region.key == self._current_mark))

    def _mark_style(self, current: bool) -> Style:
        # Looked up again after a style change (the palette is reset then).
        palette = self._get_palette()
        if self._mark_styles is None or self._mark_styles[0] is not palette:
            match = self.get_component_rich_style("transcript--match")
            strong = self.get_component_rich_style("transcript--match-current")
            self._mark_styles = (palette, match, strong)
        return self._mark_styles[2] if current else self._mark_styles[1]


def _in_body(region: MessageRegion, offset: int) -> bool:
    """Whether line ``offset`` of ``region`` is its text (not header, thinking or footer)."""
    start = len(region.header) + region.thinking_height
    return start <= offset < start + len(region.body.lines)
