"""What the chat screen shows of its turns: the status line, and answers as they end."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.controllers.message_views import (
    CHAT_FALLBACKS,
    CONTINUE_KEY,
    can_continue,
    cut_off_mark,
    live_error_detail,
    message_view,
)
from tui.store import Message
from tui.turn import TurnOutcome
from tui.widgets.transcript import MessageView

if TYPE_CHECKING:
    from tui.screens.chat import ChatScreen


class ChatStatus:
    """Mixed into :class:`ChatScreen`: its status line and the endings of its answers."""

    async def _show_ending(
        self: ChatScreen, outcome: TurnOutcome | None, message_id: int | None
    ) -> None:
        """The stored answer's provenance footer, status and detail; the status line."""
        self._continuable = False
        if message_id is not None:
            stored = await self.app.store.get_message(message_id)
            self._continuable = stored is not None and can_continue(stored)
            if stored is not None:
                self._replace_message(stored)
                view = self.view_of(stored)
                detail = view.detail
                if outcome is not None and outcome.error is not None and view.status == "error":
                    # The live error's hint can be more exact than the stored kind's (e.g. why
                    # no key went to this server).
                    detail = live_error_detail(outcome.error, CHAT_FALLBACKS)
                self.transcript.update_message(
                    stored.id,
                    title=view.title,
                    footer=view.footer,
                    status=view.status,
                    detail=detail,
                    mark=view.mark,
                )
        if self.conversation is not None:
            self.conversation = await self.app.store.get_conversation(self.conversation.id)
        self.refresh_status(outcome)
        await self.refresh_conversations()

    @property
    def continue_key(self: ChatScreen) -> str:
        """The key that continues an answer, as the user bound it."""
        keys = self.app.settings.keys.get("chat.continue", CONTINUE_KEY)
        return keys.split(",")[0].strip() or CONTINUE_KEY

    def view_of(self: ChatScreen, message: Message) -> MessageView:
        """A stored message as this screen shows it: its hints name this screen's keys."""
        return message_view(message, continue_key=self.continue_key, fallbacks=CHAT_FALLBACKS)

    def _replace_message(self: ChatScreen, stored: Message) -> None:
        for index, message in enumerate(self.messages):
            if message.id == stored.id:
                self.messages[index] = stored
                return
        self.messages.append(stored)

    def _tick(self: ChatScreen) -> None:
        """The spinner turns 4 times a second while waiting; once text flows, once a second."""
        if self._live is not None:
            self._live.show_phase()  # a retry's wait may be over: connecting again
        progress = self._live.progress if self._live else None
        if progress is not None and not progress.waiting_for_first_token:
            self._ticks += 1
            if self._ticks % 4:
                return
        self.refresh_status()

    def refresh_status(self: ChatScreen, outcome: TurnOutcome | None = None) -> None:
        now = self.app.clock()
        progress = self._live.progress if self._live else None
        if self.streaming and progress is not None:
            mark = progress.spinner(now) if progress.waiting_for_first_token else "●"
            state = f"{mark} {progress.describe(now)}"
        elif outcome is not None:
            state = _ending(outcome, self.continue_key)
        elif progress is not None and progress.ending:
            state = progress.ending
            if state in ("cancelled", "interrupted") and self._continuable:
                state += f" · {self.continue_key} continues it"
        else:
            state = "ready"
        self.status.show(state, self._details(), busy=self.streaming)

    def _details(self: ChatScreen) -> str:
        parts = []
        if self.app.settings.demo:
            parts.append("DEMO")
        parts.append(self.model)
        if self.conversation is not None and self.conversation.title:
            parts.append(self.conversation.title[:40])
        tokens = sum((m.total_tokens or 0) for m in self.messages)
        cost = sum((m.cost or 0.0) for m in self.messages)
        if tokens:
            parts.append(f"{tokens:,} tok")
        if cost:
            parts.append(f"${cost:.4f}")
        return " · ".join(parts)


def _ending(outcome: TurnOutcome, continue_key: str) -> str:
    if outcome.status == "complete":
        if cut_off := cut_off_mark(outcome.status, outcome.finish_reason, continue_key):
            return cut_off
        rate = outcome.tokens_per_second
        return "done" + (f" · {rate:.0f} tok/s" if rate else "")
    if outcome.error is not None:
        return f"error · {outcome.error.headline()}"
    return outcome.status
