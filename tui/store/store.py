"""The Store: conversations, messages, search and the models cache in one SQLite file."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Iterable
from typing import Any

from tui.closing import AsyncClosing
from tui.store.attachments import AttachmentStore
from tui.store.base import Clock
from tui.store.browse import BrowsedConversation, Sort, browse
from tui.store.bulk import import_conversations, import_new
from tui.store.compare import CompareStore
from tui.store.connection import BUSY_TIMEOUT_S, connect, prepare
from tui.store.duplicate import DuplicateStore
from tui.store.errors import NotFoundError, StoreError
from tui.store.guard import GuardedConnection
from tui.store.liveness import STALE_AFTER_S
from tui.store.messages import MessageStore
from tui.store.records import (
    CachedModel,
    Conversation,
    ConversationSummary,
    ImportedConversation,
    ImportOutcome,
    Kind,
    ModelMarks,
    SearchHit,
)
from tui.store.rows import (
    CONVERSATION_SELECT,
    STREAMING_ACTIVITY_SQL,
    conversation_from_row,
    encode_params,
    summary_from_row,
)
from tui.store.search import run_search
from tui.store.spend import ConversationSpend, DaySpend, conversation_spend, spend_by_day
from tui.store.titles import clean_title
from tui.store.trash import TrashStore
from tui.store.tree import TreeStore
from tui.store.validate import check_kind

# Every write to a message touches its conversation except a stream's progress saves, so
# last activity needs only the (few) messages still streaming. Reading every message row
# for it cost ~30 ms on a cold cache at 200,000 messages; the count reads the index only.
_LIST_SQL = f"""
SELECT c.id, c.title, c.kind, c.model, c.created_at, c.updated_at,
       (SELECT COUNT(*) FROM messages AS m WHERE m.conversation_id = c.id),
       MAX(c.updated_at, COALESCE(({STREAMING_ACTIVITY_SQL}), 0))
