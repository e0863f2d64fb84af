"""The chats list (f2): recent conversations, type to filter; open, rename or delete one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.sanitize import one_line
from tui.textual_compat.bindings import own_bindings

_SHOWN_ACTIONS = ("rename", "delete", "undo")
_WORD_BREAK = re.compile(r"[\s/_:,.()\[\]-]+")


@dataclass(frozen=True, slots=True)
class ConversationItem:
    """One row: the title, and a line that tells it apart (when, model, size, id).

    Typing matches words in the title and in ``keywords`` (e.g. the model).
    """

    id: int
    title: str
    detail: str
    keywords: str = ""


class ConversationList(OptionList):
    """The rows of the chats list; enter posts :class:`ConversationList.Picked`."""

    class Picked(Message):
        def __init__(self, conversation_id: int) -> None:
            super().__init__()
            self.conversation_id = conversation_id

    def show(self, items: list[ConversationItem], current: int | None, keep: int | None) -> None:
        """Show ``items``, ``current`` marked; the highlight stays on ``keep`` if still shown."""
        self.clear_options()
        self.add_options(_option(item, item.id == current) for item in items)
        ids = [item.id for item in items]
        for wanted in (keep, current):
            if wanted in ids:
                self.highlighted = ids.index(wanted)
                return
        self.highlighted = 0 if ids else None

    @property
    def highlighted_id(self) -> int | None:
        if self.highlighted is None or self.highlighted >= self.option_count:
            return None
        option_id = self.get_option_at_index(self.highlighted).id
        return int(option_id) if option_id is not None else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Picked(int(event.option.id)))


def _option(item: ConversationItem, current: bool) -> Option:
    label = Text(no_wrap=True, overflow="ellipsis")
    label.append("● " if current else "  ", style="bold" if current else "")
    label.append(one_line(item.title), style="bold" if current else "")
    label.append("\n  ")
    label.append(one_line(item.detail), style="dim")
    return Option(label, id=str(item.id))


class ChatsPanel(Vertical):
    """The chats list with its filter and keys. Typing filters; the screen does the rest
    when it gets :class:`ConversationList.Picked` or one of the panel's requests."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "rename", "Rename the chat", show=False, id="chats.rename"),
        Binding("delete", "delete", "Delete the chat", show=False, id="chats.delete"),
        Binding("ctrl+z", "undo", "Undo the last delete", show=False, id="chats.undo"),
        Binding("ctrl+u", "clear_filter", "Clear the filter", show=False, id="chats.clear"),
    ]

    class RenameRequested(Message):
        def __init__(self, conversation_id: int, title: str) -> None:
            super().__init__()
            self.conversation_id = conversation_id
            self.title = title

    class DeleteRequested(Message):
        def __init__(self, conversation_id: int) -> None:
            super().__init__()
            self.conversation_id = conversation_id

    class UndoRequested(Message):
        """Bring back the chat deleted last."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.query_text = ""
        self._items: list[ConversationItem] = []
        self._current: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="chats-filter", markup=False)
        yield ConversationList(id="chats-list")
        yield Static("", id="chats-keys", markup=False)

    def on_mount(self) -> None:
        self._show()

    @property
    def rows(self) -> ConversationList:
        return self.query_one(ConversationList)

    @property
    def shown(self) -> list[ConversationItem]:
        """The rows that match the filter, in order."""
        words = self.query_text.casefold().split()
        return [item for item in self._items if _matches(words, f"{item.title} {item.keywords}")]

    def set_items(self, items: list[ConversationItem], current: int | None = None) -> None:
        self._items, self._current = list(items), current
        self._show()

    def focus_rows(self) -> None:
        self.rows.focus()

    def title_of(self, conversation_id: int) -> str:
        return next((i.title for i in self._items if i.id == conversation_id), "")

    # -- typing filters ----------------------------------------------------------------------

    def on_key(self, event: events.Key) -> None:
        typed = _typed(event, filtering=bool(self.query_text))
        if event.key == "backspace" and self.query_text:
            self.query_text = self.query_text[:-1]
        elif typed:
            self.query_text += typed
        else:
            return
        event.stop()
        event.prevent_default()
        self._show()

    def action_clear_filter(self) -> None:
        self.query_text = ""
        self._show()

    # -- requests ----------------------------------------------------------------------------

    def action_rename(self) -> None:
        chosen = self.rows.highlighted_id
        if chosen is not None:
            self.post_message(self.RenameRequested(chosen, self.title_of(chosen)))

    def action_delete(self) -> None:
        chosen = self.rows.highlighted_id
        if chosen is not None:
            self.post_message(self.DeleteRequested(chosen))

    def action_undo(self) -> None:
        self.post_message(self.UndoRequested())

    # -- showing -----------------------------------------------------------------------------

    def _show(self) -> None:
        if not self.is_mounted:
            return
        shown = self.shown
        self.rows.show(shown, self._current, keep=self.rows.highlighted_id)
        self.query_one("#chats-filter", Static).update(self._filter_text(len(shown)))
        self.query_one("#chats-keys", Static).update(self._keys_text())

    def _filter_text(self, count: int) -> Text:
        text = Text("Chats ", style="bold")
        if not self.query_text:
            text.append(f"{len(self._items)} · type to filter", style="dim")
            return text
        text.append(f"{count} of {len(self._items)} · ", style="dim")
        text.append(one_line(self.query_text), style="reverse")
        return text

    def _keys_text(self) -> str:
        # Read from the bindings, so a user's keymap shows its own keys.
        keys = {
            binding.action: self.app.get_key_display(binding)
            for bindings in own_bindings(self)
            for binding in bindings
        }
        shown = [f"{keys[action]} {action}" for action in _SHOWN_ACTIONS if action in keys]
        return " · ".join(["enter open", *shown, "esc close"])


def _matches(words: list[str], text: str) -> bool:
    """Every typed word starts a word of ``text`` ("m" finds "macros", not "lifetimes")."""
    found = _WORD_BREAK.split(text.casefold())
    return all(any(word.startswith(typed) for word in found) for typed in words)


def _typed(event: events.Key, *, filtering: bool) -> str | None:
    """The character a key adds to the filter (a leading space adds nothing)."""
    if event.key == "space":
        return " " if filtering else None
    return event.character if event.is_printable else None
