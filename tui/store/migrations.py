"""Applying the numbered schema steps (:mod:`tui.store.schema_steps`), tracked in
``PRAGMA user_version``.

Each step runs in its own ``BEGIN IMMEDIATE`` transaction and re-reads the version inside it,
so several processes opening one fresh file at once apply each step exactly once.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from tui.store.errors import SchemaTooNewError, StoreError
from tui.store.schema_steps import LATEST_VERSION, MIGRATIONS, Migration

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "Migration",
    "check_not_newer",
    "migrate",
    "user_version",
]


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the database file (0 for a new file)."""
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def check_not_newer(
    conn: sqlite3.Connection, path: str, steps: Sequence[Migration] = MIGRATIONS
) -> int:
    """The file's version, or :class:`SchemaTooNewError` if this code does not know it."""
    version = user_version(conn)
    if version > len(steps):
        raise SchemaTooNewError(path, version, len(steps))
    return version


def migrate(
    conn: sqlite3.Connection,
    *,
    target: int | None = None,
    steps: Sequence[Migration] = MIGRATIONS,
    path: str = "",
) -> int:
    """Apply the steps the database lacks, up to ``target`` (default: all); return the version.

    ``conn`` must be in autocommit mode (``isolation_level=None``): each step manages its
    own transaction.
    """
    target = len(steps) if target is None else target
    version = check_not_newer(conn, path, steps)
    for step in steps[version:target]:
        _apply(conn, step, path, steps)
    return user_version(conn)


def _apply(
    conn: sqlite3.Connection, step: Migration, path: str, steps: Sequence[Migration]
) -> None:
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = check_not_newer(conn, path, steps)
        if current >= step.version:  # another process got there first
            conn.execute("ROLLBACK")
            return
        if current != step.version - 1:
            raise StoreError(f"cannot apply schema step {step.version} to version {current}")
        for statement in step.statements:
            conn.execute(statement)
        # PRAGMA takes no parameters; the version is an int from our own table.
        conn.execute(f"PRAGMA user_version = {int(step.version)}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
