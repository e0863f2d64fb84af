"""Opening the history file so several processes can share it: WAL, busy timeout, migrations."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import aiosqlite

from tui.store.errors import StoreError
from tui.store.migrations import check_not_newer, migrate

BUSY_TIMEOUT_S = 10.0
"""How long a writer waits for another process's write to finish before giving up."""

_PRAGMAS = (
    f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}",
    "PRAGMA foreign_keys = ON",
    # In WAL mode NORMAL never corrupts; a power cut may lose the last second of writes,
    # which is what makes the once-a-second progress writes cheap.
    "PRAGMA synchronous = NORMAL",
)


def _configure(conn: sqlite3.Connection) -> None:
    for pragma in _PRAGMAS:
        conn.execute(pragma)


def _enable_wal(conn: sqlite3.Connection) -> None:
    # Switching a fresh file to WAL needs a moment alone with it; when several processes
    # open it at once the switch can report "locked" without waiting, so wait here.
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def prepare(where: str | os.PathLike[str]) -> tuple[Path, sqlite3.Connection]:
    """Create the file if needed and bring its schema up to date; return it and a connection.

    Blocking: run it in a thread. A database from a newer Parley is refused before
    anything is written to it. Close the returned connection only once another is open:
    the last connection to close checkpoints the WAL, which costs a sync to disk.
    """
    path = Path(where).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Used by one thread at a time, but not always the one that made it (asyncio.to_thread).
    conn = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    try:
        _configure(conn)
        check_not_newer(conn, str(path))
        _enable_wal(conn)
        migrate(conn, path=str(path))
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"cannot use the history database {path}: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    return path, conn


async def connect(path: Path) -> aiosqlite.Connection:
    """An autocommit connection: every write transaction is an explicit ``BEGIN IMMEDIATE``."""
    db = await aiosqlite.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    try:
        for pragma in _PRAGMAS:
            await db.execute(pragma)
    except BaseException:
        await db.close()
        raise
    return db
