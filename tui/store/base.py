"""What every part of the Store shares: the connection, the clock, and write transactions."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from tui.store.errors import NotFoundError, StoreError
from tui.store.guard import GuardedConnection, Steps

Clock = Callable[[], float]


class StoreBase:
    """The connection and its discipline: reads run as they come; writes take turns.

    Writes are short ``BEGIN IMMEDIATE`` transactions, so several Parley processes can share
    one file without "database is locked". Within a process, one lock keeps coroutines'
    transactions from interleaving on the shared connection.
    """

    def __init__(
        self,
        db: GuardedConnection,
        path: Path,
        *,
        clock: Clock,
        stale_after: float,
        busy_timeout: float,
    ) -> None:
        self._db = db
        self._path = path
        self._busy_timeout = busy_timeout
        self._clock = clock
        self._stale_after = stale_after
        self._lock = asyncio.Lock()

    @property
    def path(self) -> Path:
        """Where the database file is."""
        return self._path

    @asynccontextmanager
    async def _write(self, wait: float | None = None) -> AsyncIterator[GuardedConnection]:
        """A write transaction; ``wait`` overrides how long it waits for another writer."""
        async with self._lock:
            if wait is not None:
                await self._set_busy_timeout(wait)
            try:
                # Inside the try: if the caller is cancelled while BEGIN is queued, BEGIN
                # still runs on the connection's thread and must be rolled back.
                await self._db.execute("BEGIN IMMEDIATE")
                yield self._db
                await self._db.commit()
            except BaseException:
                # Shielded, and a no-op outside a transaction: whatever happened, the
                # connection must not be left mid-transaction.
                with contextlib.suppress(StoreError):
                    await asyncio.shield(self._db.rollback())
                raise
            finally:
                if wait is not None:
                    await asyncio.shield(self._set_busy_timeout(self._busy_timeout))

    async def _write_at_once(self, steps: Steps, wait: float | None = None) -> list[int]:
        """Like :meth:`_write` for statements known up front, in one trip to the database's
        thread (each trip wakes two threads): the rows each statement changed."""
        async with self._lock:
            busy = None if wait is None else _ms(wait)
            return await self._db.transact(steps, busy, _ms(self._busy_timeout))

    async def _set_busy_timeout(self, seconds: float) -> None:
        await self._db.execute(f"PRAGMA busy_timeout = {_ms(seconds)}")

    async def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        return list(await self._db.execute_fetchall(sql, params))

    async def _touch(
        self,
        db: GuardedConnection,
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


def _ms(seconds: float) -> int:
    return max(0, int(seconds * 1000))
