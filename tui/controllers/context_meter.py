"""How full the model's context a chat is: on the status line, a warning near the end, and a
choice before a prompt that would not fit (instead of the server's refusal)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from tui.context_use import ContextUse, context_use, fitting_start, short_count
from tui.controllers.chat_params import ChatParameters
from tui.controllers.chat_state import ChatContext

if TYPE_CHECKING:
    from tui.api.types import ModelInfo

MIDDLE_OUT = "middle-out"
"""OpenRouter's transform that drops or shortens messages from the middle to fit."""

Send = Callable[[str, int], Awaitable[None]]
"""Sends a prompt, leaving out this many of the oldest messages of the history."""


class ContextMeter:
    """Counts the chosen path against the chosen model's ``context_length``."""

    def __init__(
        self,
        ctx: ChatContext,
        *,
        model_info: Callable[[], ModelInfo | None],
        params: ChatParameters,
    ) -> None:
        self._ctx = ctx
        self._model_info = model_info
        self._params = params

    def use(self, pending: str = "") -> ContextUse:
        """What the shown path (and ``pending``, a prompt about to go) fills of the context."""
        info = self._model_info()
        limit = info.context_length if info is not None else None
        return context_use(
            self._ctx.state.messages, limit or None, system=self._system(), pending=pending
        )

    def _system(self) -> str | None:
        conversation = self._ctx.state.conversation
        return conversation.system if conversation is not None else None

    def words(self) -> str:
        """``ctx 42% of 128k`` for the status line; ``""`` when the model's limit is unknown
        or under 1% is used."""
        return self.use().words()

    def warn_if_near(self) -> None:
        """Once per conversation, when the context is nearly full: say so, and what to do."""
        use, state = self.use(), self._ctx.state
        if not use.near or state.conversation_id is None:
            return
        if state.context_warned == state.conversation_id:
            return
        state.context_warned = state.conversation_id
        self._ctx.app.notify(
            f"This chat fills {use.percent}% of {state.model}'s {short_count(use.limit or 0)}"
            " context. When a prompt would not fit, Parley offers to leave out the oldest"
            " turns; f forks a chat from a message, ctrl+n starts afresh.",
            title="Context nearly full",
            severity="warning",
            timeout=12,
        )

    def offer(self, text: str, send: Send, keep: Callable[[str], None]) -> bool:
        """True when ``text`` fits (send it as ever). Otherwise ask how to send it: let the
        server compress the middle, or leave out the oldest turns; escape keeps the prompt."""
        use = self.use(text)
        if not use.over or MIDDLE_OUT in self._params.transforms():
            return True
        keep(text)
        state = self._ctx.state
        limit = use.limit or 0
        start = fitting_start(state.messages, limit, system=self._system(), pending=text)
        choices = [("m", "let the server compress the middle (middle-out, for this chat)")]
        if start:
            dropped = sum(1 for m in state.messages[:start] if m.role == "user")
            plural = "s" if dropped != 1 else ""
            choices.append(("o", f"leave out the oldest {dropped} turn{plural} this time"))

        async def answered(choice: str | None) -> None:
            if choice == "m":
                await self._params.add_transform(MIDDLE_OUT)
                self._ctx.app.notify("middle-out is on for this chat (see f5).", timeout=4)
                await send(text, 0)
            elif choice == "o" and start:
                await send(text, start)
            self._ctx.focus_prompt()

        question = (
            f"This prompt would make the chat about {short_count(use.tokens)} tokens,"
            f" over {state.model}'s {short_count(limit)} context."
        )
        self._ctx.dialogs.choose(question, choices, answered)
        return False
