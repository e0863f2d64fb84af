"""What the keyboard can do to messages: copy, regenerate, edit and resend, continue, delete."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from tui.controllers.message_views import can_continue
from tui.controllers.turn_phase import BUSY_NOTE
from tui.screens.dialogs import ConfirmDialog, InputDialog
from tui.screens.model_choice import model_picker
from tui.store import Message
from tui.turn import TurnSpec

if TYPE_CHECKING:
    from tui.screens.chat import ChatScreen

Action = Callable[[], Awaitable[None]]

_FENCE = re.compile(r"^(```|~~~)[^\n]*\n(.*?)^\1[ \t]*$", re.DOTALL | re.MULTILINE)

# Actions that act on the message under the transcript's cursor.
CURSOR_ACTIONS = {
    "copy_message",
    "copy_code",
    "edit_message",
    "continue_message",
    "delete_message",
    "regenerate_here",
}


def last_code_block(text: str) -> str | None:
    """The body of the last fenced code block in ``text``, if it has one."""
    blocks = _FENCE.findall(text)
    return blocks[-1][1] if blocks else None


class MessageActions:
    """Mixed into :class:`ChatScreen`: the message actions, bound to keys and the palette."""

    def check_action(self: ChatScreen, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Single-letter keys act on the message under the cursor, so only in the transcript.
        if action in CURSOR_ACTIONS:
            return self.focused is self.transcript
        return True

    # -- finding messages --------------------------------------------------------------------

    def cursor_message(self: ChatScreen) -> Message | None:
        key = self.transcript.cursor_key
        return next((m for m in self.messages if m.id == key), None)

    def last_of(self: ChatScreen, role: str) -> Message | None:
        return next((m for m in reversed(self.messages) if m.role == role), None)

    # -- copying -------------------------------------------------------------------------------

    def _copy(self: ChatScreen, text: str, what: str) -> None:
        self.app.copy_text(text)
        self.notify(f"Copied {what} ({len(text):,} characters).", timeout=2)

    def action_copy_message(self: ChatScreen) -> None:
        message = self.cursor_message()
        if message is None:
            self.notify("Move to a message first (up/down in the conversation).", timeout=3)
            return
        self._copy(self.transcript.message_text(message.id) or message.content, "the message")

    def action_copy_code(self: ChatScreen) -> None:
        message = self.cursor_message() or self.last_of("assistant")
        code = last_code_block(message.content) if message else None
        if code is None:
            self.notify("That message has no code block.", timeout=3)
            return
        self._copy(code, "the code block")

    def action_copy_last(self: ChatScreen) -> None:
        message = self.last_of("assistant")
        if message is None or not message.content:
            self.notify("No answer to copy yet.", timeout=3)
            return
        self._copy(message.content, "the last answer")

    # -- answering again -----------------------------------------------------------------------
    # Each of these waits for a turn that is ending (its answer is being stored) and is refused
    # while one sends or streams, so none starts a second turn or drops a half-stored answer.

    async def action_regenerate(self: ChatScreen, model: str | None = None) -> None:
        """Answer the last prompt again (after an error: retry), replacing the last answer."""
        await self.gate.run(partial(self._regenerate, model))

    async def _regenerate(self: ChatScreen, model: str | None) -> None:
        last = self.messages[-1] if self.messages else None
        if last is None or self.conversation is None:
            self.notify("Nothing to regenerate yet.", timeout=3)
            return
        if last.role == "assistant":
            await self._delete(last)
        if model is not None:
            self.model = model
        fields: dict[str, Any] = self._spec_fields()
        self.start_turn(TurnSpec(**fields, prompt=None))

    async def action_regenerate_here(self: ChatScreen) -> None:
        """Answer the selected prompt (or the prompt of the selected answer) again."""
        message = self.cursor_message()
        if message is None or (message.role != "assistant" and message.role != "user"):
            self.notify("Move to an answer (or its prompt) to regenerate it.", timeout=3)
            return
        index = self.messages.index(message)
        if message.role == "user":
            index += 1  # its answer, if it has one, goes too
        later = self.messages[index:]
        if len(later) <= 1 and (not later or later[0].role == "assistant"):
            await self.action_regenerate()  # the last answer: replaced, as ctrl+r does
            return
        await self.confirm_drop(later, "regenerate", lambda: self._regenerate(None))

    async def confirm_drop(self: ChatScreen, drop: list[Message], doing: str, then: Action) -> None:
        """Ask before dropping ``drop`` (the answer replaced, if first, and what came after);
        then drop exactly those and run ``then``. Until answers can branch, redoing an
        earlier step of the conversation loses what came after it."""
        ids = [m.id for m in drop]
        later = len(ids) - 1 if drop[0].role == "assistant" else len(ids)

        async def dropped() -> None:
            if not all(any(m.id == i for m in self.messages) for i in ids):
                self.notify("The conversation changed: nothing was dropped.", timeout=3)
                return
            self.agreed_drops.update(ids)
            for message in [m for m in self.messages if m.id in ids]:
                await self._delete(message)
            self.refresh_status()
            await then()

        plural = "message" if later == 1 else "messages"
        self.ask_first(
            f"This drops {later} later {plural} (to {doing} this one).",
            "enter drop them and go on · esc keep them",
            dropped,
        )

    async def action_retry_other_model(self: ChatScreen) -> None:
        await self.gate.run(self._retry_other_model)

    async def _retry_other_model(self: ChatScreen) -> None:
        fallbacks = [m for m in self.app.settings.fallback_models if m != self.model]
        if fallbacks:
            await self._regenerate(fallbacks[0])
            return

        async def chosen(model: str | None) -> None:
            if model:
                await self.action_regenerate(model)

        self.app.push_screen(await model_picker(self.app, self.model), chosen)

    async def action_continue_last(self: ChatScreen) -> None:
        await self.gate.run(lambda: self._continue(self.last_of("assistant")))

    async def action_continue_message(self: ChatScreen) -> None:
        """Continue the selected answer; an earlier one only after dropping what followed."""
        message = self.cursor_message()
        if message is not None and can_continue(message) and message is not self.messages[-1]:
            index = self.messages.index(message)
            await self.confirm_drop(
                self.messages[index + 1 :], "continue", lambda: self._continue(message)
            )
            return
        await self.gate.run(lambda: self._continue(message))

    async def _continue(self: ChatScreen, message: Message | None) -> None:
        if message is not None:
            message = next((m for m in self.messages if m.id == message.id), None)
        if message is None or not can_continue(message) or message is not self.messages[-1]:
            self.notify("Only a cancelled, failed or cut-off answer can be continued.", timeout=3)
            return
        model = message.model_requested or self.model
        fields = self._spec_fields() | {"model": model}
        self.start_turn(TurnSpec(**fields, prompt=None, continue_message_id=message.id))

    # -- editing ----------------------------------------------------------------------------

    async def action_edit_last(self: ChatScreen) -> None:
        await self.gate.run(lambda: self._edit(self.last_of("user")))

    async def action_edit_message(self: ChatScreen) -> None:
        """Edit the selected prompt; an earlier one drops what followed it, once resent."""
        message = self.cursor_message()
        if message is None or message.role != "user" or message is self.last_of("user"):
            await self.gate.run(lambda: self._edit(message))
            return
        index = self.messages.index(message)
        answered = 2 if self.messages[index + 1].role == "assistant" else 1
        later = len(self.messages) - index - answered
        plural = "message" if later == 1 else "messages"
        drop = [m.id for m in self.messages[index:]]

        async def agreed() -> None:
            self.agreed_drops.update(drop)
            await self._edit(message)

        self.ask_first(
            f"This drops {later} later {plural} when you resend the edited prompt.",
            "enter edit it · esc keep them",
            agreed,
        )

    def ask_first(self: ChatScreen, question: str, keys: str, then: Action) -> None:
        """Ask ``question``; on yes, run ``then`` through the gate (refused while a turn runs)."""
        if self.turn.busy:
            self.notify(BUSY_NOTE, timeout=3)
            return

        async def answered(yes: bool | None) -> None:
            if yes:
                await self.gate.run(then)

        self.app.push_screen(ConfirmDialog(question, keys), answered)

    async def _edit(self: ChatScreen, message: Message | None) -> None:
        if message is not None:
            message = next((m for m in self.messages if m.id == message.id), None)
        if message is None or message.role != "user":
            self.notify("Move to one of your prompts to edit it.", timeout=3)
            return
        self.editing = message
        self.prompt.load(message.content)
        self.prompt.focus()
        self.notify("Editing the prompt: enter resends it, escape abandons the edit.")

    async def drop_from(self: ChatScreen, message: Message) -> None:
        """Delete ``message`` and everything after it (an edited prompt replaces them)."""
        index = next((i for i, m in enumerate(self.messages) if m.id == message.id), None)
        self.editing = None
        if index is None:
            return
        for later in list(self.messages[index:]):
            await self._delete(later)

    # -- deleting and renaming -------------------------------------------------------------

    async def _delete(self: ChatScreen, message: Message) -> None:
        await self.app.store.delete_message(message.id)
        self.messages = [m for m in self.messages if m.id != message.id]
        if message.id in self.transcript.message_keys():
            self.transcript.remove_message(message.id)

    async def action_delete_message(self: ChatScreen) -> None:
        message = self.cursor_message()
        if message is None:
            self.notify("Move to a message first (up/down in the conversation).", timeout=3)
            return
        if not self.turn.idle:
            self.notify(BUSY_NOTE, timeout=3)
            return

        async def confirmed() -> None:
            if any(m.id == message.id for m in self.messages):
                await self._delete(message)
                self.refresh_status()

        async def answered(yes: bool | None) -> None:
            if yes:
                await self.gate.run(confirmed)

        preview = " ".join(message.content.split())[:50] or "(empty)"
        self.app.push_screen(
            ConfirmDialog(f"Delete this {message.role} message?\n{preview}"), answered
        )

    async def action_rename(self: ChatScreen) -> None:
        if self.conversation is None:
            self.notify("Send a first prompt; the chat is titled from it.", timeout=3)
            return
        conversation = self.conversation

        async def named(title: str | None) -> None:
            if title:
                self.conversation = await self.app.store.rename_conversation(conversation.id, title)
                self.refresh_status()
                await self.refresh_conversations()

        self.app.push_screen(InputDialog("Rename this chat", conversation.title or ""), named)
