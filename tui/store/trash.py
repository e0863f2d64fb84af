"""Deleting a conversation so it can be undone: its rows are handed back to put them back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiosqlite

from tui.store.base import StoreBase

Row = tuple[tuple[str, Any], ...]
"""A row as (column, value) pairs."""


@dataclass(frozen=True, slots=True)
class DeletedConversation:
    """A deleted conversation, whole: give it to ``Store.restore_conversation`` to undo."""

    id: int
    title: str | None
    conversation: Row
    messages: tuple[Row, ...]
    """Each message's row, in order."""
    extras: tuple[tuple[str, Row], ...] = ()
    """``(table, row)`` of each attachment link and citation of those messages."""

    @property
    def blobs(self) -> tuple[str, ...]:
        """The stored contents its files link to (kept while it can be undone)."""
        return tuple(
            str(dict(row)["sha256"]) for table, row in self.extras if table == "message_attachments"
        )


class TrashStore(StoreBase):
    """The undoable-delete part of :class:`~tui.store.Store`."""

    async def delete_conversation_for_undo(
        self, conversation_id: int
    ) -> DeletedConversation | None:
        """Delete a conversation and its messages; return them as they were (None: no such)."""
        async with self._write() as db:
            whole = await read_whole(db, conversation_id)
            if whole is not None:
                await db.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))
        return whole

    async def restore_conversation(self, deleted: DeletedConversation) -> int:
        """Put a deleted conversation back and return its id: the same id, unless a new
        conversation took it meanwhile (then its own new ids; the search index follows)."""
        async with self._write() as db:
            if await _taken(db, deleted):
                return await insert_anew(db, deleted)
            await _insert(db, "conversations", deleted.conversation)
            for message in deleted.messages:
                await _insert(db, "messages", message)
            for table, row in deleted.extras:
                await _insert(db, table, row)
            return deleted.id


async def _taken(db: aiosqlite.Connection, deleted: DeletedConversation) -> bool:
    ids = [dict(message)["id"] for message in deleted.messages]
    marks = ", ".join("?" * len(ids)) or "NULL"
    cursor = await db.execute(
        "SELECT EXISTS (SELECT 1 FROM conversations WHERE id = ?)"
        f" OR EXISTS (SELECT 1 FROM messages WHERE id IN ({marks}))",
        (deleted.id, *ids),
    )
    row = await cursor.fetchone()
    return bool(row and row[0])


async def read_whole(db: aiosqlite.Connection, conversation_id: int) -> DeletedConversation | None:
    """A conversation's rows, its messages' and their links' (None: no such conversation)."""
    conversation = await _rows(db, "conversations", "id", conversation_id)
    if not conversation:
        return None
    messages = await _rows(db, "messages", "conversation_id", conversation_id)
    extras = await _extras(db, conversation_id)
    row = conversation[0]
    return DeletedConversation(
        conversation_id, dict(row).get("title"), row, tuple(messages), extras
    )


async def insert_anew(db: aiosqlite.Connection, deleted: DeletedConversation) -> int:
    """Insert a conversation's rows under new ids, its tree and links following them."""
    fresh = await _insert(db, "conversations", _without(deleted.conversation, "id"))
    new_ids: dict[int, int] = {}
    for message in deleted.messages:
        row = (*_without(message, "id"), ("conversation_id", fresh))
        new_ids[dict(message)["id"]] = await _insert(db, "messages", row)
    await _relink(db, fresh, deleted, new_ids)
    for table, row in deleted.extras:
        moved = tuple((n, new_ids[v] if n == "message_id" else v) for n, v in row)
        await _insert(db, table, moved)
    return fresh


async def _relink(
    db: aiosqlite.Connection, fresh: int, deleted: DeletedConversation, new_ids: dict[int, int]
) -> None:
    """Point the tree's links (parents, chosen children, first message) at the new ids."""
    for message in deleted.messages:
        row = dict(message)
        await db.execute(
            "UPDATE messages SET parent_id = ?, active_child = ? WHERE id = ?",
            (
                new_ids.get(row.get("parent_id") or 0),
                new_ids.get(row.get("active_child") or 0),
                new_ids[row["id"]],
            ),
        )
    root = dict(deleted.conversation).get("active_root") or 0
    await db.execute(
        "UPDATE conversations SET active_root = ? WHERE id = ?", (new_ids.get(root), fresh)
    )


# Attached files' blobs stay while unlinked (see AttachmentStore.prune_blobs), so putting the
# links back is enough to have the files again.
_EXTRA_TABLES = ("message_attachments", "citations")


async def _extras(db: aiosqlite.Connection, conversation_id: int) -> tuple[tuple[str, Row], ...]:
    found: list[tuple[str, Row]] = []
    for table in _EXTRA_TABLES:
        # Only this module's table names reach the SQL.
        cursor = await db.execute(
            f"SELECT * FROM {table} WHERE message_id IN"
            " (SELECT id FROM messages WHERE conversation_id = ?) ORDER BY message_id, position",
            (conversation_id,),
        )
        names = [d[0] for d in cursor.description]
        found += [(table, tuple(zip(names, r, strict=True))) for r in await cursor.fetchall()]
    return tuple(found)


def _without(row: Row, name: str) -> Row:
    """The row without ``name``, and without its conversation (the caller sets a new one)."""
    return tuple((n, value) for n, value in row if n not in (name, "conversation_id"))


async def _rows(db: aiosqlite.Connection, table: str, column: str, value: int) -> list[Row]:
    # Only this module's table and column names reach the SQL.
    cursor = await db.execute(f"SELECT * FROM {table} WHERE {column} = ? ORDER BY id", (value,))
    names = [d[0] for d in cursor.description]
    return [tuple(zip(names, row, strict=True)) for row in await cursor.fetchall()]


async def _insert(db: aiosqlite.Connection, table: str, row: Row) -> int:
    names = ", ".join(name for name, _ in row)
    marks = ", ".join("?" * len(row))
    cursor = await db.execute(
        f"INSERT INTO {table} ({names}) VALUES ({marks})", [value for _, value in row]
    )
    return cursor.lastrowid or 0
