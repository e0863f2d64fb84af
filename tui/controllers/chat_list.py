"""A chat's list of chats (f2): what each row says, and open, rename, delete, undo."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from functools import partial

from tui.controllers.chat_state import ChatContext
from tui.store import ConversationSummary, DeletedConversation
from tui.textual_compat.bindings import own_bindings
from tui.widgets.conversations import ChatsPanel, ConversationItem

LISTED = 500
"""How many of the most recent chats the list shows (and filters)."""
_DAY = 86_400


def when_text(at: float, now: float) -> str:
    """When a chat was last active, as short as tells it apart: 14:05, Tue 14:05, 3 Mar 14:05."""
    then, today = time.localtime(at), time.localtime(now)
    clock = time.strftime("%H:%M", then)
    if then[:3] == today[:3]:
        return clock
    if 0 < now - at < 6 * _DAY:
        return time.strftime("%a ", then) + clock
    if then.tm_year == today.tm_year:
        return f"{then.tm_mday} {time.strftime('%b', then)} {clock}"
    return f"{then.tm_mday} {time.strftime('%b %Y', then)}"


def chat_detail(summary: ConversationSummary, now: float, model: str | None = None) -> str:
    """The line under a chat's title: when, how many messages, its id (what ``parley -c
    ID`` takes) and which model, so two chats with the same title read apart."""
    count = summary.message_count
    what = "comparison" if summary.kind == "compare" else _short(model or summary.model or "")
    # The model last: when the line is too long, it is what the ellipsis takes.
    parts = [
        when_text(summary.last_activity or summary.updated_at, now),
        f"{count} msg{'s' if count != 1 else ''}",
        f"#{summary.id}",
        what,
    ]
    return " · ".join(part for part in parts if part)


def _short(model: str) -> str:
    # The provider prefix adds width, not much to tell chats apart.
    return model.rsplit("/", 1)[-1]


class ChatsList:
    """The chats panel's rows, and what its keys ask: open, rename, delete, undo."""

    def __init__(
        self,
        ctx: ChatContext,
        *,
        panel: Callable[[], ChatsPanel],
        load: Callable[[int], Awaitable[None]],
        show_fresh: Callable[[], None],
    ) -> None:
        self._ctx = ctx
        self._panel = panel
        self._load = load
        self._show_fresh = show_fresh
        self._undo: DeletedConversation | None = None
        self._undo_was_open = False

    async def refresh(self) -> None:
        """Bring the rows up to date (only while the list shows)."""
        panel = self._panel()
        if not panel.has_class("-open"):
            return
        summaries = await self._ctx.app.store.list_conversations(limit=LISTED)
        now = time.time()
        current = self._ctx.state.conversation_id
        # The chat on screen asks its current model, which may not be stored yet.
        model = self._ctx.state.model
        models = {s.id: (model if s.id == current else s.model) or "" for s in summaries}
        items = [
            ConversationItem(
                s.id,
                s.title or "(untitled)",
                chat_detail(s, now, models[s.id]),
                keywords=f"{models[s.id]} #{s.id}",
            )
            for s in summaries
        ]
        panel.set_items(items, current)

    async def toggle(self) -> None:
        """Open the list (its rows focused) or close it (back to the prompt)."""
        panel = self._panel()
        opening = not panel.has_class("-open")
        panel.set_class(opening, "-open")
        if opening:
            await self.refresh()
            panel.focus_rows()
        else:
            self._ctx.focus_prompt()

    def close(self) -> bool:
        """Close the list if open (True when it was)."""
        panel = self._panel()
        if not panel.has_class("-open"):
            return False
        panel.remove_class("-open")
        return True

    async def picked(self, conversation_id: int) -> None:
        self.close()
        # A comparison reopens as one (loading sees to it).
        await self._load(conversation_id)
        self._ctx.focus_prompt()

    def rename(self, chosen: int, title: str) -> None:
        state = self._ctx.state

        async def named(new_title: str | None) -> None:
            if not new_title:
                return
            renamed = await self._ctx.app.store.rename_conversation(chosen, new_title)
            if state.conversation is not None and state.conversation.id == chosen:
                state.conversation = renamed
                self._ctx.refresh_status()
            await self.refresh()
            self._panel().focus_rows()

        self._ctx.dialogs.ask_text("Rename the chat", title, named)

    async def delete(self, conversation_id: int) -> None:
        is_open = self._ctx.state.conversation_id == conversation_id
        # The chat on screen may be answering: that answer is stopped and stored first.
        await self._ctx.gate.run(
            partial(self._delete_chat, conversation_id, is_open),
            busy="stop" if is_open else "run",
        )

    async def _delete_chat(self, conversation_id: int, is_open: bool) -> None:
        store = self._ctx.app.store
        deleted = await store.delete_conversation_for_undo(conversation_id)
        if deleted is None:
            return
        if self._undo is not None:  # its undo window closes: its files go for good
            await store.prune_blobs(keep=deleted.blobs)
        self._undo, self._undo_was_open = deleted, is_open
        if is_open:
            self._show_fresh()
        await self.refresh()
        key = self._key("chats.undo")
        title = deleted.title or "(untitled)"
        self._ctx.app.notify(f"Deleted “{title}” · {key} brings it back.", timeout=8)

    async def undo(self) -> None:
        deleted, self._undo = self._undo, None
        if deleted is None:
            self._ctx.app.notify("Nothing to undo.", timeout=2)
            return
        restored = await self._ctx.app.store.restore_conversation(deleted)
        state = self._ctx.state
        if self._undo_was_open and state.conversation is None and not state.messages:
            await self._load(restored)
        await self.refresh()
        self._panel().focus_rows()
        self._ctx.app.notify(f"Restored “{deleted.title or '(untitled)'}”.", timeout=3)

    def _key(self, binding_id: str) -> str:
        # Read back from the bindings, so a user's keymap shows its own key.
        for bindings in own_bindings(self._panel()):
            for binding in bindings:
                if binding.id == binding_id:
                    return self._ctx.app.get_key_display(binding)
        return binding_id
