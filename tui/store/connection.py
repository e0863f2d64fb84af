"""Opening the history file so several processes can share it: WAL, busy timeout, migrations.

Opening never changes a file it cannot read: the checks that it is a database this Parley
understands only read, and come before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from pathlib import Path

import aiosqlite

from tui.store.errors import (
    StoreDamagedError,
    StoreError,
    StoreLocationError,
    StoreReadOnlyError,
    classify,
)
from tui.store.migrations import check_not_newer, migrate

BUSY_TIMEOUT_S = 10.0
"""How long a writer waits for another process's write to finish before giving up."""

_PRAGMAS = (
    "PRAGMA foreign_keys = ON",
    # In WAL mode NORMAL never corrupts; a power cut may lose the last second of writes,
    # which is what makes the once-a-second progress writes cheap.
    "PRAGMA synchronous = NORMAL",
)
_HEADER = b"SQLite format 3\x00"


def pragmas(busy_timeout: float) -> tuple[str, ...]:
    """The settings every connection to the history starts with."""
    return (f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}", *_PRAGMAS)


def _enable_wal(conn: sqlite3.Connection, busy_timeout: float) -> None:
    # Switching a fresh file to WAL needs a moment alone with it; when several processes
    # open it at once the switch can report "locked" without waiting, so wait here.
    deadline = time.monotonic() + busy_timeout
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _make_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise StoreLocationError(folder, "it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except (FileExistsError, NotADirectoryError) as exc:
        raise StoreLocationError(folder, "a file stands where a folder should be") from exc


def _create_private(path: Path) -> None:
    """Make a new history file 0600 before SQLite sees it; SQLite gives its WAL and SHM
    files the same mode. An empty file is an empty database to SQLite."""
    # FileExistsError: another process made it first, or it was there already.
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _check_file(path: Path) -> None:
    """Refuse, by reading only, what is plainly not a whole SQLite file."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise StoreDamagedError(path, "it is a folder (or device), not a database file")
    if info.st_size == 0:
        return
    with path.open("rb") as file:
        header = file.read(100)
    if len(header) < 100 or not header.startswith(_HEADER):
        raise StoreDamagedError(path, "it is not an SQLite database")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The page count in the header is trusted only while its change counter is current.
    if header[24:28] == header[92:96] and pages * page_size > info.st_size:
        raise StoreDamagedError(
            path, f"it is truncated ({info.st_size:,} of {pages * page_size:,} bytes)"
        )


def _make_private(path: Path) -> None:
    """Take group and other access away from the history and its WAL/SHM files."""
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            mode = name.stat().st_mode
            if mode & 0o077:
                name.chmod(stat.S_IMODE(mode) & 0o700)
        except OSError:
            pass  # gone, or not ours to change: it still works


def _ready(conn: sqlite3.Connection, path: Path, busy_timeout: float) -> None:
    for pragma in pragmas(busy_timeout):
        conn.execute(pragma)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # reads the whole schema
    check_not_newer(conn, str(path))
    _make_private(path)
    _enable_wal(conn, busy_timeout)
    migrate(conn, path=str(path))
    # Can it be written at all? A lock held elsewhere, a read-only disk or file shows here,
    # before a prompt is typed rather than after an answer arrived.
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("ROLLBACK")
    if not os.access(path, os.W_OK):  # a read-only file: SQLite only finds out on a write
        raise StoreReadOnlyError(path)


def _explain(exc: OSError | sqlite3.Error, path: Path) -> StoreError:
    error = classify(exc, path)
    # SQLite says only "unable to open" when it cannot create the WAL's -shm file beside
    # the database: on a read-only file system, or in a folder we may not write.
    if type(error) is StoreError and not os.access(path.parent, os.W_OK):
        return StoreReadOnlyError(path)
    return error


def prepare(
    where: str | os.PathLike[str], busy_timeout: float = BUSY_TIMEOUT_S
) -> tuple[Path, sqlite3.Connection]:
    """Create the file if needed and bring its schema up to date; return it and a connection.

    Blocking: run it in a thread. Raises a :class:`StoreError` subclass that names the file,
    what is wrong and what to do; a file that is not a database this Parley can use is
    refused before anything is written to it. Close the returned connection only once
    another is open: the last connection to close checkpoints the WAL (a sync to disk).
    """
    path = Path(where).expanduser()
    try:
        _make_folder(path.parent)
        _create_private(path)
        _check_file(path)
        # Used by one thread at a time, but not always the one that made it.
        conn = sqlite3.connect(
            path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
        )
    except StoreError:
        raise
    except (OSError, sqlite3.Error) as exc:
        raise _explain(exc, path) from exc
    try:
        _ready(conn, path, busy_timeout)
    except (OSError, sqlite3.Error) as exc:
        conn.close()
        raise _explain(exc, path) from exc
    except BaseException:
        conn.close()
        raise
    return path, conn


async def connect(path: Path, busy_timeout: float = BUSY_TIMEOUT_S) -> aiosqlite.Connection:
    """An autocommit connection: every write transaction is an explicit ``BEGIN IMMEDIATE``."""
    try:
        db = await aiosqlite.connect(path, timeout=busy_timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise classify(exc, path) from exc
    try:
        for pragma in pragmas(busy_timeout):
            await db.execute(pragma)
    except sqlite3.Error as exc:
        await db.close()
        raise classify(exc, path) from exc
    except BaseException:
        await db.close()
        raise
    return db
