"""The chat screen's parts, each owning one concern, and how they reach one another."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.controllers.chat_list import ChatsList
from tui.controllers.chat_models import ChatModels
from tui.controllers.chat_params import ChatParameters
from tui.controllers.chat_session import ChatSession
from tui.controllers.chat_state import ChatState
from tui.controllers.chat_status import ChatStatus
from tui.controllers.chat_turns import ChatTurns
from tui.controllers.message_actions import MessageActions
from tui.controllers.message_copy import MessageCopy
from tui.screens.chat_dialogs import ChatDialogs
from tui.widgets.conversations import ChatsPanel
from tui.widgets.prompt import PromptEditor
from tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    from tui.screens.chat import ChatScreen


@dataclass(frozen=True, slots=True)
class ChatParts:
    """What the chat screen's keys, messages and entry points are handed to."""

    state: ChatState
    status: ChatStatus
    params: ChatParameters
    models: ChatModels
    chats: ChatsList
    session: ChatSession
    turns: ChatTurns
    actions: MessageActions
    copy: MessageCopy


def chat_parts(screen: ChatScreen) -> ChatParts:
    """Build the parts of ``screen``; each gets the widgets and callbacks it needs, no more.

    Widgets are looked up when used: the parts exist before the screen is composed. Parts
    that call one another (the sidebar asks the catalog) do so through names bound below.
    """
    app, state, gate, phase = screen.app, ChatState(), screen.gate, screen.turn
    dialogs = ChatDialogs(app)
    transcript: Callable[[], Transcript] = lambda: screen.transcript  # noqa: E731
    prompt: Callable[[], PromptEditor] = lambda: screen.prompt  # noqa: E731
    focus_prompt: Callable[[], None] = lambda: screen.prompt.focus()  # noqa: E731

    status = ChatStatus(
        app, state, phase, status=lambda: screen.status, transcript=transcript,
        live=lambda: turns.live_turn,
    )  # fmt: skip
    params = ChatParameters(
        app, state, host=screen, supported=lambda: models.supported(), focus_prompt=focus_prompt
    )
    models = ChatModels(
        app, state, dialogs, run_worker=screen.run_worker, on_support=params.apply_model_support,
        on_picked=focus_prompt, refresh_status=status.refresh,
    )  # fmt: skip
    chats = ChatsList(
        app, state, gate, dialogs, panel=lambda: screen.query_one(ChatsPanel),
        load=lambda conversation_id: session.load(conversation_id),
        show_fresh=lambda: session.show_fresh(), refresh_status=status.refresh,
        focus_prompt=focus_prompt,
    )  # fmt: skip
    session = ChatSession(
        app, state, gate, transcript=transcript, prompt=prompt, status=status, params=params,
        refresh_list=chats.refresh,
    )  # fmt: skip
    turns = ChatTurns(
        app, state, gate, phase, screen.tasks, dialogs, host=screen, status=status,
        params=params, drop_from=lambda message: actions.drop_from(message),
        refresh_list=chats.refresh,
    )  # fmt: skip
    actions = MessageActions(
        app, state, gate, phase, dialogs, transcript=transcript, prompt=prompt,
        spec_fields=turns.spec_fields, start_turn=turns.start, refresh_status=status.refresh,
        refresh_list=chats.refresh,
    )  # fmt: skip
    copy = MessageCopy(app, state, transcript=transcript)
    return ChatParts(state, status, params, models, chats, session, turns, actions, copy)
