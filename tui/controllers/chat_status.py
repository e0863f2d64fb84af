"""What a chat shows of its turns: the status line, the spinner, and answers as they end."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from tui.controllers.chat_state import ChatContext
from tui.controllers.context_meter import ContextMeter
from tui.controllers.message_views import (
    CHAT_FALLBACKS,
    CONTINUE_KEY,
    can_continue,
    cut_off_mark,
    files_words,
    live_error_detail,
    message_view,
    sources_words,
)
from tui.store import Message
from tui.widgets.transcript import MessageView

if TYPE_CHECKING:
    # A turn's machinery is imported by the first turn, not by the first screen.
    from tui.controllers.live_turn import LiveTurn
    from tui.turn_spec import TurnOutcome

SPIN = 0.25
"""Seconds between two turns of the status line's spinner, while waiting for text."""

PULSE = 1.0
"""Seconds between two updates of the status line once text flows."""


class ChatStatus:
    """Keeps the status line and the ended answers' footers in step with the chat."""

    def __init__(
        self,
        ctx: ChatContext,
        *,
        live: Callable[[], LiveTurn | None],
        context: Callable[[], ContextMeter],
    ) -> None:
        self._ctx = ctx
        self._live = live
        self._context = context

    @property
    def continue_key(self) -> str:
        """The key that continues an answer, as the user bound it."""
        keys = self._ctx.app.settings.keys.get("chat.continue", CONTINUE_KEY)
        return keys.split(",")[0].strip() or CONTINUE_KEY

    def view_of(self, message: Message) -> MessageView:
        """A stored message as the chat shows it: its hints name the chat's keys."""
        view = message_view(message, continue_key=self.continue_key, fallbacks=CHAT_FALLBACKS)
        state = self._ctx.state
        label = state.label(message.id)
        if label:
            view = replace(view, branch=label)
        extra = files_words(state.files.get(message.id, ()))
        extra = extra or sources_words(state.sources.get(message.id, ()))
        if extra:  # under the text, with an error's detail when there is one
            view = replace(view, detail=f"{view.detail}\n{extra}" if view.detail else extra)
        return view

    async def learn(self, messages: Iterable[Message]) -> None:
        """Read the stored files and sources of ``messages`` (before they are shown)."""
        ids = [m.id for m in messages]
        store, state = self._ctx.app.store, self._ctx.state
        files = await store.attachments_of(ids)
        if files:  # the first screen of a new chat has none: sizes are told when there are
            from tui.attachments import human_size
        for message_id, items in files.items():
            state.files[message_id] = tuple(
                f"{a.name} · {a.format} · {human_size(a.size)}" for a in items
            )
        for message_id, cited in (await store.citations_of(ids)).items():
            state.sources[message_id] = tuple((c.title, c.url) for c in cited)

    async def show_ending(self, outcome: TurnOutcome | None, message_id: int | None) -> None:
        """The stored answer's provenance footer, status and detail; the status line."""
        state = self._ctx.state
        state.continuable = False
        if message_id is not None:
            stored = await self._ctx.app.store.get_message(message_id)
            state.continuable = stored is not None and can_continue(stored)
            if stored is not None:
                await self.learn([stored])
                state.replace(stored)
                self._show_stored(stored, outcome)
        if state.conversation is not None:
            state.conversation = await self._ctx.app.store.get_conversation(state.conversation.id)
        self.refresh(outcome)
        self._context().warn_if_near()

    def _show_stored(self, stored: Message, outcome: TurnOutcome | None) -> None:
        view = self.view_of(stored)
        detail = view.detail
        if outcome is not None and outcome.error is not None and view.status == "error":
            # The live error's hint can be more exact than the stored kind's (e.g. why no
            # key went to this server).
            detail = live_error_detail(outcome.error, CHAT_FALLBACKS)
            if sources := sources_words(self._ctx.state.sources.get(stored.id, ())):
                detail += "\n" + sources
        self._ctx.transcript().update_message(
            stored.id,
            title=view.title,
            footer=view.footer,
            status=view.status,
            detail=detail,
            mark=view.mark,
            thought=view.thought,
        )

    def tick(self) -> float:
        """Bring the status line up to date; return the seconds until it next needs it.

        While waiting for the first token the spinner turns 4 times a second; once text
        flows the line changes at most once a second (the rate, or a stall's count).
        """
        live = self._live()
        if live is not None:
            live.show_phase()  # a retry's wait may be over: connecting again
        progress = live.progress if live else None
        self.refresh()
        if progress is not None and not progress.waiting_for_first_token:
            return PULSE
        return SPIN

    def refresh(self, outcome: TurnOutcome | None = None) -> None:
        """Say on the status line where the turn is and what the chat has cost."""
        now = self._ctx.app.clock()
        live = self._live()
        progress = live.progress if live else None
        streaming = self._ctx.phase.busy
        if streaming and progress is not None:
            mark = progress.spinner(now) if progress.waiting_for_first_token else "●"
            text = f"{mark} {progress.describe(now)}"
        elif outcome is not None:
            text = _ending(outcome, self.continue_key)
        elif progress is not None and progress.ending:
            text = progress.ending
            if text in ("cancelled", "interrupted") and self._ctx.state.continuable:
                text += f" · {self.continue_key} continues it"
        else:
            text = "ready"
        self._ctx.status_line().show(text, self._details(), busy=streaming)

    def _details(self) -> str:
        state = self._ctx.state
        parts = []
        if self._ctx.app.settings.demo:
            parts.append("DEMO")
        if state.web_search:
            parts.append("web search")
        parts.append(state.model)
        if context := self._context().words():  # before the title: narrow lines clip the end
            parts.append(context)
        if state.conversation is not None and state.conversation.title:
            parts.append(state.conversation.title[:40])
        tokens = sum((m.total_tokens or 0) for m in state.messages)
        cost = sum((m.cost or 0.0) for m in state.messages)
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
