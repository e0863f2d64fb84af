"""A comparison column's stats line: its stream's state, then its numbers, wrapped to fit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

__all__ = ["ColumnStats", "pack"]

SEPARATOR = " · "
TONES = ("streaming", "done", "failed", "stopped")


def pack(parts: Sequence[str], width: int) -> list[str]:
    """``parts`` joined by " · " into as few lines of ``width`` cells as they fit in.

    A part never breaks across lines; one wider than ``width`` is cut with an ellipsis.
    """
    lines: list[str] = []
    line = ""
    for part in parts:
        if not part:
            continue
        if cell_len(part) > width:
            part = set_cell_size(part, max(0, width - 1)) + "…" if width > 1 else ""
        joined = f"{line}{SEPARATOR}{part}" if line else part
        if cell_len(joined) <= width:
            line = joined
            continue
        lines.append(line)
        line = part
    if line:
        lines.append(line)
    return lines


class ColumnStats(Widget):
    """The first line tells the stream's state (spinner, keep-alives, how it ended); the
    numbers follow (time to first token, speed, tokens, cost, finish reason, who answered),
    as many lines as the width needs.

    It renders what it is given (:meth:`show`); ``tone`` sets a state class (``-streaming``,
    ``-done``, ``-failed``, ``-stopped``) that colours the first line.
    """

    DEFAULT_CSS = """
    ColumnStats {
        height: auto;
        padding: 0 1;
        color: $text-muted;
        & > .column-stats--state { color: $text; }
        &.-streaming > .column-stats--state { color: $text; text-style: bold; }
        &.-done > .column-stats--state { color: $text-success; }
        &.-failed > .column-stats--state { color: $text-error; }
        &.-stopped > .column-stats--state { color: $text-warning; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"column-stats--state"}

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._state = ""
        self._parts: tuple[str, ...] = ()
        self._min_lines = 1

    @property
    def state(self) -> str:
        """The first line: the stream's state."""
        return self._state

    @property
    def parts(self) -> tuple[str, ...]:
        """The numbers, in the order shown."""
        return self._parts

    @property
    def min_lines(self) -> int:
        """The fewest lines it takes: side by side, columns give theirs the same height."""
        return self._min_lines

    @min_lines.setter
    def min_lines(self, lines: int) -> None:
        self._change(self._state, self._parts, max(1, lines))

    def show(self, state: str, parts: Sequence[str] = (), *, tone: str = "") -> None:
        """Show ``state`` on the first line and ``parts`` after it; ``tone`` is one of
        ``streaming``, ``done``, ``failed``, ``stopped`` or "" (none)."""
        if tone and tone not in TONES:
            raise ValueError(f"unknown tone {tone!r}; expected one of {', '.join(TONES)}")
        for name in TONES:
            self.set_class(name == tone, f"-{name}")
        self._change(state, tuple(parts), self._min_lines)

    def _change(self, state: str, parts: tuple[str, ...], min_lines: int) -> None:
        if (state, parts, min_lines) == (self._state, self._parts, self._min_lines):
            return
        # The spinner turns four times a second: the screen's layout is done again only when
        # the number of lines changes, not on every new state.
        width = self.content_size.width
        height = self._height(width) if width else None
        self._state, self._parts, self._min_lines = state, parts, min_lines
        self.refresh(layout=height is None or self._height(width) != height)

    def _height(self, width: int) -> int:
        return max(self._min_lines, len(self.lines(width)))

    def lines(self, width: int) -> list[str]:
        """The lines shown at ``width`` cells: the state, then the packed numbers."""
        state = self.state
        if cell_len(state) > width:
            state = set_cell_size(state, max(0, width - 1)) + "…"
        return [state, *pack(self.parts, width)]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self._height(max(1, width))

    def render(self) -> Text:
        first, *rest = self.lines(max(1, self.content_size.width))
        text = Text()
        text.append(first, style=self.get_component_rich_style("column-stats--state"))
        for line in rest:
            text.append("\n" + line)
        return text
