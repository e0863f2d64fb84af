"""Histories written by older schema versions, opened (and so upgraded) by this Parley."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from tui.store import Store
from tui.store.migrations import migrate


def write_old(path: Path, version: int, fill: Callable[[sqlite3.Connection], None]) -> None:
    """A database at schema ``version`` made by the real steps, its rows put in by ``fill``."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        assert migrate(conn, target=version) == version
        fill(conn)
    finally:
        conn.close()


async def upgraded(folder: Path, version: int, fill: Callable[[sqlite3.Connection], None]) -> Store:
    """The history ``fill`` writes at schema ``version``, opened by the current store."""
    path = folder / "history.db"
    write_old(path, version, fill)
    return await Store.open(path)
