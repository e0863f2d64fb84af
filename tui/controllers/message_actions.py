"""What the keyboard can do to a chat's messages: answer again, continue, edit, delete."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from tui.controllers.chat_state import ChatContext
from tui.controllers.message_views import can_continue
from tui.controllers.turn_phase import BUSY_NOTE
from tui.store import Message
from tui.turn import TurnSpec

Action = Callable[[], Awaitable[None]]

CURSOR_ACTIONS = {
    "copy_message",
    "copy_code",
    "edit_message",
    "continue_message",
    "delete_message",
    "regenerate_here",
}
"""Actions that act on the message under the transcript's cursor."""


class MessageActions:
    """The message actions bound to keys and the palette; the confirm flows they need.

    Each that answers again waits for a turn that is ending (its answer is being stored) and
    is refused while one sends or streams, so none starts a second turn or drops a
    half-stored answer.
    """

    def __init__(
        self,
        ctx: ChatContext,
        *,
        spec_fields: Callable[[], dict[str, Any]],
        start_turn: Callable[[TurnSpec], None],
    ) -> None:
        self._ctx = ctx
        self._spec_fields = spec_fields
        self._start_turn = start_turn

    def cursor_message(self) -> Message | None:
        return self._ctx.state.find(self._ctx.transcript().cursor_key)

    def _note(self, text: str, timeout: float = 3) -> None:
        self._ctx.app.notify(text, timeout=timeout)

    # -- answering again -----------------------------------------------------------------------

    async def regenerate(self, model: str | None = None) -> None:
        """Answer the last prompt again (after an error: retry), replacing the last answer."""
        await self._ctx.gate.run(partial(self._regenerate, model))

    async def _regenerate(self, model: str | None) -> None:
        state = self._ctx.state
        last = state.messages[-1] if state.messages else None
        if last is None or state.conversation is None:
            self._note("Nothing to regenerate yet.")
            return
        if last.role == "assistant":
            await self._delete(last)
        if model is not None:
            state.model = model
        self._start_turn(TurnSpec(**self._spec_fields(), prompt=None))

    async def regenerate_here(self) -> None:
        """Answer the selected prompt (or the prompt of the selected answer) again."""
        message = self.cursor_message()
        if message is None or (message.role != "assistant" and message.role != "user"):
            self._note("Move to an answer (or its prompt) to regenerate it.")
            return
        messages = self._ctx.state.messages
        index = messages.index(message)
        if message.role == "user":
            index += 1  # its answer, if it has one, goes too
        later = messages[index:]
        if len(later) <= 1 and (not later or later[0].role == "assistant"):
            await self.regenerate()  # the last answer: replaced, as ctrl+r does
            return
        await self.confirm_drop(later, "regenerate", lambda: self._regenerate(None))

    async def confirm_drop(self, drop: list[Message], doing: str, then: Action) -> None:
        """Ask before dropping ``drop`` (the answer replaced, if first, and what came after);
        then drop exactly those and run ``then``. Until answers can branch, redoing an
        earlier step of the conversation loses what came after it."""
        ids = [m.id for m in drop]
        later = len(ids) - 1 if drop[0].role == "assistant" else len(ids)
        state = self._ctx.state

        async def dropped() -> None:
            if not all(state.find(i) is not None for i in ids):
                self._note("The conversation changed: nothing was dropped.")
                return
            state.agreed_drops.update(ids)
            for message in [m for m in state.messages if m.id in ids]:
                await self._delete(message)
            self._ctx.refresh_status()
            await then()

        plural = "message" if later == 1 else "messages"
        self.ask_first(
            f"This drops {later} later {plural} (to {doing} this one).",
            "enter drop them and go on · esc keep them",
            dropped,
        )

    async def retry_other_model(self) -> None:
        await self._ctx.gate.run(self._retry_other_model)

    async def _retry_other_model(self) -> None:
        fallbacks = [
            m for m in self._ctx.app.settings.fallback_models if m != self._ctx.state.model
        ]
        if fallbacks:
            await self._regenerate(fallbacks[0])
            return

        async def chosen(model: str | None) -> None:
            if model:
                await self.regenerate(model)

        await self._ctx.dialogs.pick_other_model(self._ctx.state.model, chosen)

    async def continue_last(self) -> None:
        await self._ctx.gate.run(lambda: self._continue(self._ctx.state.last_of("assistant")))

    async def continue_message(self) -> None:
        """Continue the selected answer; an earlier one only after dropping what followed."""
        message = self.cursor_message()
        messages = self._ctx.state.messages
        if message is not None and can_continue(message) and message is not messages[-1]:
            index = messages.index(message)
            await self.confirm_drop(
                messages[index + 1 :], "continue", lambda: self._continue(message)
            )
            return
        await self._ctx.gate.run(lambda: self._continue(message))

    async def _continue(self, message: Message | None) -> None:
        state = self._ctx.state
        if message is not None:
            message = state.find(message.id)
        if message is None or not can_continue(message) or message is not state.messages[-1]:
            self._note("Only a cancelled, failed or cut-off answer can be continued.")
            return
        model = message.model_requested or state.model
        fields = self._spec_fields() | {"model": model}
        self._start_turn(TurnSpec(**fields, prompt=None, continue_message_id=message.id))

    # -- editing ----------------------------------------------------------------------------

    async def edit_last(self) -> None:
        await self._ctx.gate.run(lambda: self._edit(self._ctx.state.last_of("user")))

    async def edit_message(self) -> None:
        """Edit the selected prompt; an earlier one drops what followed it, once resent."""
        message = self.cursor_message()
        state = self._ctx.state
        if message is None or message.role != "user" or message is state.last_of("user"):
            await self._ctx.gate.run(lambda: self._edit(message))
            return
        index = state.messages.index(message)
        answered = 2 if state.messages[index + 1].role == "assistant" else 1
        later = len(state.messages) - index - answered
        plural = "message" if later == 1 else "messages"
        drop = [m.id for m in state.messages[index:]]

        async def agreed() -> None:
            state.agreed_drops.update(drop)
            await self._edit(message)

        self.ask_first(
            f"This drops {later} later {plural} when you resend the edited prompt.",
            "enter edit it · esc keep them",
            agreed,
        )

    def ask_first(self, question: str, keys: str, then: Action) -> None:
        """Ask ``question``; on yes, run ``then`` through the gate (refused while a turn runs)."""
        if self._ctx.phase.busy:
            self._note(BUSY_NOTE)
            return

        async def answered(yes: bool | None) -> None:
            if yes:
                await self._ctx.gate.run(then)

        self._ctx.dialogs.confirm(question, answered, keys)

    async def _edit(self, message: Message | None) -> None:
        if message is not None:
            message = self._ctx.state.find(message.id)
        if message is None or message.role != "user":
            self._note("Move to one of your prompts to edit it.")
            return
        self._ctx.state.editing = message
        prompt = self._ctx.prompt()
        prompt.load(message.content)
        prompt.focus()
        self._ctx.app.notify("Editing the prompt: enter resends it, escape abandons the edit.")

    async def drop_from(self, message: Message) -> None:
        """Delete ``message`` and everything after it (an edited prompt replaces them)."""
        state = self._ctx.state
        index = next((i for i, m in enumerate(state.messages) if m.id == message.id), None)
        state.editing = None
        if index is None:
            return
        for later in list(state.messages[index:]):
            await self._delete(later)

    # -- deleting and renaming -------------------------------------------------------------

    async def _delete(self, message: Message) -> None:
        await self._ctx.app.store.delete_message(message.id)
        self._ctx.state.messages = [m for m in self._ctx.state.messages if m.id != message.id]
        transcript = self._ctx.transcript()
        if message.id in transcript.message_keys():
            transcript.remove_message(message.id)

    async def delete_message(self) -> None:
        message = self.cursor_message()
        if message is None:
            self._note("Move to a message first (up/down in the conversation).")
            return
        if not self._ctx.phase.idle:
            self._note(BUSY_NOTE)
            return

        async def confirmed() -> None:
            if self._ctx.state.find(message.id) is not None:
                await self._delete(message)
                self._ctx.refresh_status()

        async def answered(yes: bool | None) -> None:
            if yes:
                await self._ctx.gate.run(confirmed)

        preview = " ".join(message.content.split())[:50] or "(empty)"
        self._ctx.dialogs.confirm(f"Delete this {message.role} message?\n{preview}", answered)

    async def rename(self) -> None:
        state = self._ctx.state
        if state.conversation is None:
            self._note("Send a first prompt; the chat is titled from it.")
            return
        conversation = state.conversation

        async def named(title: str | None) -> None:
            if title:
                state.conversation = await self._ctx.app.store.rename_conversation(
                    conversation.id, title
                )
                self._ctx.refresh_status()
                await self._ctx.refresh_list()

        self._ctx.dialogs.ask_text("Rename this chat", conversation.title or "", named)
