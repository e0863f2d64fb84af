"""The one neutraliser for text bound for a terminal: nothing a server sends can control it."""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import Any

# Everything a terminal may obey rather than print: C0 controls except tab and newline (ESC
# among them), DEL, the C1 controls (8-bit CSI, OSC, DCS, ST… which some terminals obey), the
# bidi overrides and isolates (they reorder what the user reads), and lone surrogates (Python's
# surrogateescape turns them back into raw 0x80-0xFF bytes). Defusing the introducer one
# character at a time defuses every sequence, even one split across two deltas: without ESC
# (or its C1 twin), "]52;c;…" or "[2J" is plain text.
_UNSAFE_CLASS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
UNSAFE = re.compile(f"[{_UNSAFE_CLASS}]")
# The same, newline and tab included: for one-line places (a table cell, a title).
UNSAFE_OR_BREAK = re.compile(f"[\n\t{_UNSAFE_CLASS}]")
# For JSON: ``json.dumps`` already escapes C0; these are what it leaves raw. They can only
# occur inside JSON strings, so escaping them keeps the document valid and its value equal.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 block: ␀ … ␛ … ␟, visible and inert
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def _flat_picture(match: re.Match[str]) -> str:
    char = match.group()
    return " " if char in "\n\t" else _picture(match)


def visible(text: str) -> str:
    """``text`` with CRLF as LF and every unsafe character shown as an inert, visible form."""
    if UNSAFE.search(text) is None:  # the common case: no allocation, one C-level scan
        return text
    if "\r\n" in text:
        text = text.replace("\r\n", "\n")
    return UNSAFE.sub(_picture, text)


# The transcript's historical name for the same thing.
sanitize = visible

# An http(s) URL a terminal may open (OSC 8): anything unsafe, a space, a quote or an angle
# bracket ends it, and so does a shown control (U+2400 block, ``<U+…>``), so a link's target
# never carries a byte that could end the link's own sequence early.
_LINKABLE = re.compile(f'https?://[^\\s<>"\u2400-\u243f{_UNSAFE_CLASS}]+', re.IGNORECASE)


def link_spans(text: str) -> list[tuple[int, int, str]]:
    """Where ``text`` names http(s) URLs that may become hyperlinks: (start, end, URL).

    Only http and https: a ``file:``, ``javascript:`` or custom scheme stays plain text.
    """
    spans = []
    for match in _LINKABLE.finditer(text):
        url = match.group().rstrip(".,;:!?)]'")
        if url.partition("://")[2]:
            spans.append((match.start(), match.start() + len(url), url))
    return spans


def one_line(text: str) -> str:
    """:func:`visible` for one-line places: newlines and tabs become spaces."""
    if UNSAFE_OR_BREAK.search(text) is None:
        return text
    return UNSAFE_OR_BREAK.sub(_flat_picture, text.replace("\r\n", "\n"))


_VISIBLE_WITH_CRLF = re.compile(f"\r\n|[{_UNSAFE_CLASS}]")
_FLAT_WITH_CRLF = re.compile(f"\r\n|[\n\t{_UNSAFE_CLASS}]")


def _replacement(match: re.Match[str], flat: bool) -> str:
    char = match.group()
    if char == "\r\n":
        return " " if flat else "\n"
    return _flat_picture(match) if flat else _picture(match)


def visible_moving(
    text: str, positions: Sequence[int], *, flat: bool = False
) -> tuple[str, list[int]]:
    """:func:`visible` (or :func:`one_line` if ``flat``) and where ``positions`` move to.

    For text whose offsets matter (styled spans, highlighted matches): a position keeps
    pointing at the same character although pictures are longer than what they replace.
    """
    pattern = _FLAT_WITH_CRLF if flat else _VISIBLE_WITH_CRLF
    pieces: list[str] = []
    ends: list[int] = []  # where each replaced run ended in ``text``
    shifts: list[int] = []  # how far everything after it has moved
    last = shift = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        shown = _replacement(match, flat)
        pieces += (text[last:start], shown)
        shift += len(shown) - (end - start)
        ends.append(end)
        shifts.append(shift)
        last = end
    if not ends:
        return text, list(positions)
    pieces.append(text[last:])
    moved = []
    for position in positions:
        index = bisect_right(ends, position)
        moved.append(position + (shifts[index - 1] if index else 0))
    return "".join(pieces), moved


def strip_unsafe(text: str) -> str:
    """``text`` without any unsafe character, for the last step before the terminal.

    Rich counts controls and bidi marks as zero cells, so dropping them keeps every line's
    width; a lone surrogate counts one cell, and becomes U+FFFD (also one cell).
    """
    if UNSAFE.search(text) is None:
        return text
    return UNSAFE.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else "", text)


def escape_json_text(text: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with unsafe characters escaped."""
    if _JSON_UNSAFE.search(text) is None:
        return text
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def terminal_json(data: Any, *, indent: int | None = None) -> str:
    """``data`` as JSON safe to show on a terminal: readable Unicode, every control escaped."""
    return escape_json_text(json.dumps(data, indent=indent, ensure_ascii=False))


class StreamSanitizer:
    """:func:`visible` for text that arrives in pieces (a CRLF may be split between two)."""

    def __init__(self) -> None:
        self._held_cr = False

    def feed(self, piece: str) -> str:
        if self._held_cr:
            piece = "\r" + piece
            self._held_cr = False
        if piece.endswith("\r"):
            piece = piece[:-1]
            self._held_cr = True
        return visible(piece)

    def flush(self) -> str:
        held, self._held_cr = self._held_cr, False
        return visible("\r") if held else ""
