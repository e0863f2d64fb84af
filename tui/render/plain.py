"""Huge blocks as plain rows, wrapped incrementally: no Markdown, no work repeated as text grows."""

from __future__ import annotations

from array import array

from rich.cells import get_character_cell_size

from tui.render.lines import Line

BLOCK_LIMIT = 32_000
"""A block longer than this (in characters) is shown as plain wrapped text, not Markdown.

Rendering Markdown costs about a microsecond per character, and the unfinished tail is
rendered again at every update: past this size a growing block would make each update
dearer than a frame. Real answers' blocks (paragraphs, tables, code) are far smaller.
"""

WRAP_BUDGET = 1_000_000
"""Characters wrapped per render at most, so a flood is drawn over several updates and
keys are read in between (wrapping costs a few milliseconds per megabyte)."""

ROW_BUDGET = 20_000
"""Rows made per render at most (a row costs under a microsecond)."""


class PlainRows:
    """One block's text as rows of at most ``width`` cells, broken at spaces where possible.

    Greedy wrapping decides a row from the text of that row and one character after it, so
    the rows of a prefix are final but for the last: rows are made once, as text arrives.
    A row is kept as two offsets in compact arrays, and made into a line only when asked
    for (when it is painted): a 50 MB block costs a few MB of offsets, not a copy of the
    text in rows. A block that turns out shorter (the splitter cut it before trailing
    blank lines) drops the rows past its end.
    """

    def __init__(self, width: int) -> None:
        self.width = max(1, width)
        self.text = ""  # the block's text as last given (later text only adds to it)
        self.starts = array("q")  # where each final row starts in the text
        self.ends = array("q")  # and where it ends
        self.pos = 0  # where the next row starts
        self.caught_up = False  # whether only the last, unfinished row is left to wrap
        self.length: int | None = None  # where the block ends, once it is known

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> Line:
        return _row(self.text[self.starts[index] : self.ends[index]])

    def wrap(self, text: str, budget: int, final: bool) -> int:
        """Make the final rows of ``text`` from :attr:`pos`, spending at most ``budget``
        characters; returns what is left of the budget. With ``final`` the text is complete
        and every row is made."""
        self.text = text
        end = len(text)
        stop = min(end, self.pos + max(0, budget))
        if text[self.pos : stop + self.width].isascii():
            pos = self._wrap_ascii(text, stop, final)
        else:
            pos = self._wrap_cells(text, stop, final)
        budget -= pos - self.pos
        self.pos = pos
        self.caught_up = pos >= end or (not final and _fits(text, pos, end, self.width))
        return budget

    def _wrap_ascii(self, text: str, stop: int, final: bool) -> int:
        """:meth:`wrap` where a character is a cell: no call per row but string methods."""
        end, width, pos, rows = len(text), self.width, self.pos, ROW_BUDGET
        find, rfind = text.find, text.rfind
        add_start, add_end = self.starts.append, self.ends.append
        while pos < stop and rows:
            reach = pos + width
            row_end = find("\n", pos, reach + 1)
            if row_end >= 0:
                next_pos = row_end + 1
            elif reach >= end:
                if not final:
                    break  # the last row may still grow
                row_end = next_pos = end
            else:
                row_end = rfind(" ", pos, reach + 1)
                if row_end > pos:
                    next_pos = row_end + 1
                else:  # no space in reach: fold the word
                    row_end = next_pos = reach
            add_start(pos)
            add_end(row_end)
            pos = next_pos
            rows -= 1
        return pos

    def _wrap_cells(self, text: str, stop: int, final: bool) -> int:
        """:meth:`wrap` for text with wide (or zero-width) characters."""
        end, width, pos, rows = len(text), self.width, self.pos, ROW_BUDGET
        while pos < stop and rows:
            row_end, next_pos = _next_row(text, pos, end, width)
            if next_pos >= end and not final and row_end == end:
                break  # the last row may still grow
            self.starts.append(pos)
            self.ends.append(row_end)
            pos = next_pos
            rows -= 1
        return pos

    def partial(self, text: str) -> list[Line]:
        """The rows of the unfinished rest of ``text`` (after the final rows), blank rows at
        the end left out."""
        if not self.caught_up or self.pos >= len(text):
            return []
        rest = text[self.pos :].rstrip()
        return [_row(rest)] if rest else []

    def truncate(self, length: int) -> None:
        """The block ends at ``length`` after all: drop the rows from the last one that
        starts before it, to be made again."""
        self.length = length
        keep = 0
        for index in range(len(self.starts) - 1, -1, -1):  # from the end: usually a few
            if self.starts[index] < length:
                keep = index
                break
        if keep < len(self.starts):
            self.pos = self.starts[keep] if self.starts else 0
            del self.starts[keep:]
            del self.ends[keep:]
        self.caught_up = False

    def cut(self, count: int) -> None:
        """Keep the first ``count`` rows only (the rest will be made again)."""
        if count < len(self.starts):
            self.pos = self.starts[count]
            del self.starts[count:]
            del self.ends[count:]
            self.caught_up = False


def _row(text: str) -> Line:
    # Tabs would reach the terminal as they are; a space keeps every cell accounted for.
    return ((text.replace("\t", " ").rstrip(), -1),)


def _fits(text: str, pos: int, end: int, width: int) -> bool:
    """Whether the rest from ``pos`` is one row (no newline, not wider than ``width``)."""
    return end - pos <= width and text.find("\n", pos, end) < 0 and _cells(text, pos, end) <= width


def _next_row(text: str, pos: int, end: int, width: int) -> tuple[int, int]:
    """(where the row from ``pos`` ends, where the next one starts)."""
    reach = _reach(text, pos, end, width)  # the first index past ``width`` cells
    newline = text.find("\n", pos, min(end, reach + 1))
    if newline >= 0 and newline <= reach:
        return newline, newline + 1
    if reach >= end:
        return end, end
    space = text.rfind(" ", pos, reach + 1)
    if space > pos:
        return space, space + 1
    return reach, reach  # no space in reach: fold the word


def _reach(text: str, pos: int, end: int, width: int) -> int:
    """The index after the last character from ``pos`` that fits in ``width`` cells."""
    limit = min(end, pos + width)
    if text[pos:limit].isascii():
        return limit
    cells = 0
    index = pos
    while index < end:
        size = _cell_size(text[index])
        if cells + size > width:
            break
        cells += size
        index += 1
    return max(index, pos + 1)


def _cells(text: str, pos: int, end: int) -> int:
    piece = text[pos:end]
    return len(piece) if piece.isascii() else sum(map(_cell_size, piece))


def _cell_size(character: str) -> int:
    return 1 if character == "\t" else get_character_cell_size(character)  # a tab: a space
