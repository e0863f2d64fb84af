"""What the keyboard can do to a chat's messages: answer again, continue, edit, delete.

Answering again and editing add siblings: nothing is deleted unless the user deletes it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from tui.controllers.chat_state import ChatContext
from tui.controllers.message_views import can_continue
from tui.store import Message

if TYPE_CHECKING:
    from tui.turn_spec import TurnSpec

CURSOR_ACTIONS = {
    "copy_message",
    "copy_code",
    "edit_message",
    "continue_message",
    "delete_message",
    "regenerate_here",
    "sibling",
    "fork",
    "delete_branch",
}
"""Actions that act on the message under the transcript's cursor."""


class MessageActions:
    """The message actions bound to keys and the palette.

    Each that answers again waits for a turn that is ending (its answer is being stored) and
    is refused while one sends or streams, so none starts a second turn or deletes a
    half-stored answer.
    """

    def __init__(
        self,
        ctx: ChatContext,
        *,
        spec_fields: Callable[[], dict[str, Any]],
        start_turn: Callable[[TurnSpec], None],
        cut_from: Callable[[Message], None],
        show_path: Callable[[], Awaitable[None]],
        files_of: Callable[[Message], Awaitable[None]] | None = None,
    ) -> None:
        self._ctx = ctx
        self._spec_fields = spec_fields
        self._start_turn = start_turn
        self._cut_from = cut_from
        self._show_path = show_path
        self._files_of = files_of
        """Puts an edited prompt's files back as chips, so its new version carries them."""

    def cursor_message(self) -> Message | None:
        return self._ctx.state.find(self._ctx.transcript().cursor_key)

    def _note(self, text: str, timeout: float = 3) -> None:
        self._ctx.app.notify(text, timeout=timeout)

    # -- answering again: a new answer beside the old ----------------------------------------

    async def regenerate(self, model: str | None = None) -> None:
        """Answer the last prompt again (after an error: retry); the old answer stays as a
        sibling of the new one."""
        await self._ctx.gate.run(partial(self._regenerate, model))

    async def _regenerate(self, model: str | None) -> None:
        state = self._ctx.state
        last = state.messages[-1] if state.messages else None
        if last is None or state.conversation is None:
            self._note("Nothing to regenerate yet.")
            return
        await self._answer_again(last, model)

    async def regenerate_here(self) -> None:
        """Answer the selected prompt (or the prompt of the selected answer) again."""
        message = self.cursor_message()
        if message is None or (message.role != "assistant" and message.role != "user"):
            self._note("Move to an answer (or its prompt) to regenerate it.")
            return
        await self._ctx.gate.run(lambda: self._answer_again(message))

    async def _answer_again(self, message: Message, model: str | None = None) -> None:
        """A new answer to ``message`` (a prompt) or to the prompt of ``message`` (an
        answer): it takes the old answer's place on screen, which stays in the store."""
        state = self._ctx.state
        found = state.find(message.id)
        if found is None or (found.role == "assistant" and found.parent_id is None):
            self._note("The conversation changed: nothing was asked.")
            return
        replaced: Message | None = found
        prompt_id = found.parent_id
        if found.role != "assistant":
            following = state.messages[state.messages.index(found) + 1 :][:1]
            replaced = following[0] if following and following[0].role == "assistant" else None
            prompt_id = found.id
        if replaced is not None:
            self._cut_from(replaced)
        if model is not None:
            state.model = model
        from tui.turn_spec import TurnSpec  # a turn's types come with the first turn

        self._start_turn(TurnSpec(**self._spec_fields(), prompt=None, parent_id=prompt_id))

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
        """Continue the selected answer in place (what followed it stays after it)."""
        message = self.cursor_message()
        await self._ctx.gate.run(lambda: self._continue(message))

    async def _continue(self, message: Message | None) -> None:
        state = self._ctx.state
        if message is not None:
            message = state.find(message.id)
        if message is None or not can_continue(message):
            self._note("Only a cancelled, failed or cut-off answer can be continued.")
            return
        model = message.model_requested or state.model
        fields = self._spec_fields() | {"model": model}
        from tui.turn_spec import TurnSpec

        self._start_turn(TurnSpec(**fields, prompt=None, continue_message_id=message.id))

    # -- editing: the edited prompt is sent as a new version beside the old ------------------

    async def edit_last(self) -> None:
        await self._ctx.gate.run(lambda: self._edit(self._ctx.state.last_of("user")))

    async def edit_message(self) -> None:
        """Edit the selected prompt; sent, it goes on from there (the old one stays)."""
        message = self.cursor_message()
        await self._ctx.gate.run(lambda: self._edit(message))

    async def _edit(self, message: Message | None) -> None:
        if message is not None:
            message = self._ctx.state.find(message.id)
        if message is None or message.role != "user":
            self._note("Move to one of your prompts to edit it.")
            return
        self._ctx.state.editing = message
        if self._files_of is not None:
            await self._files_of(message)
        prompt = self._ctx.prompt()
        prompt.load(message.content)
        prompt.focus()
        self._ctx.app.notify(
            "Editing the prompt: enter sends it as a new version (the old one stays; [ and ]"
            " step between them), escape abandons the edit."
        )

    # -- deleting and renaming -------------------------------------------------------------

    async def _delete(self, message: Message) -> None:
        self._ctx.state.agreed_drops.add(message.id)
        await self._ctx.app.store.delete_message(message.id)
        await self._show_path()

    async def delete_message(self) -> None:
        message = self.cursor_message()
        if not self._ctx.may_change(message):
            return

        async def confirmed() -> None:
            if self._ctx.state.find(message.id) is not None:
                await self._delete(message)
                self._ctx.refresh_status()

        async def answered(yes: bool | None) -> None:
            if yes:
                await self._ctx.gate.run(confirmed)

        preview = " ".join(message.content.split())[:50] or "(empty)"
        question = f"Delete this {message.role} message?\n{preview}"
        if message is not self._ctx.state.messages[-1]:
            question += "\nWhat follows it stays (D deletes it with everything below it)."
        self._ctx.dialogs.confirm(question, answered)

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
