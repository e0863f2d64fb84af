"""Rendered lines in a compact form that the garbage collector need not walk."""

from __future__ import annotations

from collections.abc import Iterable

from rich.segment import Segment
from rich.style import Style

Line = tuple[tuple[str, int], ...]
"""One rendered line: (text, style number) pairs.

A long conversation keeps tens of thousands of lines. As Rich segments or Textual strips
each line is a dozen or more objects that every full garbage collection walks, so pauses
grow with the conversation; tuples of strings and ints are untracked by the collector.
Lines become segments again only when they are painted on screen.
"""

_NO_STYLE = -1


class StyleTable:
    """Numbers for styles, so that lines can hold numbers instead of style objects."""

    def __init__(self) -> None:
        self._styles: list[Style] = []
        self._numbers: dict[Style, int] = {}

    def number(self, style: Style | None) -> int:
        if style is None:
            return _NO_STYLE
        number = self._numbers.get(style)
        if number is None:
            number = self._numbers[style] = len(self._styles)
            self._styles.append(style)
        return number

    def style(self, number: int) -> Style | None:
        return None if number == _NO_STYLE else self._styles[number]


# One table for the process: styles are few (a theme's worth) and shared by every line.
STYLES = StyleTable()


def pack(segments: Iterable[Segment]) -> Line:
    """A line from segments (control segments, which no renderer here emits, are dropped)."""
    number = STYLES.number
    return tuple((text, number(style)) for text, style, control in segments if not control)


def unpack(line: Line) -> list[Segment]:
    """The segments of a line."""
    style = STYLES.style
    return [Segment(text, style(number)) for text, number in line]
