"""Messages: appending, streaming (progress, heartbeat, finish), reading, crash recovery."""

from __future__ import annotations

import os
from typing import Any

from tui.store.base import StoreBase
from tui.store.errors import NotFoundError
from tui.store.guard import GuardedConnection
from tui.store.liveness import is_orphaned, this_host
from tui.store.records import Ending, ImportedMessage, Message, Role
from tui.store.rows import (
    ADDABLE_FIELDS,
    ENDING_COLUMNS,
    MESSAGE_SELECT,
    encode_params,
    ending_values,
    message_from_row,
    message_values,
)
from tui.store.titles import title_from_prompt
from tui.store.tree_sql import attach, resolve_parent
from tui.store.validate import check_final_status, check_lane, check_role

# A None in the ending leaves what is stored (e.g. the content saved while streaming).
_FINISH_SQL = (
    "UPDATE messages SET status = :status, finished_at = :now, updated_at = :now, "
    + ", ".join(f"{name} = COALESCE(:{name}, {name})" for name in ENDING_COLUMNS)
    + " WHERE id = :id"
)


class MessageStore(StoreBase):
    """The message half of :class:`~tui.store.Store`."""

    async def add_message(
        self,
        conversation_id: int,
        role: Role,
        content: str,
        *,
        parent_id: int | None = None,
        **fields: Any,
    ) -> Message:
        """Add a finished message; the first user prompt titles an untitled conversation.

        It follows ``parent_id`` (:data:`~tui.store.records.TOP`: a new first message), by
        default the end of the chosen path, and becomes the chosen path's end: under an
        earlier message it is a new sibling branch, and nothing is removed.
        ``fields`` are those of :class:`ImportedMessage` (its details, ``lane``, ``status``…).
        Raises ``NotFoundError`` for a missing conversation or parent, ``TypeError`` for a
        field that is not a column, ``ValueError`` for a bad role, status or lane.
        """
        unknown = set(fields) - ADDABLE_FIELDS
        if unknown:
            raise TypeError(f"add_message() got unknown fields: {', '.join(sorted(unknown))}")
        now = self._clock()
        message = ImportedMessage(role, content, **{"created_at": now, **fields})
        check_role(message.role)
        check_final_status(message.status)
        check_lane(message.lane)
        values = message_values(message)
        values["updated_at"] = now
        title = title_from_prompt(content) if role == "user" else None
        return await self._insert(conversation_id, values, now, title, parent_id)

    async def start_assistant_message(
        self,
        conversation_id: int,
        model_requested: str | None,
        params: dict[str, Any] | None = None,
        lane: int | None = None,
        *,
        parent_id: int | None = None,
    ) -> Message:
        """An empty assistant message, ``streaming``, owned by this process until finished.

        It goes under ``parent_id`` as :meth:`add_message` says (answering an earlier prompt
        again adds a sibling answer); a comparison's answer (``lane``) by default goes under
        the last shared message of the chosen path, beside the other columns' answers.
        """
        check_lane(lane)
        now = self._clock()
        values = {
            "role": "assistant",
            "content": "",
            "status": "streaming",
            "lane": lane,
            "model_requested": model_requested,
            "params": encode_params(params),
            "created_at": now,
            "updated_at": now,
            "owner_pid": os.getpid(),
            "owner_host": this_host(),
            "heartbeat_at": now,
        }
        return await self._insert(conversation_id, values, now, None, parent_id)

    async def resume_message(self, message_id: int) -> Message:
        """Reopen a finished answer to stream more onto it (continuing a cut-off answer).

        It becomes ``streaming`` again, owned by this process, its ending forgotten until
        :meth:`finish_message` records the new one. Raises ``NotFoundError`` unless it is a
        stored assistant message that is not streaming now.
        """
        now = self._clock()
        async with self._write() as db:
            cursor = await db.execute(
                "UPDATE messages SET status = 'streaming', finish_reason = NULL,"
                " native_finish_reason = NULL, error_message = NULL, error_kind = NULL,"
                " error_status = NULL, finished_at = NULL, owner_pid = ?, owner_host = ?,"
                " heartbeat_at = ?, updated_at = ?"
                " WHERE id = ? AND role = 'assistant' AND status <> 'streaming'",
                (os.getpid(), this_host(), now, now, message_id),
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"no finished assistant message {message_id} to continue")
            message = await self._read_message(db, message_id)
            assert message is not None
        return message

    async def _insert(
        self,
        conversation_id: int,
        values: dict[str, Any],
        now: float,
        title: str | None,
        parent_id: int | None,
    ) -> Message:
        names = list(values)
        sql = (
            f"INSERT INTO messages (conversation_id, seq, parent_id, {', '.join(names)})"
            " VALUES (?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM messages"
            f" WHERE conversation_id = ?), ?, {', '.join('?' * len(names))})"
        )
        async with self._write() as db:
            await self._touch(db, conversation_id, now, title=title)
            parent = await resolve_parent(db, conversation_id, parent_id, values.get("lane"))
            cursor = await db.execute(
                sql, (conversation_id, conversation_id, parent, *values.values())
            )
            new_id = cursor.lastrowid or 0
            # The default parent is on the chosen path already; an explicit one may not be.
            await attach(db, conversation_id, new_id, parent, walk=parent_id is not None)
            message = await self._read_message(db, new_id)
        assert message is not None  # inserted in the same transaction
        return message

    async def save_progress(
        self,
        message_id: int,
        content: str,
        reasoning: str | None = None,
        *,
        wait: float | None = None,
    ) -> None:
        """Store a streaming answer's text so far, and that its writer is alive.

        One small UPDATE that leaves a finished (or recovered) message alone; the search
        index is not touched until the message finishes. ``wait`` bounds how long it waits
        for another process's write (a caller that retries later keeps it short).
        """
        now = self._clock()
        update = (
            "UPDATE messages SET content = ?, reasoning = COALESCE(?, reasoning),"
            " heartbeat_at = ?, updated_at = ? WHERE id = ? AND status = 'streaming'"
        )
        await self._write_at_once([(update, (content, reasoning, now, now, message_id))], wait)

    async def heartbeat(self, *message_ids: int, wait: float | None = None) -> None:
        """Say these streams are alive without rewriting their text (a quiet provider)."""
        now = self._clock()
        update = "UPDATE messages SET heartbeat_at = ? WHERE id = ? AND status = 'streaming'"
        await self._write_at_once([(update, (now, message_id)) for message_id in message_ids], wait)

    async def finish_message(
        self, message_id: int, ending: Ending, *, wait: float | None = None
    ) -> Message:
        """Record how a message ended (complete, cancelled, error, interrupted) and its usage.

        Raises ``NotFoundError`` for a missing message; ``wait`` bounds how long it waits
        for another process's write.
        """
        check_final_status(ending.status)
        values = ending_values(ending)
        now = self._clock()
        async with self._write(wait) as db:
            cursor = await db.execute(
                _FINISH_SQL, {**values, "status": ending.status, "now": now, "id": message_id}
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"no message {message_id}")
            message = await self._read_message(db, message_id)
            assert message is not None
            await self._touch(db, message.conversation_id, now)
        return message

    async def get_message(self, message_id: int) -> Message | None:
        return await self._read_message(self._db, message_id)

    async def _read_message(self, db: GuardedConnection, message_id: int) -> Message | None:
        rows = list(await db.execute_fetchall(f"{MESSAGE_SELECT} WHERE id = ?", (message_id,)))
        return message_from_row(rows[0], self._clock(), self._stale_after) if rows else None

    async def messages(self, conversation_id: int) -> list[Message]:
        """A conversation's messages in order (all lanes of a comparison, interleaved)."""
        rows = await self._fetch(
            f"{MESSAGE_SELECT} WHERE conversation_id = ? ORDER BY seq", (conversation_id,)
        )
        now = self._clock()
        return [message_from_row(row, now, self._stale_after) for row in rows]

    async def delete_message(self, message_id: int) -> bool:
        """Delete one message, its children moving up to its parent; ``False`` if none.

        What followed it stays, on the same path (``delete_branch`` removes a subtree).
        """
        async with self._write() as db:
            rows = list(
                await db.execute_fetchall(
                    "SELECT conversation_id, parent_id, active_child FROM messages WHERE id = ?",
                    (message_id,),
                )
            )
            if not rows:
                return False
            conversation_id, parent, chosen = rows[0]
            await db.execute(
                "UPDATE messages SET parent_id = ? WHERE conversation_id = ? AND parent_id = ?",
                (parent, conversation_id, message_id),
            )
            if parent is None:
                await db.execute(
                    "UPDATE conversations SET active_root = ? WHERE id = ? AND active_root = ?",
                    (chosen, conversation_id, message_id),
                )
            else:
                await db.execute(
                    "UPDATE messages SET active_child = ? WHERE id = ? AND active_child = ?",
                    (chosen, parent, message_id),
                )
            await db.execute("DELETE FROM messages WHERE id = ?", (message_id,))
            return True

    async def recover_interrupted(self) -> list[int]:
        """Mark ``interrupted`` every stream whose writer crashed; return their ids.

        Streams of live processes (on this machine, with a fresh heartbeat) are left alone.
        Recovered messages join the search index.
        """
        rows = await self._fetch(
            "SELECT id, owner_pid, owner_host, heartbeat_at FROM messages"
            " WHERE status = 'streaming'"
        )
        now = self._clock()
        orphans = [
            row[0] for row in rows if is_orphaned(row[1], row[2], row[3], now, self._stale_after)
        ]
        if orphans:
            async with self._write() as db:
                await db.executemany(
                    "UPDATE messages SET status = 'interrupted', updated_at = ?,"
                    " finished_at = heartbeat_at WHERE id = ? AND status = 'streaming'",
                    [(now, message_id) for message_id in orphans],
                )
        return orphans
