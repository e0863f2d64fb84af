"""Bulk import: many conversations in a few ``executemany`` calls, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from tui.store.guard import GuardedConnection
from tui.store.links import Links, links_in_order, tree_links
from tui.store.records import (
    FINAL_STATUSES,
    ImportedConversation,
    ImportedMessage,
    ImportOutcome,
)
from tui.store.rows import IMPORTED_COLUMNS, encode_params, message_values
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
    " params, source_key, active_root) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_BLOB = (
    "INSERT INTO blobs (sha256, size, data, created_at) VALUES (?, ?, ?, ?)"
    " ON CONFLICT (sha256) DO NOTHING"
)
_INSERT_ATTACHMENT = (
    "INSERT INTO message_attachments (message_id, position, sha256, name, kind, format, mime)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_CITATION = (
    "INSERT INTO citations (message_id, position, url, title, content, start_index, end_index)"
    " VALUES (?, ?, ?, ?, ?, ?, ?)"
)
BATCH = 200
"""Conversations inserted per round by :func:`import_new` (bounds the memory it holds)."""


async def import_conversations(
    db: GuardedConnection, conversations: Sequence[ImportedConversation], now: float
) -> list[int]:
    """Insert ``conversations`` with their messages, trees, files and citations; return
    their new ids, in order.

    Must run inside a write transaction: ids are handed out from the current maximum.
    """
    conversation_rows: list[tuple[Any, ...]] = []
    message_rows: list[tuple[Any, ...]] = []
    extras = _Extras(now)
    next_conversation = await _max_id(db, "conversations") + 1
    next_message = await _max_id(db, "messages") + 1
    for offset, conversation in enumerate(conversations):
        conversation_id = next_conversation + offset
        ids = list(range(next_message, next_message + len(conversation.messages)))
        links = _links(conversation, ids)
        row = _conversation_row(conversation_id, conversation, now)
        conversation_rows.append((*row, links.root))
        for seq, (message, (parent, message_id)) in enumerate(
            zip(conversation.messages, links.parents, strict=True), start=1
        ):
            tree = (parent, links.chosen.get(message_id))
            message_rows.append((*_message_row(message_id, conversation_id, seq, message), *tree))
        extras.add(conversation, ids)
        next_message += len(conversation.messages)
    await db.executemany(_INSERT_CONVERSATION, conversation_rows)
    await db.executemany(_INSERT_MESSAGE, message_rows)
    await extras.write(db)
    return [row[0] for row in conversation_rows]


async def import_new(
    db: GuardedConnection, conversations: Iterable[ImportedConversation], now: float
) -> ImportOutcome:
    """Insert the conversations whose ``source_key`` is not in the store yet, in batches.

    ``conversations`` may be a generator reading a file: whatever it raises propagates, and
    the caller's transaction then keeps nothing. Must run inside a write transaction.
    """
    ids: list[int] = []
    messages = skipped = 0
    seen: set[str] = set()
    source = iter(conversations)
    while batch := list(islice(source, BATCH)):
        known = await _known_keys(db, [c.source_key for c in batch if c.source_key])
        fresh = []
        for conversation in batch:
            key = conversation.source_key
            if key is not None and (key in known or key in seen):
                skipped += 1
                continue
            if key is not None:
                seen.add(key)
            fresh.append(conversation)
        ids += await import_conversations(db, fresh, now)
        messages += sum(len(c.messages) for c in fresh)
    return ImportOutcome(tuple(ids), messages, skipped)


async def _known_keys(db: GuardedConnection, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    marks = ", ".join("?" * len(keys))  # BATCH keeps this under SQLite's parameter limit
    rows = await db.execute_fetchall(
        f"SELECT source_key FROM conversations WHERE source_key IN ({marks})", keys
    )
    return {row[0] for row in rows}


class _Extras:
    """The files and citations of a batch, gathered while its messages get their ids."""

    def __init__(self, now: float) -> None:
        self._now = now
        self.blobs: dict[str, tuple[Any, ...]] = {}
        self.links: list[tuple[Any, ...]] = []
        self.citations: list[tuple[Any, ...]] = []

    def add(self, conversation: ImportedConversation, ids: Sequence[int]) -> None:
        import hashlib  # loaded by the first import of history, not at every start

        for index, files in conversation.attachments.items():
            message_id = ids[_index(index, ids)]
            for position, item in enumerate(files):
                digest = hashlib.sha256(item.data).hexdigest()
                self.blobs[digest] = (digest, len(item.data), item.data, self._now)
                self.links.append(
                    (message_id, position, digest, item.name, item.kind, item.format, item.mime)
                )
        for index, cited in conversation.citations.items():
            message_id = ids[_index(index, ids)]
            for position, c in enumerate(cited):
                row = (message_id, position, c.url, c.title, c.content, c.start_index, c.end_index)
                self.citations.append(row)

    async def write(self, db: GuardedConnection) -> None:
        await db.executemany(_INSERT_BLOB, list(self.blobs.values()))
        await db.executemany(_INSERT_ATTACHMENT, self.links)
        await db.executemany(_INSERT_CITATION, self.citations)


def _index(index: int, ids: Sequence[int]) -> int:
    if not 0 <= index < len(ids):
        raise ValueError(f"files or citations given for message {index + 1}, which is not there")
    return index


def _links(conversation: ImportedConversation, ids: list[int]) -> Links:
    if conversation.parents is None:
        # Single paths, linked as schema step 6 links old conversations.
        return links_in_order(
            [(i, m.lane) for i, m in zip(ids, conversation.messages, strict=True)]
        )
    return tree_links(ids, conversation.parents, conversation.chosen)


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
        encode_params(conversation.params),
        conversation.source_key,
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