FROM conversations AS c
ORDER BY c.updated_at DESC, c.id DESC
LIMIT ? OFFSET ?
"""


class Store(
    DuplicateStore, TrashStore, CompareStore, TreeStore, AttachmentStore, MessageStore, AsyncClosing
):
    """The history database. Open with :meth:`Store.open`; every method is a coroutine.

    Takes and returns plain frozen dataclasses (:mod:`tui.store.records`). Message methods
    live in :class:`~tui.store.messages.MessageStore`, comparison ones in
    :class:`~tui.store.compare.CompareStore`, the conversation tree (chosen path, siblings,
    forks) in :class:`~tui.store.tree.TreeStore`, attached files and citations in
    :class:`~tui.store.attachments.AttachmentStore`.
    """

    @classmethod
    async def open(
        cls,
        path: str | os.PathLike[str],
        *,
        clock: Clock = time.time,
        stale_after: float = STALE_AFTER_S,
        busy_timeout: float | None = None,
    ) -> Store:
        """Open (creating it and its folder if needed) and migrate the database at ``path``.

        ``clock`` gives unix seconds (tests freeze it); a stream whose heartbeat is older
        than ``stale_after`` seconds reads as interrupted; a write waits ``busy_timeout``
        seconds for another process's write (default :data:`BUSY_TIMEOUT_S`).

        Raises a ``StoreError`` subclass naming the file, what is wrong and what to do:
        ``SchemaTooNewError`` (a newer Parley's file), ``StoreDamagedError`` (not a
        database, truncated, a folder), ``StoreLocationError``, ``StoreLockedError``,
        ``StoreFullError``, ``StoreReadOnlyError``. A file it cannot use is left untouched.
        """
        wait = BUSY_TIMEOUT_S if busy_timeout is None else busy_timeout
        resolved, migrator = await asyncio.to_thread(prepare, path, wait)
        try:
            db = await connect(resolved, wait)
        finally:
            migrator.close()  # no checkpoint: the new connection keeps the file open
        return cls(
            GuardedConnection(db, resolved),
            resolved,
            clock=clock,
            stale_after=stale_after,
            busy_timeout=wait,
        )

    async def close(self) -> None:
        with contextlib.suppress(StoreError):  # a close that fails has nothing left to save
            await self._db.close()

    aclose = close  # for ``async with``

    # -- conversations ---------------------------------------------------------------------

    async def create_conversation(
        self,
        title: str | None = None,
        *,
        model: str | None = None,
        kind: Kind = "chat",
        system: str | None = None,
    ) -> Conversation:
        """A new, empty conversation; an untitled one takes its first prompt's first line."""
        check_kind(kind)
        now = self._clock()
        title = (clean_title(title) or None) if title else None
        async with self._write() as db:
            cursor = await db.execute(
                "INSERT INTO conversations (title, kind, model, system, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (title, kind, model, system, now, now),
            )
        return Conversation(cursor.lastrowid or 0, title, kind, model, system, now, now)

    async def get_conversation(self, conversation_id: int) -> Conversation | None:
        rows = await self._fetch(f"{CONVERSATION_SELECT} WHERE id = ?", (conversation_id,))
        return conversation_from_row(rows[0]) if rows else None

    async def latest_conversation(self) -> Conversation | None:
        """The most recently updated conversation (what ``--continue`` resumes)."""
        rows = await self._fetch(f"{CONVERSATION_SELECT} ORDER BY updated_at DESC, id DESC LIMIT 1")
        return conversation_from_row(rows[0]) if rows else None

    async def list_conversations(
        self, limit: int = 50, offset: int = 0
    ) -> list[ConversationSummary]:
        """Conversations, most recently updated first, with message counts and last activity."""
        rows = await self._fetch(_LIST_SQL, (limit, offset))
        return [summary_from_row(row) for row in rows]

    async def rename_conversation(self, conversation_id: int, title: str) -> Conversation:
        """Retitle a conversation (whitespace tidied). Raises ``NotFoundError``, or
        ``ValueError`` for a blank title."""
        cleaned = clean_title(title)
        if not cleaned:
            raise ValueError("a conversation title cannot be blank")
        async with self._write() as db:
            await self._touch(db, conversation_id, self._clock(), rename=cleaned)
            rows = list(
                await db.execute_fetchall(f"{CONVERSATION_SELECT} WHERE id = ?", (conversation_id,))
            )
        return conversation_from_row(rows[0])

    async def update_conversation(
        self,
        conversation_id: int,
        *,
        model: str | None = None,
        system: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> Conversation:
        """Change what a conversation asks with; ``None`` keeps a value ("" clears system).

        Raises ``NotFoundError`` for a missing conversation.
        """
        sets, values = [], []
        if model is not None:
            sets.append("model = ?")
            values.append(model)
        if system is not None:
            sets.append("system = ?")
            values.append(system or None)
        if params is not None:
            sets.append("params = ?")
            values.append(encode_params(params))
        async with self._write() as db:
            if sets:
                await db.execute(
                    f"UPDATE conversations SET {', '.join(sets)} WHERE id = ?",
                    (*values, conversation_id),
                )
            rows = list(
                await db.execute_fetchall(f"{CONVERSATION_SELECT} WHERE id = ?", (conversation_id,))
            )
        if not rows:
            raise NotFoundError(f"no conversation {conversation_id}")
        return conversation_from_row(rows[0])

    async def model_marks(self, recent: int = 10) -> ModelMarks:
        """Starred models (by id) and the ``recent`` most recently used ones."""
        starred = await self._fetch(
            "SELECT model_id FROM model_marks WHERE favourite = 1 ORDER BY model_id"
        )
        used = await self._fetch(
            "SELECT model_id FROM model_marks WHERE last_used IS NOT NULL"
            " ORDER BY last_used DESC LIMIT ?",
            (recent,),
        )
        return ModelMarks(tuple(r[0] for r in starred), tuple(r[0] for r in used))

    async def set_favourite(self, model_id: str, favourite: bool) -> None:
        async with self._write() as db:
            await db.execute(
                "INSERT INTO model_marks (model_id, favourite) VALUES (?, ?)"
                " ON CONFLICT (model_id) DO UPDATE SET favourite = excluded.favourite",
                (model_id, int(favourite)),
            )

    async def mark_model_used(self, model_id: str) -> None:
        async with self._write() as db:
            await db.execute(
                "INSERT INTO model_marks (model_id, last_used) VALUES (?, ?)"
                " ON CONFLICT (model_id) DO UPDATE SET last_used = excluded.last_used",
                (model_id, self._clock()),
            )

    async def delete_conversation(self, conversation_id: int) -> bool:
        """Delete a conversation and all its messages; ``False`` if there was none."""
        async with self._write() as db:
            cursor = await db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
            return cursor.rowcount > 0

    # -- search, models cache, bulk import -------------------------------------------------

    async def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Messages containing every word of ``query``, best first. Any text is a valid
        query (operators are just words); the last word also matches as a prefix."""
        return await run_search(self._db, query, limit)

    async def cache_models(self, models: Iterable[tuple[str, str]]) -> None:
        """Replace the cached model list with ``(id, json_text)`` pairs, kept in order."""
        now = self._clock()
        rows = [(model_id, payload, now) for model_id, payload in models]
        async with self._write() as db:
            await db.execute("DELETE FROM models_cache")
            await db.executemany(
                "INSERT OR REPLACE INTO models_cache (id, payload, fetched_at) VALUES (?, ?, ?)",
                rows,
            )

    async def cached_models(self, max_age: float | None = None) -> list[CachedModel]:
        """The cached model list in its stored order; empty if older than ``max_age`` s."""
        if max_age is None:
            rows = await self._fetch(
                "SELECT id, payload, fetched_at FROM models_cache ORDER BY rowid"
            )
        else:
            rows = await self._fetch(
                "SELECT id, payload, fetched_at FROM models_cache WHERE fetched_at >= ?"
                " ORDER BY rowid",
                (self._clock() - max_age,),
            )
        return [CachedModel(*row) for row in rows]

    async def import_conversations(
        self, conversations: Iterable[ImportedConversation]
    ) -> list[int]:
        """Insert whole conversations in one transaction (fast); return their new ids."""
        batch = list(conversations)
        async with self._write() as db:
            return await import_conversations(db, batch, self._clock())

    async def optimize(self) -> None:
        """Merge the search index into one segment (worth it after a large import)."""
        async with self._write() as db:
            await db.execute("INSERT INTO messages_fts (messages_fts) VALUES ('optimize')")

    # -- the chats browser and spend -------------------------------------------------------

    async def browse_conversations(
        self,
        sort: Sort = "recent",
        text: str = "",
        limit: int = 50,
        offset: int = 0,
        *,
        words: bool = False,
    ) -> list[BrowsedConversation]:
        """A page of conversations with models, message count and cost: pinned first, then
        most recent (``"recent"``) or most expensive (``"cost"``); ``text`` filters by
        title and model (with ``words``: each word starts a word of them, ``#12`` finds
        conversations 12, 120…). Raises ``ValueError`` for another sort."""
        return await browse(self._db, sort, text, limit, offset, words=words)

    async def set_pinned(self, conversation_id: int, pinned: bool) -> None:
        """Pin a conversation to the top of the browser, or unpin it (its order is kept).

        Raises ``NotFoundError`` for a missing conversation.
        """
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE conversations SET pinned = ? WHERE id = ?", (int(pinned), conversation_id)
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"no conversation {conversation_id}")

    async def conversation_spend(self, conversation_id: int) -> ConversationSpend:
        """What a conversation's answers cost (every branch), per model too."""
        return await conversation_spend(self._db, conversation_id)

    async def spend_by_day(self, days: int = 30) -> list[DaySpend]:
        """The cost of every answer on each of the last ``days`` local days, oldest first."""
        return await spend_by_day(self._db, self._clock(), days)

    # -- moving history in and out ---------------------------------------------------------

    async def import_new(self, conversations: Iterable[ImportedConversation]) -> ImportOutcome:
        """Insert the conversations whose ``source_key`` the store does not hold yet, all in
        one transaction: if ``conversations`` (it may read a file lazily) raises, nothing
        is kept. Conversations without a key are always inserted."""
        async with self._write() as db:
            return await import_new(db, conversations, self._clock())

    async def conversation_index(self, after: int = 0, limit: int = 500) -> list[tuple[int, str]]:
        """``(id, title)`` of the conversations after id ``after``, by id: a page of a walk
        over every conversation that holds one page at a time."""
        rows = await self._fetch(
            "SELECT id, COALESCE(title, '') FROM conversations WHERE id > ? ORDER BY id LIMIT ?",
            (after, limit),
        )
        return [(int(row[0]), str(row[1])) for row in rows]
