"""What one chat screen is showing: the conversation, its messages, the model, an edit under way."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from tui.catalog import CatalogSnapshot
from tui.store import Conversation, Message

Answered = Callable[[Any], Awaitable[None]]


@dataclass
class ChatState:
    """The chat's state, shared by the screen's parts; each part changes what it owns."""

    conversation: Conversation | None = None
    messages: list[Message] = field(default_factory=list)
    model: str = ""
    editing: Message | None = None
    """The earlier prompt being edited: resending it replaces it and what came after."""
    continuable: bool = False
    """The answer that just ended can be continued."""
    agreed_drops: set[int] = field(default_factory=set)
    """Messages the user agreed to drop (to redo an earlier step): told apart from losses."""

    @property
    def conversation_id(self) -> int | None:
        return self.conversation.id if self.conversation is not None else None

    def find(self, message_id: object) -> Message | None:
        """The message on screen with this id, if it still is."""
        return next((m for m in self.messages if m.id == message_id), None)

    def last_of(self, role: str) -> Message | None:
        return next((m for m in reversed(self.messages) if m.role == role), None)

    def last_model(self) -> str | None:
        """The model the last answer was asked of."""
        for message in reversed(self.messages):
            if message.role == "assistant" and message.model_requested:
                return message.model_requested
        return None

    def replace(self, stored: Message) -> None:
        """Put the stored copy of a message in its place (or at the end)."""
        for index, message in enumerate(self.messages):
            if message.id == stored.id:
                self.messages[index] = stored
                return
        self.messages.append(stored)


class Dialogs(Protocol):
    """The questions a chat's parts ask the user; the screen knows which dialogs say them."""

    def confirm(self, question: str, then: Answered, keys: str | None = None) -> None: ...

    def ask_text(self, title: str, value: str, then: Answered) -> None: ...

    async def pick_model(
        self, snapshot: CatalogSnapshot, current: str, note: str, then: Answered
    ) -> None: ...

    async def pick_other_model(self, current: str, then: Answered) -> None: ...

    def show_models(self, snapshot: CatalogSnapshot, note: str) -> None: ...
