"""Syntax-highlighted code blocks as lines of segments, wrapped to a width."""

from __future__ import annotations

from functools import lru_cache

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound
from rich.cells import cell_len
from rich.segment import Segment

from tui.render.theme import CodeStyles

TAB_SIZE = 4
PADDING = 1  # columns of code background left and right of the code


@lru_cache(maxsize=64)
def get_lexer(name: str) -> Lexer:
    """A Pygments lexer for a fence's language (plain text for unknown or empty names)."""
    options = {"stripnl": False, "ensurenl": True, "tabsize": TAB_SIZE}
    try:
        return get_lexer_by_name(name.strip().lower() or "text", **options)
    except ClassNotFound:
        return get_lexer_by_name("text", **options)


def highlight_lines(code: str, language: str, styles: CodeStyles) -> list[list[Segment]]:
    """``code`` tokenised and coloured, one list of segments per source line."""
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

    Long lines wrap at the width (code has no word boundaries worth keeping), so no
    horizontal scrolling is ever needed.
    """
    background = styles.background
    inner = max(1, width - 2 * PADDING)
    pad = Segment(" " * PADDING, background)
    out: list[list[Segment]] = []
    for line in highlight_lines(code, language, styles) or [[]]:
        length = sum(cell_len(segment.text) for segment in line)
        pieces = [line] if length <= inner else _wrap(line, length, inner)
        for piece in pieces:
            used = sum(cell_len(segment.text) for segment in piece)
            fill = Segment(" " * (inner - used), background) if used < inner else None
            out.append([pad, *piece, fill, pad] if fill else [pad, *piece, pad])
    return out


def _wrap(line: list[Segment], length: int, inner: int) -> list[list[Segment]]:
    cuts = [*range(inner, length, inner), length]
    return [list(piece) for piece in Segment.divide(line, cuts)]
