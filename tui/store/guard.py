"""The store's connection, with every SQLite failure turned into a typed, explained StoreError."""

from __future__ import annotations

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

    async def commit(self) -> None:
        with self._classified():
            await self.conn.commit()

    async def rollback(self) -> None:
        with self._classified():
            await self.conn.rollback()

    async def close(self) -> None:
        with self._classified():
            await self.conn.close()
