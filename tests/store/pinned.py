"""Until the schema step that adds ``conversations.pinned`` lands, tests add the column."""

from __future__ import annotations

import sqlite3

from tui.store import Store

PINNED_DDL = "ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0"


def ensure_pinned_column(store: Store) -> None:
    """Give ``store``'s file the pinned column, unless its schema already has it."""
    conn = sqlite3.connect(store.path)
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(conversations)")}
        if "pinned" not in columns:
            conn.execute(PINNED_DDL)
            conn.commit()
    finally:
        conn.close()
