"""The status line: connection state on the left, model, title and totals on the right."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class StatusLine(Widget):
    """One line the screen keeps current; it renders the strings it is given."""

    state: reactive[str] = reactive("")
    details: reactive[str] = reactive("")
    busy: reactive[bool] = reactive(False)

    def show(self, state: str, details: str | None = None, *, busy: bool = False) -> None:
        self.state = state
        if details is not None:
            self.details = details
        self.busy = busy

    def watch_busy(self, busy: bool) -> None:
        self.set_class(busy, "-busy")

    def render(self) -> Text:
        width = self.size.width
        right = self.details
        left = self.state
        room = width - len(right) - 2
        if room < 12:
            # Narrow: the live state matters more than the totals.
            right = right[: max(0, width - len(left) - 2)]
            room = width - len(right) - 2
        if len(left) > room:
            left = left[: max(0, room - 1)] + "…"
        text = Text(left, style="bold" if self.busy else "")
        text.append(" " * max(1, width - len(left) - len(right)))
        text.append(right, style="dim")
        return text
