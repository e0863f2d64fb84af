"""Syntax-highlighted code blocks as lines of segments, wrapped to a width."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import Comment
from pygments.util import ClassNotFound
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style

from tui.render.theme import CodeStyles

TAB_SIZE = 4
PADDING = 1  # columns of code background left and right of the code
MARKER = "↪ "
"""Starts every continued row of a wrapped code line (after the line's indentation)."""
_MIN_MARKED = 4  # narrower than this, rows are cut without a marker: it would leave no room
_NO_BREAK_BEFORE = frozenset(",;:)]}=")
# A chained call continues with ".name", as people write it; a quote before a word opens
# a string, which starts the next row whole.
_NO_BREAK_AFTER = frozenset(".")
_QUOTES = frozenset("\"'`")
# Inside one token (a shell word, a string, a URL), rows may end after these before a word.
_SEPARATOR_BREAKS = re.compile(r"(?<=[,;/|&=])(?=\w)")
_SPACE_BREAKS = re.compile(r"(?<= )(?=[^ ])")


@lru_cache(maxsize=64)
def get_lexer(name: str) -> Lexer:
    """A Pygments lexer for a fence's language (plain text for unknown or empty names)."""
    options = {"stripnl": False, "ensurenl": True, "tabsize": TAB_SIZE}
    try:
        return get_lexer_by_name(name.strip().lower() or "text", **options)
    except ClassNotFound:
        return get_lexer_by_name("text", **options)


def highlight_lines(code: str, language: str, styles: CodeStyles) -> list[list[Segment]]:
    """``code`` tokenised and coloured, one list of segments per source line.

    Every token starts a segment of its own, so segment edges are token boundaries.
    """
    lines: list[list[Segment]] = [[]]
    for token_type, value in get_lexer(language).get_tokens(code):
        style = styles.for_token(token_type)
        first = True
        for part in value.split("\n"):
            if not first:
                lines.append([])
            first = False
            if part:
                lines[-1].append(Segment(part, style))
    if not lines[-1]:
        lines.pop()  # the lexer ends the text with a newline of its own
    return lines


def render_code(code: str, language: str, width: int, styles: CodeStyles) -> list[list[Segment]]:
    """``code`` as lines exactly ``width`` cells wide on the code background.

    A line longer than the width wraps between tokens, never inside a word, and each row
    it continues on starts with the line's indentation and a faint :data:`MARKER`. The code
    itself is unchanged: joining the rows without their markers gives the line back.
    """
    background = styles.background
    inner = max(1, width - 2 * PADDING)
    pad = Segment(" " * PADDING, background)
    # In the comment colour: faint in every theme, yet on the code background.
    marker = styles.for_token(Comment) + Style(italic=False)
    out: list[list[Segment]] = []
    for line in highlight_lines(code, language, styles) or [[]]:
        length = sum(cell_len(segment.text) for segment in line)
        pieces = [line] if length <= inner else wrap_line(line, inner, background, marker)
        for piece in pieces:
            used = sum(cell_len(segment.text) for segment in piece)
            fill = Segment(" " * (inner - used), background) if used < inner else None
            out.append([pad, *piece, fill, pad] if fill else [pad, *piece, pad])
    return out


def wrap_line(
    line: list[Segment], inner: int, background: Style, marker: Style
) -> list[list[Segment]]:
    """One highlighted line as rows of at most ``inner`` cells, continued rows marked."""
    text = "".join(segment.text for segment in line)
    if len(text) == cell_len(text):
        cells: list[int] | range = range(len(text) + 1)
    else:  # wide characters: cell offsets differ from character offsets
        cells = [0, *accumulate(cell_len(character) for character in text)]
    lead = len(text) - len(text.lstrip(" "))
    breaks = _Breaks(text, line, floor=lead)
    if inner < _MIN_MARKED:
        cuts = _cuts(cells, breaks, inner, inner)
        return [list(piece) for piece in Segment.divide(line, [cells[cut] for cut in cuts])]
    indent = max(0, min(lead, inner // 2 - len(MARKER)))  # deep indents leave half the row
    prefix = [Segment(" " * indent, background)] if indent else []
    prefix.append(Segment(MARKER, marker))
    cuts = _cuts(cells, breaks, inner, inner - indent - len(MARKER))
    pieces = Segment.divide(line, [cells[cut] for cut in cuts])
    return [list(piece) if row == 0 else [*prefix, *piece] for row, piece in enumerate(pieces)]


class _Breaks:
    """Where a line may end a row, best first: after a space, between tokens, after a
    separator such as "," or "/" inside a token (never between two word characters, nor
    before a space or closing punctuation); never inside the indentation (before ``floor``)."""

    def __init__(self, text: str, line: list[Segment], floor: int) -> None:
        self.spaces = [m.start() for m in _SPACE_BREAKS.finditer(text, floor + 1)]
        self.tokens: list[int] = []
        offset = 0
        for segment in line[:-1]:
            offset += len(segment.text)
            before, after = text[offset - 1], text[offset]
            if (
                offset > floor
                and after != " "
                and not ((_is_word(before) or before in _QUOTES) and _is_word(after))
                and after not in _NO_BREAK_BEFORE
                and before not in _NO_BREAK_AFTER
            ):
                self.tokens.append(offset)
        self.separators = [m.start() for m in _SEPARATOR_BREAKS.finditer(text, floor + 1)]

    def best(self, start: int, limit: int) -> int:
        """The best break after ``start`` and at most ``limit``, or 0: the first kind with
        a break in the row's second half, else the last break of any kind."""
        half = start + (limit - start) // 2
        found = [_last(kind, start, limit) for kind in (self.spaces, self.tokens, self.separators)]
        return next((cut for cut in found if cut > half), max(found))


def _last(breaks: list[int], start: int, limit: int) -> int:
    index = bisect_right(breaks, limit) - 1
    return breaks[index] if index >= 0 and breaks[index] > start else 0


def _cuts(cells: list[int] | range, breaks: _Breaks, first: int, room: int) -> list[int]:
    """Character offsets ending each row: the first row ``first`` cells wide, the others
    ``room``; the last offset is the end of the line."""
    cuts: list[int] = []
    start, width, end = 0, first, len(cells) - 1
    while (limit := _row_end(cells, start, width)) < end:
        cut = breaks.best(start, limit)
        if cut:  # a word longer than a whole row is cut anyway: better to fill this row
            following = _row_end(cells, cut, room)
            if following < end and not breaks.best(cut, following):
                cut = 0
        cuts.append(cut or limit)
        start, width = cut or limit, room
    cuts.append(end)
    return cuts


def _row_end(cells: list[int] | range, start: int, width: int) -> int:
    """The offset ending the longest row of at most ``width`` cells from ``start`` (at
    least one character, even one wider than the row)."""
    if isinstance(cells, range):
        return min(len(cells) - 1, start + max(1, width))
    return max(start + 1, bisect_right(cells, cells[start] + width, start) - 1)


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"
