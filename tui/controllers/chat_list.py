"""The chats browser (f2): its rows a page at a time, filtered and sorted, the spend under
them; open, rename, delete and undo (export, duplicate and pin in chat_list_actions)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from functools import partial

from rich.text import Text
from textual.timer import Timer
from textual.widget import Widget

from tui.controllers.chat_list_actions import ChatsActions
from tui.controllers.chat_rows import chat_detail, chat_spend_text, days_spend_text
from tui.controllers.chat_state import ChatContext
from tui.store import BrowsedConversation, DeletedConversation
from tui.store.browse import Sort
from tui.textual_compat.bindings import own_bindings
from tui.widgets.conversations import ChatsPanel, ConversationItem

PAGE = 100
"""How many chats the browser reads at a time: more as the highlight nears the last."""
_FILL_PAGES = 4
"""At most this many pages are read at once to find rows for a narrow filter (then more as
the highlight moves down)."""
_FILL_ROWS = 20
"""Enough rows to fill the list's height on most screens."""
_SPEND_DAYS = 30
SPEND_DELAY = 0.08
"""Seconds the highlight rests on a chat before its spend is read."""
FILTER_DELAY = 0.05
"""Seconds typing pauses before the store reads the rows for the filter."""


def store_text(query: str) -> str:
    """What the store filters by: the typed words, each the start of a word of the title or
    model (as the list matches them itself), ``#12`` an id."""
    return " ".join(query.split())


