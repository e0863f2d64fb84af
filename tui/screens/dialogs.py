"""Small modal dialogs: confirm a deletion, type a title or a model id."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Input, Label

from tui.screens.parts import dismiss_once


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
            # Never markup: a question may quote a message or a file name ("[/]" and all).
            yield Label(self._question, classes="dialog-question", markup=False)
            yield Label(self._keys, classes="dialog-keys", markup=False)

    def action_answer(self, answer: bool) -> None:
        dismiss_once(self, answer)


class ChoiceDialog(ModalScreen[str | None]):
    """A question with a few answers, each a key (``("m", "compress the middle")``); escape
    answers None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('')", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, question: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__(classes="dialog")
        self._question = question
        self._choices = dict(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            # Never markup: the question names a model, whose id may hold "[/]".
            yield Label(self._question, classes="dialog-question", markup=False)
            for key, label in self._choices.items():
                yield Label(f"{key}  {label}", classes="dialog-choice", markup=False)
            yield Label("escape cancel", classes="dialog-keys")

    def on_key(self, event: events.Key) -> None:
        if event.key in self._choices:
            event.stop()
            dismiss_once(self, event.key)

    def action_choose(self, key: str) -> None:
        dismiss_once(self, key or None)


class InputDialog(ModalScreen[str | None]):
    """One line of text; enter accepts, escape gives up (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "give_up", "Cancel", id="dialog.cancel"),
    ]

    def __init__(
        self,
        question: str,
        value: str = "",
        placeholder: str = "",
        suggester: Suggester | None = None,
    ) -> None:
        super().__init__(classes="dialog")
        self._suggester = suggester
        self._question = question
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(self._question, classes="dialog-question")
            yield Input(
                self._value,
                placeholder=self._placeholder,
                suggester=self._suggester,
                id="dialog-input",
            )
            yield Label("enter accept · escape cancel", classes="dialog-keys")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if value:
            dismiss_once(self, value)

    def action_give_up(self) -> None:
        dismiss_once(self, None)


class PathSuggester(Suggester):
    """Completes a path from its folder's listing (→ or end accepts, as in any Input)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_path(value)


def complete_path(value: str) -> str | None:
    """``value`` completed by the first name in its folder that it begins (a folder ends in /)."""
    folder, _, start = value.rpartition("/")
    where = Path(folder or ("/" if value.startswith("/") else ".")).expanduser()
    try:
        names = sorted(entry.name for entry in where.iterdir())
    except OSError:
        return None
    for name in names:
        if not name.startswith(start) or (not start and name.startswith(".")):
            continue
        suffix = "/" if (where / name).is_dir() else ""
        if name + suffix != start:  # a folder typed whole still gains its "/"
            return value[: len(value) - len(start)] + name + suffix
    return None
