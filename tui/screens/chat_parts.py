"""The chat screen's parts, each owning one concern, and how they reach one another."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.controllers.chat_attachments import ChatAttachments
from tui.controllers.chat_branches import ChatBranches
from tui.controllers.chat_list import ChatsList
from tui.controllers.chat_models import ChatModels
from tui.controllers.chat_params import ChatParameters
from tui.controllers.chat_search import ChatSearch
from tui.controllers.chat_session import ChatSession
from tui.controllers.chat_state import ChatContext, ChatState
from tui.controllers.chat_status import ChatStatus
from tui.controllers.chat_turns import ChatTurns
from tui.controllers.context_meter import ContextMeter
from tui.controllers.key_spend import KeySpendWatch
from tui.controllers.message_actions import MessageActions
from tui.controllers.message_copy import MessageCopy
from tui.screens.chat_dialogs import ChatDialogs
from tui.widgets.attachment_chips import AttachmentChips

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
    branches: ChatBranches
    attachments: ChatAttachments
    key: KeySpendWatch
    search: ChatSearch


def chat_parts(screen: ChatScreen) -> ChatParts:
    """Build the parts of ``screen``: each gets the screen's context and its own extras.

    Widgets are looked up when used: the parts exist before the screen is composed. Parts
    that call one another (the sidebar asks the catalog) do so through names bound below.
    """
    ctx = ChatContext(
        app=screen.app,
        state=ChatState(),
        gate=screen.gate,
        phase=screen.turn,
        tasks=screen.tasks,
        dialogs=ChatDialogs(screen.app),
        host=screen,
        transcript=lambda: screen.transcript,
        prompt=lambda: screen.prompt,
        status_line=lambda: screen.status,
        focus_prompt=lambda: screen.prompt.focus(),
        refresh_status=lambda: status.refresh(),
        refresh_list=lambda: chats.refresh(),
    )
    status = ChatStatus(ctx, live=lambda: turns.live_turn, context=lambda: meter)
    key = KeySpendWatch(ctx)
    params = ChatParameters(ctx, supported=lambda: models.supported(), mounted=key.show)

    def model_known() -> None:  # its parameters and its context length
        params.apply_model_support()
        status.refresh()

    models = ChatModels(ctx, on_support=model_known)
    meter = ContextMeter(ctx, model_info=lambda: models.model_info(), params=params)
    chats = ChatsList(
        ctx,
        body=lambda: screen.query_one("#chat-body"),
        load=lambda conversation_id: session.load(conversation_id),
        show_fresh=lambda: session.show_fresh(),
    )
    session = ChatSession(ctx, status=status, params=params)
    branches = ChatBranches(
        ctx,
        status=status,
        cursor=lambda: actions.cursor_message(),
        open_chat=lambda conversation_id: session.load(conversation_id),
    )
    attachments = ChatAttachments(
        ctx,
        chips=lambda: screen.query_one(AttachmentChips),
        model_info=lambda: models.model_info(),
    )
    turns = ChatTurns(
        ctx,
        status=status,
        params=params,
        attachments=attachments,
        cut_from=branches.cut_from,
        show_labels=branches.show_labels,
        meter=meter,
        answered=key.fetch,
    )
    actions = MessageActions(
        ctx,
        spec_fields=turns.spec_fields,
        start_turn=turns.start,
        cut_from=branches.cut_from,
        show_path=branches.show_path,
        files_of=attachments.load_from,
    )
    copy = MessageCopy(ctx)
    search = ChatSearch(ctx, load=session.load, show_path=branches.show_path)
    return ChatParts(
        ctx.state, status, params, models, chats, session, turns, actions, copy, branches,
        attachments, key, search,
    )  # fmt: skip
