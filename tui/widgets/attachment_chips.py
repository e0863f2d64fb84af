"""The files waiting to go with the next prompt, one chip each, above the prompt."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from tui.sanitize import one_line


class AttachmentChips(Static):
    """One line of chips (``name · kind · size``); hidden while nothing is attached."""

    DEFAULT_CSS = """
    AttachmentChips { height: auto; max-height: 3; padding: 0 1; display: none; }
    AttachmentChips.-shown { display: block; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.chips: tuple[str, ...] = ()
        """The chips' words as shown (neutralised)."""

    def show(self, described: Sequence[str], hint: str = "") -> None:
        """Show one chip per description; ``hint`` says how to take one off."""
        self.chips = tuple(one_line(words) for words in described)
        text = Text(end="")
        for chip in self.chips:
            text.append(f" 📎 {chip} ", "reverse")
            text.append(" ")
        if self.chips and hint:
            text.append(hint, "dim")
        self.update(text)  # a Text, never markup: a file name stays as it is
        self.set_class(bool(self.chips), "-shown")
