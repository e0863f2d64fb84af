"""The chat screen's list of chats (f2): what each row says, and open, rename, delete, undo."""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING

from tui.screens.dialogs import InputDialog
from tui.store import ConversationSummary, DeletedConversation
from tui.textual_compat.bindings import own_bindings
from tui.widgets.conversations import ChatsPanel, ConversationItem, ConversationList

if TYPE_CHECKING:
    from tui.screens.chat import ChatScreen

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


class ChatList:
    """Mixed into :class:`ChatScreen`: the chats list and what its keys do."""

    _undo: DeletedConversation | None = None
    _undo_was_open = False

    @property
    def chats_panel(self: ChatScreen) -> ChatsPanel:
        return self.query_one(ChatsPanel)

    async def refresh_conversations(self: ChatScreen) -> None:
        panel = self.chats_panel
        if not panel.has_class("-open"):
            return
        summaries = await self.app.store.list_conversations(limit=LISTED)
        now = time.time()
        current = self.conversation.id if self.conversation else None
        # The chat on screen asks its current model, which may not be stored yet.
        models = {s.id: (self.model if s.id == current else s.model) or "" for s in summaries}
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

    async def action_toggle_conversations(self: ChatScreen) -> None:
        panel = self.chats_panel
        opening = not panel.has_class("-open")
        panel.set_class(opening, "-open")
        if opening:
            await self.refresh_conversations()
            panel.focus_rows()
        else:
            self.prompt.focus()

    def close_conversations(self: ChatScreen) -> bool:
        """Close the list if open (True when it was)."""
        panel = self.chats_panel
        if not panel.has_class("-open"):
            return False
        panel.remove_class("-open")
        return True

    async def on_conversation_list_picked(self: ChatScreen, event: ConversationList.Picked) -> None:
        event.stop()
        self.close_conversations()
        # A comparison reopens as one (load_conversation sees to it).
        await self.load_conversation(event.conversation_id)
        self.prompt.focus()

    # -- rename ------------------------------------------------------------------------------

    def on_chats_panel_rename_requested(
        self: ChatScreen, event: ChatsPanel.RenameRequested
    ) -> None:
        event.stop()
        chosen = event.conversation_id

        async def named(title: str | None) -> None:
            if not title:
                return
            renamed = await self.app.store.rename_conversation(chosen, title)
            if self.conversation is not None and self.conversation.id == chosen:
                self.conversation = renamed
                self.refresh_status()
            await self.refresh_conversations()
            self.chats_panel.focus_rows()

        self.app.push_screen(InputDialog("Rename the chat", event.title), named)

    # -- delete and undo ---------------------------------------------------------------------

    async def on_chats_panel_delete_requested(
        self: ChatScreen, event: ChatsPanel.DeleteRequested
    ) -> None:
        event.stop()
        is_open = self.conversation is not None and self.conversation.id == event.conversation_id
        # The chat on screen may be answering: that answer is stopped and stored first.
        await self.gate.run(
            partial(self._delete_chat, event.conversation_id, is_open),
            busy="stop" if is_open else "run",
        )

    async def _delete_chat(self: ChatScreen, conversation_id: int, is_open: bool) -> None:
        deleted = await self.app.store.delete_conversation_for_undo(conversation_id)
        if deleted is None:
            return
        self._undo, self._undo_was_open = deleted, is_open
        if is_open:
            self._show_fresh()
        await self.refresh_conversations()
        key = self._chats_key("chats.undo")
        title = deleted.title or "(untitled)"
        self.notify(f"Deleted “{title}” · {key} brings it back.", timeout=8)

    async def on_chats_panel_undo_requested(
        self: ChatScreen, event: ChatsPanel.UndoRequested
    ) -> None:
        event.stop()
        deleted, self._undo = self._undo, None
        if deleted is None:
            self.notify("Nothing to undo.", timeout=2)
            return
        restored = await self.app.store.restore_conversation(deleted)
        if self._undo_was_open and self.conversation is None and not self.messages:
            await self.load_conversation(restored)
        await self.refresh_conversations()
        self.chats_panel.focus_rows()
        self.notify(f"Restored “{deleted.title or '(untitled)'}”.", timeout=3)

    # -- a chat refused before any answer ---------------------------------------------------

    async def forget_if_unanswered(self: ChatScreen) -> None:
        """Leaving a chat whose every request was refused (no answer at all): delete it.

        Kept while it is on screen, so retry works; gone once left, so the list holds no
        empty chats.
        """
        conversation = self.conversation
        if conversation is None or conversation.kind != "chat":
            return
        messages = await self.app.store.messages(conversation.id)
        answers = [m for m in messages if m.role == "assistant"]
        if answers and all(m.status == "error" and not m.content for m in answers):
            await self.app.store.delete_conversation(conversation.id)
            self._show_fresh()

    def _chats_key(self: ChatScreen, binding_id: str) -> str:
        # Read back from the bindings, so a user's keymap shows its own key.
        for bindings in own_bindings(self.chats_panel):
            for binding in bindings:
                if binding.id == binding_id:
                    return self.app.get_key_display(binding)
        return binding_id
