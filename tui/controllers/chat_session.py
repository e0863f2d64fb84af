"""Which conversation a chat shows: a fresh one, a stored one loaded, or a new one begun."""

from __future__ import annotations

from functools import partial

from tui.controllers.chat_params import ChatParameters
from tui.controllers.chat_state import ChatContext
from tui.controllers.chat_status import ChatStatus
from tui.widgets.transcript import MessageView

DEMO_NOTICE = (
    "Demo mode: answers come from Parley's built-in simulator, with no key and no network. "
    "To talk to real models, set OPENROUTER_API_KEY and run parley."
)


class ChatSession:
    """Puts a conversation on screen: its messages, parameters, model and prompt history."""

    def __init__(self, ctx: ChatContext, *, status: ChatStatus, params: ChatParameters) -> None:
        self._ctx = ctx
        self._status = status
        self._params = params

    def show_fresh(self) -> None:
        """An empty chat (with the demo's notice in the demo)."""
        state = self._ctx.state
        state.conversation, state.messages, state.editing = None, [], None
        state.branching, state.files, state.sources = {}, {}, {}
        demo = self._ctx.app.settings.demo
        self._ctx.transcript().set_messages(
            [MessageView("demo", "notice", DEMO_NOTICE)] if demo else []
        )
        self._ctx.prompt().set_history([])
        self._status.refresh()

    async def load(self, conversation_id: int) -> None:
        """Show a stored conversation (a running answer is stopped and stored first)."""
        await self._ctx.gate.run(partial(self._load, conversation_id), busy="stop")

    async def _load(self, conversation_id: int) -> None:
        state, app = self._ctx.state, self._ctx.app
        if state.conversation_id != conversation_id:
            await self.forget_if_unanswered()
        conversation = await app.store.get_conversation(conversation_id)
        if conversation is None:
            app.notify(f"No conversation {conversation_id}.", severity="error")
            return
        if conversation.kind == "compare":  # it reopens as the comparison it was
            if state.conversation is None:
                self.show_fresh()
            app.open_comparison(conversation_id=conversation.id)
            return
        state.conversation = conversation
        path = await app.store.chosen_path(conversation_id)
        state.messages = list(path.messages)
        state.branching = {m.id: b for m, b in zip(path.messages, path.branching, strict=True)}
        state.editing = None
        state.files, state.sources = {}, {}
        await self._status.learn(state.messages)
        state.model = conversation.model or state.last_model() or state.model
        self._params.show_conversation()
        transcript = self._ctx.transcript()
        transcript.set_messages(self._status.view_of(m) for m in state.messages)
        transcript.action_follow_end()
        self._ctx.prompt().set_history([m.content for m in state.messages if m.role == "user"])
        self._status.refresh()
        await self._ctx.refresh_list()

    async def new(self) -> None:
        """Leave the chat on screen for a fresh one (a running answer is stopped first)."""
        await self._ctx.gate.run(self._new, busy="stop")

    async def _new(self) -> None:
        await self.forget_if_unanswered()
        self.show_fresh()
        self._ctx.prompt().focus()

    async def forget_if_unanswered(self) -> None:
        """Leaving a chat whose every request was refused (no answer at all): delete it.

        Kept while it is on screen, so retry works; gone once left, so the list holds no
        empty chats.
        """
        conversation = self._ctx.state.conversation
        if conversation is None or conversation.kind != "chat":
            return
        messages = await self._ctx.app.store.messages(conversation.id)
        answers = [m for m in messages if m.role == "assistant"]
        if answers and all(m.status == "error" and not m.content for m in answers):
            await self._ctx.app.store.delete_conversation(conversation.id)
            self.show_fresh()
