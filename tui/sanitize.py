"""Makes model text safe for a terminal: no control character or escape sequence gets through."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and the C1 controls (which some terminals obey as
# 8-bit escape sequences). Replacing them one by one defuses every sequence, even one split
# across two deltas: without ESC (or its C1 twin, CSI/OSC), "[31m" is just text.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # U+2400 block: ␀ … ␛ … ␟, visible and inert
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def sanitize(text: str) -> str:
    """Return ``text`` with CRLF as LF and every other control character made visible."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return _CONTROL.sub(_picture, text)


class StreamSanitizer:
    """:func:`sanitize` for text that arrives in pieces (a CRLF may be split between two)."""

    def __init__(self) -> None:
        self._held_cr = False

    def feed(self, piece: str) -> str:
        if self._held_cr:
            piece = "\r" + piece
            self._held_cr = False
        if piece.endswith("\r"):
            piece = piece[:-1]
            self._held_cr = True
        return sanitize(piece)

    def flush(self) -> str:
        held, self._held_cr = self._held_cr, False
        return sanitize("\r") if held else ""
