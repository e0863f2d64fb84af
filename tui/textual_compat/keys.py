"""Keys as terminals send them: escape then a digit is alt+digit, never a typed character.

Most terminals (xterm, VTE, tmux, iTerm with option as Esc+) send alt+3 as ESC then "3".
Textual 8 reads that pair as the character macOS types for option+3 ("£"), which a text
field then inserts. Parley binds alt+digit (the comparison's column keys), so the pair is
read as the key alt+digit, with no character. A "£" typed as itself is unaffected: it
arrives as its own character, not as an escape sequence. Terminals with the kitty keyboard
protocol report alt+digit directly and never reach this table.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import _ansi_sequences

DIGITS = "0123456789"


@dataclass(frozen=True, slots=True)
class KeyName:
    """A key the parser reports by name: it reads ``.value`` of a sequence's keys."""

    value: str


def install() -> None:
    """Read ESC+digit as alt+digit from now on (idempotent)."""
    table = _ansi_sequences.ANSI_SEQUENCES_KEYS
    for digit in DIGITS:
        table[f"\x1b{digit}"] = (KeyName(f"alt+{digit}"),)  # type: ignore[index]