class ChatsList:
    """The chats browser's rows, a page at a time, and what its keys ask: open, rename,
    delete, undo (here), export, duplicate, pin (:class:`ChatsActions`)."""

    def __init__(
        self,
        ctx: ChatContext,
        *,
        body: Callable[[], Widget],
        load: Callable[[int], Awaitable[None]],
        show_fresh: Callable[[], None],
    ) -> None:
        self._ctx = ctx
        self._body = body
        self._widget: ChatsPanel | None = None
        """The panel, mounted when the list is first opened (the first frame goes without)."""
        self._load = load
        self._show_fresh = show_fresh
        self._undo: DeletedConversation | None = None
        self._undo_was_open = False
        self.sort: Sort = "recent"
        self.rows: list[BrowsedConversation] = []
        self._text = ""
        self._more = False
        self._days: Text | None = None
        self.spend_shown_for: int | None = None
        """The chat whose spend shows under the list."""
        self._spend_timer: Timer | None = None
        self._filter_timer: Timer | None = None
        self._filter_pending = False
        self._reading = asyncio.Lock()
        self.actions = ChatsActions(ctx, panel=self._panel, refresh=self.refresh)

    @property
    def is_open(self) -> bool:
        return self._widget is not None and self._widget.has_class("-open")

    def _panel(self) -> ChatsPanel:
        # Everything but opening comes from the panel's own keys and rows: it is mounted.
        if self._widget is None:
            raise RuntimeError("the chats panel is used before it was first opened")
        return self._widget

    async def refresh(self) -> None:
        """Bring the rows up to date (only while the list shows), as many as were read."""
        if not self.is_open:
            return
        await self._read(max(PAGE, len(self.rows)))
        # After the rows: they are what the list is opened for; the days' sum reads more.
        days = await self._ctx.app.store.spend_by_day(_SPEND_DAYS)
        self._days = days_spend_text(days)
        self._spend_soon(self._panel().rows.highlighted_id)

    async def _read(self, limit: int) -> None:
        # Reads take turns: a page asked for while the rows are read again would be read at
        # the old rows' end, and added to the new ones.
        async with self._reading:
            store = self._ctx.app.store
            # One more than shown tells whether there are more.
            rows = await store.browse_conversations(self.sort, self._text, limit + 1, 0, words=True)
            self._more = len(rows) > limit
            self.rows = rows[:limit]
            self._panel().set_items(
                self._items(self.rows), self._ctx.state.conversation_id, more=self._more
            )
            await self._fill()

    async def more(self) -> None:
        """Read the next page onto the end of the list, if there is one."""
        async with self._reading:
            await self._next_page()

    async def _next_page(self) -> None:
        if not self._more or not self.is_open:
            return
        store = self._ctx.app.store
        page = await store.browse_conversations(
            self.sort, self._text, PAGE + 1, len(self.rows), words=True
        )
        self._more = len(page) > PAGE
        self.rows.extend(page[:PAGE])
        self._panel().add_items(self._items(page[:PAGE]), more=self._more)

    async def _fill(self) -> None:
        # The list also matches the models of every answer, the store the chat's own: rows
        # it read may not show. Read on until the list has a screenful, or the history ends.
        panel = self._panel()
        for _ in range(_FILL_PAGES):
            if not self._more or panel.rows.option_count >= _FILL_ROWS:
                return
            await self._next_page()

    def filtered(self, query: str) -> None:
        """The filter changed: the list shows the rows it has that match at once; the store
        reads them once typing pauses (fast typing pays for one read, not one a key)."""
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_pending = True
        self._filter_timer = self._ctx.host.set_timer(
            FILTER_DELAY, partial(self._filter_now, query)
        )

    async def _filter_now(self, query: str) -> None:
        self._filter_pending = False
        text = store_text(query)
        if text != self._text:
            self._text = text
            await self._read(PAGE)
        else:
            async with self._reading:
                await self._fill()

    async def toggle_sort(self) -> None:
        self.sort = "cost" if self.sort == "recent" else "recent"
        self._panel().sort = self.sort
        await self._read(PAGE)

    async def viewed(self, conversation_id: int | None) -> None:
        """The highlight moved: near the end, read the next page; show that chat's spend
        once the highlight rests (a held arrow key pays for one, not one per row)."""
        # While a filter's read is pending, its rows are on their way: no page of the last.
        if self._panel().near_end and not self._filter_pending:
            await self.more()
        if self._spend_timer is not None:
            self._spend_timer.stop()
        if conversation_id != self.spend_shown_for:
            self._spend_soon(conversation_id)

    def _spend_soon(self, conversation_id: int | None) -> None:
        if self._spend_timer is not None:
            self._spend_timer.stop()
        self._spend_timer = self._ctx.host.set_timer(
            SPEND_DELAY, partial(self._show_spend, conversation_id)
        )

    async def _show_spend(self, conversation_id: int | None) -> None:
        spend = None
        if conversation_id is not None:
            spend = await self._ctx.app.store.conversation_spend(conversation_id)
        self.spend_shown_for = conversation_id
        text = chat_spend_text(spend)
        if self._days is not None:
            text.append("\n").append_text(self._days)
        self._panel().set_spend(text)

    def _items(self, rows: list[BrowsedConversation]) -> list[ConversationItem]:
        now = time.time()
        current = self._ctx.state.conversation_id
        # The chat on screen names its current model, which may not be stored yet.
        model = self._ctx.state.model
        items = []
        for row in rows:
            models = [model] if row.id == current and model else list(row.models)
            items.append(
                ConversationItem(
                    row.id,
                    row.title or "(untitled)",
                    chat_detail(row, now, model if row.id == current else None),
                    keywords=f"{' '.join(models)} #{row.id}",
                    pinned=row.pinned,
                )
            )
        return items

    async def toggle(self) -> None:
        """Open the list (its rows focused) or close it (back to the prompt)."""
        if self._widget is None:
            # Mounted open: one styling, not one for the mount and one for the class.
            panel = ChatsPanel(id="conversations", classes="-open")
            body = self._body()
            await body.mount(panel, before=0)  # on the left of the conversation
            self._widget = panel
            opening = True
        else:
            panel = self._widget
            opening = not panel.has_class("-open")
            panel.set_class(opening, "-open")
        if opening:
            await self.refresh()
            panel.focus_rows()
        else:
            self._ctx.focus_prompt()

    def close(self) -> bool:
        """Close the list if open (True when it was)."""
        if not self.is_open:
            return False
        self._panel().remove_class("-open")
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
        if self.is_open:
            self._panel().focus_rows()
        self._ctx.app.notify(f"Restored “{deleted.title or '(untitled)'}”.", timeout=3)

    def _key(self, binding_id: str) -> str:
        # Read back from the bindings, so a user's keymap shows its own key (the panel's: the
        # class's own until it is mounted).
        panel = self._widget
        chains = own_bindings(panel) if panel is not None else [ChatsPanel.BINDINGS]
        for bindings in chains:
            for binding in bindings:
                if binding.id == binding_id:
                    return self._ctx.app.get_key_display(binding)
        return binding_id
