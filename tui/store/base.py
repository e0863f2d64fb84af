"""What every part of the Store shares: the connection, the clock, and write transactions."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from tui.store.errors import NotFoundError

Clock = Callable[[], float]


class StoreBase:
    """The connection and its discipline: reads run as they come; writes take turns.

    Writes are short ``BEGIN IMMEDIATE`` transactions, so several Parley processes can share
    one file without "database is locked". Within a process, one lock keeps coroutines'
    transactions from interleaving on the shared connection.
    """

    def __init__(
        self, db: aiosqlite.Connection, path: Path, *, clock: Clock, stale_after: float
    ) -> None:
        self._db = db
        self._path = path
        self._clock = clock
        self._stale_after = stale_after
        self._lock = asyncio.Lock()

    @property
    def path(self) -> Path:
        """Where the database file is."""
        return self._path

    @asynccontextmanager
    async def _write(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock:
            try:
                # Inside the try: if the caller is cancelled while BEGIN is queued, BEGIN
                # still runs on the connection's thread and must be rolled back.
                await self._db.execute("BEGIN IMMEDIATE")
                yield self._db
            except BaseException:
                # Shielded, and a no-op outside a transaction: whatever happened, the
                # connection must not be left mid-transaction.
                await asyncio.shield(self._db.rollback())
                raise
            await self._db.commit()

    async def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return list(await self._db.execute_fetchall(sql, params))

    async def _touch(
        self,
        db: aiosqlite.Connection,
        conversation_id: int,
        now: float,
        *,
        title: str | None = None,
        rename: str | None = None,
    ) -> None:
        """Bump a conversation's ``updated_at``; set ``rename``, or ``title`` if it has none."""
        cursor = await db.execute(
            "UPDATE conversations SET updated_at = ?, title = COALESCE(?, title, ?) WHERE id = ?",
            (now, rename, title, conversation_id),
        )
        if cursor.rowcount == 0:
            raise NotFoundError(f"no conversation {conversation_id}")
