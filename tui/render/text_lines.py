"""Rich text wrapped (or cut) to a fixed width, as packed lines: nothing dear to import.

The transcript's chrome (headers, footers, details) and its notices and errors need only
this; Markdown and syntax highlighting build on it and are imported when first rendered.
"""

from __future__ import annotations

import io

from rich.console import Console, RenderableType
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from rich.theme import Theme

from tui.render.lines import Line, pack


class TextLines:
    """Renders plain or styled text into lines of a given width."""

    def __init__(self, theme: Theme | None = None) -> None:
        # A console of our own: ``theme`` resolves named styles, and nothing is written.
        self._console = Console(
            file=io.StringIO(),
            theme=theme,
            color_system="truecolor",
            force_terminal=True,
            legacy_windows=False,
            markup=False,
            emoji=False,
            highlight=False,
            width=80,
        )

    def plain(self, text: str, width: int, style: Style | None = None) -> list[Line]:
        """``text`` as it is, wrapped at ``width``, in ``style``."""
        return self._lines(Text(text, style=style or Style(), end=""), width)

    def wrapped(self, text: Text, width: int) -> list[Line]:
        """``text`` with its own styles (links among them), wrapped at ``width``."""
        return self._lines(text, width)

    def line(self, text: Text, width: int) -> Line:
        """``text`` on one line, cut with an ellipsis at ``width``."""
        text = text.copy()
        text.truncate(max(1, width), overflow="ellipsis")
        segments = list(text.render(self._console, end=""))
        if text.style:  # Text.render leaves the base style to its caller
            base = self._console.get_style(text.style)
            segments = list(Segment.apply_style(segments, base))
        return pack(segments)

    def _lines(self, renderable: RenderableType, width: int) -> list[Line]:
        console = self._console
        options = console.options.update(width=max(1, width), height=None)
        lines = console.render_lines(renderable, options, pad=False, new_lines=False)
        return [pack(line) for line in trim_blank(lines)]


def is_blank(line: list[Segment]) -> bool:
    """Whether a rendered line shows nothing: only spaces, and no background."""
    return all(
        not segment.text.strip() and (segment.style is None or segment.style.bgcolor is None)
        for segment in line
    )


def trim_blank(lines: list[list[Segment]]) -> list[list[Segment]]:
    """``lines`` without blank lines at either end (block spacing is added by the caller)."""
    start, end = 0, len(lines)
    while start < end and is_blank(lines[start]):
        start += 1
    while end > start and is_blank(lines[end - 1]):
        end -= 1
    return lines[start:end]
