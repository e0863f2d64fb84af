"""Syntax-highlighted code blocks as lines of segments, wrapped to a width."""

from __future__ import annotations

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
_NO_BREAK_AFTER = frozenset(".")  # a chained call continues with ".name", as people write it
# Inside one token (a shell word, a string, a URL), rows may end after these before a word.
_BREAK_AFTER = frozenset(",;/|&=")


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
    if inner < _MIN_MARKED:
        cuts = _cuts(text, cells, set(), inner, inner, floor=0)
        return [list(piece) for piece in Segment.divide(line, [cells[cut] for cut in cuts])]
    lead = len(text) - len(text.lstrip(" "))
    indent = max(0, min(lead, inner // 2 - len(MARKER)))  # deep indents leave half the row
    prefix = [Segment(" " * indent, background)] if indent else []
    prefix.append(Segment(MARKER, marker))
    starts = set(accumulate(len(segment.text) for segment in line))
    room = inner - indent - len(MARKER)
    cuts = _cuts(text, cells, starts, inner, room, floor=lead)
    pieces = Segment.divide(line, [cells[cut] for cut in cuts])
    return [list(piece) if row == 0 else [*prefix, *piece] for row, piece in enumerate(pieces)]


def _cuts(
    text: str, cells: list[int] | range, starts: set[int], first: int, room: int, floor: int
) -> list[int]:
    """Character offsets ending each row: the first row ``first`` cells wide, the others
    ``room``; the last offset is the end of ``text``. No row ends before ``floor`` (the
    indentation) unless a word is cut."""
    cuts: list[int] = []
    start, width, end = 0, first, len(text)
    while (limit := _row_end(cells, start, width, end)) < end:
        cut = _break_before(text, starts, max(start, floor), limit)
        if cut:  # a word longer than a whole row is cut anyway: better to fill this row
            following = _row_end(cells, cut, room, end)
            if following < end and not _break_before(text, starts, cut, following):
                cut = 0
        cuts.append(cut or limit)
        start, width = cut or limit, room
    cuts.append(end)
    return cuts


def _row_end(cells: list[int] | range, start: int, width: int, end: int) -> int:
    """The offset of the last character that fits a row of ``width`` cells from ``start``
    (at least one character, even one wider than the row)."""
    limit = start + 1
    while limit < end and cells[limit + 1] - cells[start] <= width:
        limit += 1
    return limit


def _break_before(text: str, starts: set[int], start: int, limit: int) -> int:
    """The best place in ``text`` to end a row running from ``start`` up to ``limit``, or 0.

    After a space if one falls in the row's second half; else between tokens or after a
    separator such as "," or "/" (never between two word characters, nor before a space
    or closing punctuation).
    """
    token_break = 0
    half = start + (limit - start) // 2
    for index in range(limit, start, -1):
        before, after = text[index - 1], text[index]
        if after == " " or (_is_word(before) and _is_word(after)):
            continue
        if before == " ":
            if index > half or not token_break:
                return index
            break
        if not token_break and (
            (index in starts and after not in _NO_BREAK_BEFORE and before not in _NO_BREAK_AFTER)
            or (before in _BREAK_AFTER and _is_word(after))
        ):
            token_break = index
    return token_break


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"
