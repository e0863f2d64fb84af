"""The side panel of recent conversations: pick one to resume it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.sanitize import one_line


@dataclass(frozen=True, slots=True)
class ConversationItem:
    id: int
    title: str
    detail: str


class ConversationList(OptionList):
    """Recent conversations, newest first; enter posts :class:`ConversationList.Picked`."""

    class Picked(Message):
        def __init__(self, conversation_id: int) -> None:
            super().__init__()
            self.conversation_id = conversation_id

    def set_items(self, items: list[ConversationItem], current: int | None = None) -> None:
        self.clear_options()
        options = []
        for item in items:
            label = Text(one_line(item.title), no_wrap=True, overflow="ellipsis")
            label.append("\n")
            label.append(item.detail, style="dim")
            options.append(Option(label, id=str(item.id)))
        self.add_options(options)
        if current is not None:
            for index, item in enumerate(items):
                if item.id == current:
                    self.highlighted = index

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Picked(int(event.option.id)))
