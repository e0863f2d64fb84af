"""The files waiting to go with the next prompt, one chip each, above the prompt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Static

from tui.sanitize import one_line


class AttachmentChips(Static):
    """One line of chips (``name · kind · size``); hidden while nothing is attached.

    :meth:`choose` focuses the row with a chip selected: left and right move, delete or
    backspace asks to take it off (:class:`RemoveChosen`), escape or enter goes back
    (:class:`Done`). The row takes the focus only while choosing, so tab never lands on it.
    """

    DEFAULT_CSS = """
    AttachmentChips { height: auto; max-height: 3; padding: 0 1; display: none; }
    AttachmentChips.-shown { display: block; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "move(-1)", "Previous file", id="chips.previous"),
        Binding("right", "move(1)", "Next file", id="chips.next"),
        Binding("delete,backspace", "remove", "Take it off", id="chips.remove"),
        Binding("escape,enter", "done", "Back to the prompt", id="chips.done"),
    ]

    class RemoveChosen(Message):
        """The user asked to take off the chip at ``index``."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    class Done(Message):
        """The user is done choosing: the prompt may have the focus back."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.chips: tuple[str, ...] = ()
        """The chips' words as shown (neutralised)."""
        self.selected: int | None = None
        """The chip chosen to take off (None: not choosing)."""
        self._hint = ""

    def show(self, described: Sequence[str], hint: str = "") -> None:
        """Show one chip per description; ``hint`` says how to take one off."""
        self.chips = tuple(one_line(words) for words in described)
        self._hint = hint
        if self.selected is not None:
            self.selected = min(self.selected, len(self.chips) - 1) if self.chips else None
        self._render_chips()
        self.set_class(bool(self.chips), "-shown")

    def choose(self) -> None:
        """Select the last chip and take the focus to choose one."""
        if not self.chips:
            return
        self.selected = len(self.chips) - 1
        self.can_focus = True
        self._render_chips()
        self.focus()

    def on_blur(self) -> None:
        self.selected = None
        self.can_focus = False
        self._render_chips()

    def action_move(self, step: int) -> None:
        if self.selected is not None and self.chips:
            self.selected = (self.selected + step) % len(self.chips)
            self._render_chips()

    def action_remove(self) -> None:
        if self.selected is not None:
            self.post_message(self.RemoveChosen(self.selected))

    def action_done(self) -> None:
        self.post_message(self.Done())

    def _render_chips(self) -> None:
        text = Text(end="")
        for index, chip in enumerate(self.chips):
            chosen = index == self.selected
            text.append(
                f"{'▸' if chosen else ' '}📎 {chip} ", "bold reverse" if chosen else "reverse"
            )
            text.append(" ")
        if self.chips:
            hint = "←→ choose · del takes it off · esc back" if self.selected is not None else ""
            if hint or self._hint:
                text.append(hint or self._hint, "dim")
        self.update(text)  # a Text, never markup: a file name stays as it is
