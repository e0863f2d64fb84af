"""Bulk import: many conversations in a few ``executemany`` calls, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.store.guard import GuardedConnection
from tui.store.links import links_in_order
from tui.store.records import FINAL_STATUSES, ImportedConversation, ImportedMessage
from tui.store.rows import IMPORTED_COLUMNS, message_values
from tui.store.titles import clean_title, title_from_prompt
from tui.store.validate import check_kind, check_lane, check_role

_MESSAGE_COLUMNS = (
    "id",
    "conversation_id",
    "seq",
    *IMPORTED_COLUMNS,
    "updated_at",
    "parent_id",
    "active_child",
)
_INSERT_MESSAGE = (
    f"INSERT INTO messages ({', '.join(_MESSAGE_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(_MESSAGE_COLUMNS))})"
)
_INSERT_CONVERSATION = (
    "INSERT INTO conversations (id, title, kind, model, system, created_at, updated_at,"
    " active_root) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


async def import_conversations(
    db: GuardedConnection, conversations: Sequence[ImportedConversation], now: float
) -> list[int]:
    """Insert ``conversations`` with their messages; return their new ids, in order.

    Must run inside a write transaction: ids are handed out from the current maximum.
    """
    conversation_rows: list[tuple[Any, ...]] = []
    message_rows: list[tuple[Any, ...]] = []
    next_conversation = await _max_id(db, "conversations") + 1
    next_message = await _max_id(db, "messages") + 1
    for offset, conversation in enumerate(conversations):
        conversation_id = next_conversation + offset
        ids = range(next_message, next_message + len(conversation.messages))
        # Imported conversations are single paths, linked as schema step 6 links old ones.
        pairs = zip(ids, conversation.messages, strict=True)
        links = links_in_order([(i, m.lane) for i, m in pairs])
        row = _conversation_row(conversation_id, conversation, now)
        conversation_rows.append((*row, links.root))
        for seq, (message, (parent, message_id)) in enumerate(
            zip(conversation.messages, links.parents, strict=True), start=1
        ):
            tree = (parent, links.chosen.get(message_id))
            message_rows.append((*_message_row(message_id, conversation_id, seq, message), *tree))
        next_message += len(conversation.messages)
    await db.executemany(_INSERT_CONVERSATION, conversation_rows)
    await db.executemany(_INSERT_MESSAGE, message_rows)
    return [row[0] for row in conversation_rows]


async def _max_id(db: GuardedConnection, table: str) -> int:
    # Only our two table names reach here.
    rows = list(await db.execute_fetchall(f"SELECT COALESCE(MAX(id), 0) FROM {table}"))
    return int(rows[0][0])


def _conversation_row(
    conversation_id: int, conversation: ImportedConversation, now: float
) -> tuple[Any, ...]:
    check_kind(conversation.kind)
    messages = conversation.messages
    created = conversation.created_at or (messages[0].created_at if messages else now)
    updated = conversation.updated_at or max((m.created_at for m in messages), default=created)
    title = clean_title(conversation.title) if conversation.title else None
    if not title:
        first = next((m.content for m in messages if m.role == "user"), "")
        title = title_from_prompt(first)
    return (
        conversation_id,
        title,
        conversation.kind,
        conversation.model,
        conversation.system,
        created,
        updated,
    )


def _message_row(
    message_id: int, conversation_id: int, seq: int, message: ImportedMessage
) -> tuple[Any, ...]:
    check_role(message.role)
    check_lane(message.lane)
    if message.status not in FINAL_STATUSES:
        raise ValueError(f"an imported message cannot have status {message.status!r}")
    values = message_values(message).values()
    updated = message.finished_at or message.created_at
    return (message_id, conversation_id, seq, *values, updated)
