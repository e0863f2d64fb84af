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
        left, right = self.state, self.details
        if len(left) + len(right) + 2 > width:
            # Narrow: the live state ("cut off at the length limit · ctrl+g continues it")
            # matters more than the totals, which give way first, down to a quarter.
            left = _clip(left, width - min(len(right), width // 4) - 2)
            right = _clip(right, width - len(left) - 2)
        text = Text(left, style="bold" if self.busy else "")
        text.append(" " * max(1, width - len(left) - len(right)))
        text.append(right, style="dim")
        return text


def _clip(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    return text[: room - 1] + "…" if room > 1 else ""
