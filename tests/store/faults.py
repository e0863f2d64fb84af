"""Ways to break the history for tests: small or read-only mounts, a lock held elsewhere, a
connection that reports a full disk."""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import aiosqlite
import pytest

from tui.store import guard

from . import python


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A small tmpfs at ``where``; the test is skipped where mounting is not permitted."""
    where.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700", "tmpfs", str(where)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip() or 'not permitted'}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def remount_read_only(where: Path) -> None:
    done = subprocess.run(
        ["mount", "-o", "remount,ro", str(where)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.skip(f"cannot remount read-only here: {done.stderr.strip()}")


def fill(where: Path) -> None:
    """Take every free byte of the file system at ``where``."""
    with contextlib.suppress(OSError), (where / "filler").open("wb") as file:
        while True:
            file.write(b"\0" * 65536)
            file.flush()


_LOCKER = """
import sqlite3, sys, time, os
path, wait_for_stream, hold = sys.argv[1], sys.argv[2] == "1", float(sys.argv[3])
if wait_for_stream:
    while True:  # until an answer is streaming into the file
        try:
            probe = sqlite3.connect(path)
            if probe.execute("SELECT 1 FROM messages WHERE status = 'streaming'").fetchone():
                probe.close()
                break
            probe.close()
        except sqlite3.Error:
            pass
        time.sleep(0.02)
conn = sqlite3.connect(path, isolation_level=None, timeout=30)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(hold)
conn.execute("COMMIT")
print("released", flush=True)
"""


def hold_lock(path: Path, seconds: float, *, when_streaming: bool = False) -> subprocess.Popen:
    """Another process takes the database's write lock (now, or once an answer streams)
    and keeps it ``seconds``. Read its stdout for "locked" when it has it."""
    return python(_LOCKER, str(path), "1" if when_streaming else "0", str(seconds))


def wait_locked(locker: subprocess.Popen) -> None:
    assert locker.stdout is not None
    line = locker.stdout.readline().strip()
    assert line == "locked", locker.stderr.read() if locker.stderr else line


class FullDisk:
    """Every write statement fails as SQLite fails on a full disk, once ``full`` is set
    (or after ``after`` writes): a shim under the store's connection, for machines where a
    small file system cannot be mounted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, after: int | None = None) -> None:
        self.full = False
        self.after = after
        self.writes = 0
        original = aiosqlite.Connection.execute
        shim = self

        async def execute(conn, sql, parameters=None):
            if shim.is_write(sql) and shim.failing():
                raise sqlite3.OperationalError("database or disk is full")
            return await original(conn, sql, parameters)

        monkeypatch.setattr(aiosqlite.Connection, "execute", execute)
        transact = guard.transact

        def at_once(conn, steps, busy_ms, restore_ms):  # the store's one-trip transactions
            for sql in ("BEGIN IMMEDIATE", *(sql for sql, _ in steps)):
                if shim.is_write(sql) and shim.failing():
                    raise sqlite3.OperationalError("database or disk is full")
            return transact(conn, steps, busy_ms, restore_ms)

        monkeypatch.setattr(guard, "transact", at_once)

    @staticmethod
    def is_write(sql: str) -> bool:
        return sql.lstrip().upper().startswith(("BEGIN", "UPDATE", "INSERT", "DELETE"))

    def failing(self) -> bool:
        self.writes += 1
        if self.after is not None and self.writes > self.after:
            self.full = True
        return self.full
