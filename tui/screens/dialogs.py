"""Small modal dialogs: confirm a deletion, type a title or a model id."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; y or enter says yes, n or escape says no."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog.no"),
    ]

    def __init__(self, question: str, keys: str = "y yes · n no") -> None:
        super().__init__(classes="dialog")
        self._question = question
        self._keys = keys

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self._question, classes="dialog-question")
            yield Label(self._keys, classes="dialog-keys")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class InputDialog(ModalScreen[str | None]):
    """One line of text; enter accepts, escape gives up (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "give_up", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, question: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(classes="dialog")
        self._question = question
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self._question, classes="dialog-question")
            yield Input(self._value, placeholder=self._placeholder, id="dialog-input")
            yield Label("enter accept · escape cancel", classes="dialog-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if value:
            self.dismiss(value)

    def action_give_up(self) -> None:
        self.dismiss(None)
