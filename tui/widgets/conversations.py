"""The chats browser (f2): conversations with their cost and pin, type to filter, sort, and
keys that open, rename, delete, export, duplicate or pin the highlighted one."""

from __future__ import annotations

import re
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static

from tui.sanitize import one_line
from tui.textual_compat.bindings import own_bindings
from tui.widgets.conversation_list import PIN_MARK, ConversationItem, ConversationList

__all__ = ["PIN_MARK", "ChatsPanel", "ConversationItem", "ConversationList"]

_SHOWN_ACTIONS = ("rename", "delete", "undo", "export", "duplicate", "pin", "sort")
_WORD_BREAK = re.compile(r"[\s/_:,.()\[\]-]+")
NEAR_END = 20
"""How close to the last row the highlight comes before more rows are asked for."""


class ChatsPanel(Vertical):
    """The chats browser with its filter and keys. Typing filters the rows it has at once
    and posts :class:`ChatsPanel.FilterChanged`; the screen does the rest when it gets
    :class:`ConversationList.Picked` or one of the panel's requests."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "rename", "Rename the chat", show=False, id="chats.rename"),
        Binding("delete", "delete", "Delete the chat", show=False, id="chats.delete"),
        Binding("ctrl+z", "undo", "Undo the last delete", show=False, id="chats.undo"),
        Binding("ctrl+e", "export", "Export the chat to a file", show=False, id="chats.export"),
        Binding("ctrl+d", "duplicate", "Duplicate the chat", show=False, id="chats.duplicate"),
        Binding("ctrl+k", "pin", "Pin or unpin the chat", show=False, id="chats.pin"),
        Binding("ctrl+s", "sort", "Sort by date or by cost", show=False, id="chats.sort"),
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

    class ActionRequested(Message):
        """Export, duplicate or pin the chat ``conversation_id``; or ``sort`` the list."""

        def __init__(self, action: str, conversation_id: int | None) -> None:
            super().__init__()
            self.action = action
            self.conversation_id = conversation_id

    class FilterChanged(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    class Viewed(Message):
        """The highlight rests on ``conversation_id`` (see :attr:`ChatsPanel.near_end`)."""

        def __init__(self, conversation_id: int | None) -> None:
            super().__init__()
            self.conversation_id = conversation_id

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.query_text = ""
        self.sort = "recent"
        self.more = False
        """Whether the history holds more rows than were given."""
        self._items: list[ConversationItem] = []
        self._current: int | None = None
        self._displayed: tuple[list[ConversationItem], int | None] = ([], None)
        self._said: dict[str, str] = {}
        """What the rows show: the items and the current chat."""

    def compose(self) -> ComposeResult:
        yield Static("", id="chats-filter", markup=False)
        yield ConversationList(id="chats-list")
        yield Static("", id="chats-spend", markup=False)
        yield Static("", id="chats-keys", markup=False)

    def on_mount(self) -> None:
        self._show()

    @property
    def rows(self) -> ConversationList:
        return self.query_one(ConversationList)

    @property
    def shown(self) -> list[ConversationItem]:
        """The rows that match the filter, in order."""
        return [item for item in self._items if self._wanted(item)]

    def set_items(
        self, items: list[ConversationItem], current: int | None = None, *, more: bool = False
    ) -> None:
        self._items, self._current, self.more = list(items), current, more
        self._show()
        self._post_viewed()

    def add_items(self, items: list[ConversationItem], *, more: bool) -> None:
        """Rows that follow those shown (the next page), the highlight left where it is."""
        self._items.extend(items)
        self.more = more
        added = [item for item in items if self._wanted(item)]
        self.rows.extend(added, self._current)
        self._displayed = (self._displayed[0] + added, self._current)
        self._show_header()

    def set_spend(self, text: Text) -> None:
        self._update("#chats-spend", text)

    def highlight(self, conversation_id: int) -> None:
        ids = [item.id for item in self.shown]
        if conversation_id in ids:
            self.rows.highlighted = ids.index(conversation_id)

    def focus_rows(self) -> None:
        self.rows.focus()

    def title_of(self, conversation_id: int) -> str:
        return next((i.title for i in self._items if i.id == conversation_id), "")

    def pinned(self, conversation_id: int) -> bool:
        return any(i.pinned for i in self._items if i.id == conversation_id)

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
        self._filtered()

    def action_clear_filter(self) -> None:
        self.query_text = ""
        self._filtered()

    def _filtered(self) -> None:
        self._show()
        self._post_viewed()
        self.post_message(self.FilterChanged(self.query_text))

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

    def action_export(self) -> None:
        self._request("export")

    def action_duplicate(self) -> None:
        self._request("duplicate")

    def action_pin(self) -> None:
        self._request("pin")

    def action_sort(self) -> None:
        self.post_message(self.ActionRequested("sort", None))

    def _request(self, action: str) -> None:
        chosen = self.rows.highlighted_id
        if chosen is not None:
            self.post_message(self.ActionRequested(action, chosen))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._post_viewed()

    def _post_viewed(self) -> None:
        self.post_message(self.Viewed(self.rows.highlighted_id))

    @property
    def near_end(self) -> bool:
        """Whether few rows are left below the highlight (read when asked: rows change)."""
        index = self.rows.highlighted
        return index is None or index >= self.rows.option_count - NEAR_END

    # -- showing -----------------------------------------------------------------------------

    def _wanted(self, item: ConversationItem) -> bool:
        typed = [word for word in _WORD_BREAK.split(self.query_text.casefold()) if word]
        return _matches(typed, f"{item.title} {item.keywords}")

    def _show(self) -> None:
        if not self.is_mounted:
            return
        shown = (self.shown, self._current)
        # The store's rows for a filter are most often those already shown for it at once.
        if shown != self._displayed:
            self.rows.show(*shown, keep=self.rows.highlighted_id)
            self._displayed = shown
        self._show_header()
        self._update("#chats-keys", Text(self._keys_text()))

    def _show_header(self) -> None:
        self._update("#chats-filter", self._filter_text(self.rows.option_count))

    def _update(self, selector: str, text: Text) -> None:
        # Each update lays the screen out again: a keystroke or a move must not pay for
        # lines that say what they said.
        if self._said.get(selector) != text.markup:
            self._said[selector] = text.markup
            self.query_one(selector, Static).update(text)

    def _filter_text(self, count: int) -> Text:
        text = Text("Chats ", style="bold")
        total = f"{len(self._items)}{'+' if self.more else ''}"
        order = "costliest first" if self.sort == "cost" else "newest first"
        if not self.query_text:
            text.append(f"{total} · {order} · type to filter", style="dim")
            return text
        # The store filters too: how many chats match in all is known only at the end.
        text.append(f"{count}{'+' if self.more else ''} · ", style="dim")
        text.append(one_line(self.query_text), style="reverse")
        return text

    def _keys_text(self) -> str:
        # Read from the bindings, so a user's keymap shows its own keys.
        keys = {
            binding.action: self.app.get_key_display(binding)
            for bindings in own_bindings(self)
            for binding in bindings
        }
        words = {"sort": "by cost" if self.sort == "recent" else "by date"}
        shown = [
            f"{keys[action]} {words.get(action, action)}"
            for action in _SHOWN_ACTIONS
            if action in keys
        ]
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
