"""The chats browser's rows: title, a line that tells chats apart, and marks."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.sanitize import one_line

PIN_MARK = "⚑"


@dataclass(frozen=True, slots=True)
class ConversationItem:
    """One row: the title, and a line that tells it apart (when, cost, size, id, models).

    Typing matches words in the title and in ``keywords`` (e.g. the models).
    """

    id: int
    title: str
    detail: str
    keywords: str = ""
    pinned: bool = False


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

    def extend(self, items: list[ConversationItem], current: int | None) -> None:
        """Add ``items`` at the end; the highlight stays where it is."""
        self.add_options(_option(item, item.id == current) for item in items)

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
    if item.pinned:
        label.append(f"{PIN_MARK} ", style="bold")
    label.append(one_line(item.title), style="bold" if current else "")
    label.append("\n  ")
    label.append(one_line(item.detail), style="dim")
    return Option(label, id=str(item.id))
