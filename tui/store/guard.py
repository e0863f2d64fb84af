"""The store's connection, with every SQLite failure turned into a typed, explained StoreError."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from tui.store.errors import classify


class GuardedConnection:
    """The few ``aiosqlite.Connection`` calls the store makes, raising ``StoreError`` only.

    One place, so no query can leak a raw ``sqlite3.OperationalError`` (and a traceback)
    up to a person: a locked, full, read-only or damaged database always says which file
    and what to do.
    """

    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @contextmanager
    def _classified(self) -> Iterator[None]:
        """A SQLite failure in the block leaves as the StoreError that explains it."""
        try:
            yield
        except sqlite3.Error as exc:
            raise classify(exc, self.path) from exc

    async def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        with self._classified():
            return await self.conn.execute(sql, params)

    async def executemany(self, sql: str, params: Iterable[Sequence[Any]]) -> Any:
        with self._classified():
            return await self.conn.executemany(sql, params)

    async def execute_fetchall(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> Iterable[sqlite3.Row]:
        with self._classified():
            return await self.conn.execute_fetchall(sql, params)

    async def transact(self, steps: Steps, busy_ms: int | None, restore_ms: int) -> list[int]:
        """Run ``steps`` as one write transaction in a single trip to the connection's thread.

        Each trip wakes both threads; a transaction of one UPDATE took five (busy timeout,
        BEGIN, UPDATE, COMMIT, busy timeout back). The rows each step changed, in order.
        """
        queue = private_queue(self.conn)
        with self._classified():
            if queue is None:
                return await self._transact_in_trips(steps, busy_ms, restore_ms)
            run, raw = queue
            # The function runs on the connection's thread, after what is queued there.
            return await run(transact, raw, steps, busy_ms, restore_ms)

    async def _transact_in_trips(
        self, steps: Steps, busy_ms: int | None, restore_ms: int
    ) -> list[int]:
        """The same transaction through aiosqlite's public calls, a trip each (an aiosqlite
        without the private queue this store otherwise uses)."""
        conn = self.conn
        if busy_ms is not None:
            await conn.execute(f"PRAGMA busy_timeout = {busy_ms}")
        try:
            await conn.execute("BEGIN IMMEDIATE")
            try:
                changed = [(await conn.execute(sql, params)).rowcount for sql, params in steps]
                await conn.commit()
            except BaseException:
                with contextlib.suppress(sqlite3.Error):
                    await asyncio.shield(conn.rollback())
                raise
        finally:
            if busy_ms is not None:
                await conn.execute(f"PRAGMA busy_timeout = {restore_ms}")
        return changed

    async def commit(self) -> None:
        with self._classified():
            await self.conn.commit()

    async def rollback(self) -> None:
        with self._classified():
            await self.conn.rollback()

    async def close(self) -> None:
        with self._classified():
            await self.conn.close()


Steps = Sequence[tuple[str, Sequence[Any]]]


def private_queue(conn: aiosqlite.Connection) -> tuple[Any, sqlite3.Connection] | None:
    """aiosqlite's way to run a function on the connection's thread, and the sqlite3
    connection there; None if this aiosqlite no longer has them (they are private)."""
    run = getattr(conn, "_execute", None)
    raw = getattr(conn, "_conn", None)
    return (run, raw) if callable(run) and isinstance(raw, sqlite3.Connection) else None


def transact(
    conn: sqlite3.Connection, steps: Steps, busy_ms: int | None, restore_ms: int
) -> list[int]:
    """On the connection's thread: ``BEGIN IMMEDIATE``, ``steps``, ``COMMIT``, all or nothing.

    Runs to its end even when the awaiting task is cancelled, so the connection is never
    left inside a transaction. ``busy_ms`` (when given) is how long it waits for another
    writer; ``restore_ms`` is the usual wait, set again afterwards.
    """
    if busy_ms is not None:
        conn.execute(f"PRAGMA busy_timeout = {busy_ms}")
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            changed = [conn.execute(sql, params).rowcount for sql, params in steps]
            conn.commit()
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.rollback()
            raise
    finally:
        if busy_ms is not None:
            conn.execute(f"PRAGMA busy_timeout = {restore_ms}")
    return changed
