"""What one chat screen is showing: the conversation, its messages, the model, an edit under way."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from tui.controllers.turn_phase import BUSY_NOTE
from tui.store import Conversation, Message
from tui.store.records import Branching

if TYPE_CHECKING:
    from textual.widget import Widget

    from tui.app import ParleyApp
    from tui.catalog import CatalogSnapshot
    from tui.controllers.tasks import ScreenTasks
    from tui.controllers.turn_phase import ActionGate, TurnPhase
    from tui.widgets.prompt import PromptEditor
    from tui.widgets.status import StatusLine
    from tui.widgets.transcript import Transcript

NO_SELECTION = "Move to a message first (up/down in the conversation)."

Answered = Callable[[Any], Awaitable[None]]


@dataclass
class ChatState:
    """The chat's state, shared by the screen's parts; each part changes what it owns."""

    conversation: Conversation | None = None
    messages: list[Message] = field(default_factory=list)
    model: str = ""
    editing: Message | None = None
    """The prompt being edited: resending it adds a new version of it beside the old."""
    continuable: bool = False
    """The answer that just ended can be continued."""
    context_warned: int | None = None
    """The conversation already warned that its context is nearly full."""
    agreed_drops: set[int] = field(default_factory=set)
    """Messages the user agreed to delete: told apart from losses."""
    branching: dict[int, Branching] = field(default_factory=dict)
    """Where each shown message stands among its siblings (``‹ 2/3 ›``)."""
    web_search: bool = False
    """The next answers search the web (OpenRouter's ``web`` plugin)."""
    files: dict[int, tuple[str, ...]] = field(default_factory=dict)
    """The files each shown prompt was sent with, described (``a.pdf · pdf · 3.1 MiB``)."""
    sources: dict[int, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    """The sources each shown answer cites: (title, URL), in order."""

    @property
    def conversation_id(self) -> int | None:
        return self.conversation.id if self.conversation is not None else None

    def find(self, message_id: object) -> Message | None:
        """The message on screen with this id, if it still is."""
        return next((m for m in self.messages if m.id == message_id), None)

    def label(self, message_id: int) -> str:
        """The sibling marker of a shown message ("" when it has no siblings)."""
        place = self.branching.get(message_id)
        return place.label if place is not None and place.branched else ""

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

    def choose(self, question: str, choices: Sequence[tuple[str, str]], then: Answered) -> None: ...

    def ask_text(self, title: str, value: str, then: Answered) -> None: ...

    def ask_path(self, title: str, then: Answered) -> None: ...

    async def pick_model(
        self, snapshot: CatalogSnapshot, current: str, note: str, then: Answered
    ) -> None: ...

    async def pick_other_model(self, current: str, then: Answered) -> None: ...

    def show_models(self, snapshot: CatalogSnapshot, note: str) -> None: ...


@dataclass(frozen=True, slots=True)
class ChatContext:
    """What every part of one chat screen is handed: the same app, state, gate and widgets.

    Widgets are getters: the parts exist before the screen is composed. The hooks reach the
    parts that others call back (the status line, the chats list) once they exist.
    """

    app: ParleyApp
    state: ChatState
    gate: ActionGate
    phase: TurnPhase
    tasks: ScreenTasks
    """The screen's streams: cancelled, stored and awaited when it goes."""
    dialogs: Dialogs
    host: Widget
    """The screen: it runs the parts' workers and timers, and holds their widgets."""
    transcript: Callable[[], Transcript]
    prompt: Callable[[], PromptEditor]
    status_line: Callable[[], StatusLine]
    focus_prompt: Callable[[], None]
    refresh_status: Callable[[], None]
    refresh_list: Callable[[], Awaitable[None]]

    def may_change(self, message: Message | None) -> bool:
        """Whether a selected ``message`` may be changed now (no turn under way); a note says
        why not."""
        if message is None:
            self.app.notify(NO_SELECTION, timeout=3)
            return False
        if not self.phase.idle:
            self.app.notify(BUSY_NOTE, timeout=3)
            return False
        return True
