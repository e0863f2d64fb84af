"""A conversation as a tree: its chosen path, siblings, choosing, deleting a branch, forking."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tui.store.attachments import copy_extras
from tui.store.base import StoreBase
from tui.store.errors import NotFoundError
from tui.store.links import link_in_order
from tui.store.records import Branching, ChosenPath, Conversation, Message, Siblings
from tui.store.rows import (
    CONVERSATION_SELECT,
    COPIED_COLUMNS,
    MESSAGE_COLUMNS,
    conversation_from_row,
    message_from_row,
)
from tui.store.tree_sql import (
    ANCESTRY_SQL,
    PATH_SQL,
    PATH_WITH_PLACES_SQL,
    SIBLINGS_SQL,
    SUBTREE_SQL,
    choose,
    conversation_of,
)

# A stream still open is copied as interrupted.
_AS_IS = COPIED_COLUMNS
_COPY_SQL = f"""
INSERT INTO messages (conversation_id, seq, lane, status, {", ".join(_AS_IS)})
SELECT :to, :seq, NULL, CASE status WHEN 'streaming' THEN 'interrupted' ELSE status END,
       {", ".join(_AS_IS)}
FROM messages WHERE id = :id
"""


class TreeStore(StoreBase):
    """The tree half of :class:`~tui.store.Store`: what is shown and sent is the chosen path.

    Every message has a parent (``None`` for a first message); siblings are alternatives
    (answers again, edited prompts, a comparison's columns). Each message remembers which
    child the path goes on with, so stepping to a sibling brings back the path below it as
    it was last seen.
    """

    async def active_path(self, conversation_id: int) -> list[Message]:
        """The chosen path: what the transcript shows and what the next request sends."""
        return self._messages(await self._fetch(PATH_SQL, {"cid": conversation_id}))

    async def chosen_path(self, conversation_id: int) -> ChosenPath:
        """The chosen path with each message's place among its siblings (``‹ 2/3 ›``)."""
        rows = await self._fetch(PATH_WITH_PLACES_SQL, {"cid": conversation_id})
        messages = self._messages([row[:-2] for row in rows])
        places = tuple(Branching(row[-2], row[-1]) for row in rows)
        return ChosenPath(tuple(messages), places)

    async def path_to(self, message_id: int) -> list[Message]:
        """The messages from the first down to ``message_id`` (empty if there is none)."""
        return self._messages(await self._fetch(ANCESTRY_SQL, {"id": message_id}))

    async def lane_path(self, conversation_id: int, lane: int) -> list[Message]:
        """What comparison column ``lane`` saw: the chosen path with each answer of another
        column replaced by this column's answer to the same prompt (left out when none)."""
        path = await self.active_path(conversation_id)
        rows = await self._fetch(
            f"SELECT {', '.join(MESSAGE_COLUMNS)} FROM messages"
            " WHERE conversation_id = ? AND lane = ? ORDER BY id",
            (conversation_id, lane),
        )
        own = {message.parent_id: message for message in self._messages(rows)}
        seen: list[Message] = []
        for message in path:
            if message.lane is None or message.lane == lane:
                seen.append(message)
            elif message.parent_id in own:
                seen.append(own[message.parent_id])
        return seen

    async def siblings(self, message_id: int) -> Siblings:
        """``message_id`` and its siblings, oldest first. Raises ``NotFoundError``."""
        conversation_id, parent = await conversation_of(self._db, message_id)
        rows = await self._fetch(SIBLINGS_SQL, (conversation_id, parent))
        ids = tuple(int(row[0]) for row in rows)
        return Siblings(ids, ids.index(message_id))

    async def choose(self, message_id: int) -> None:
        """Put ``message_id`` on the chosen path; below it the path goes on as it last did
        (else by first children). Raises ``NotFoundError``."""
        async with self._write() as db:
            await conversation_of(db, message_id)
            await choose(db, message_id)

    async def step_sibling(self, message_id: int, by: int) -> int:
        """Choose the sibling ``by`` places from ``message_id`` (clamped); return its id."""
        chosen = (await self.siblings(message_id)).step(by)
        await self.choose(chosen)
        return chosen

    async def delete_branch(self, message_id: int) -> list[int]:
        """Delete ``message_id`` and everything below it; return the ids deleted.

        The chosen path then goes on with a remaining sibling (the first), or ends above.
        """
        async with self._write() as db:
            try:
                conversation_id, _ = await conversation_of(db, message_id)
            except NotFoundError:
                return []
            found = {"id": message_id, "cid": conversation_id}
            rows = await db.execute_fetchall(SUBTREE_SQL, found)
            ids = [int(row[0]) for row in rows]
            await db.executemany("DELETE FROM messages WHERE id = ?", [(i,) for i in ids])
            await self._touch(db, conversation_id, self._clock())
        return ids

    async def fork(self, message_id: int, title: str | None = None) -> Conversation:
        """A new chat holding copies of the path down to ``message_id``; the source stays.

        It asks as the source conversation did (model, system, parameters); untitled, it
        keeps the source's title. Raises ``NotFoundError`` for a missing message.
        """
        async with self._write() as db:
            source, _ = await conversation_of(db, message_id)
            path = self._messages(list(await db.execute_fetchall(ANCESTRY_SQL, {"id": message_id})))
            now = self._clock()
            cursor = await db.execute(
                "INSERT INTO conversations"
                " (title, kind, model, system, params, created_at, updated_at)"
                " SELECT COALESCE(?, title), 'chat', model, system, params, ?, ?"
                " FROM conversations WHERE id = ?",
                (title, now, now, source),
            )
            fork_id = cursor.lastrowid or 0
            await db.executemany(
                _COPY_SQL,
                [{"to": fork_id, "seq": seq, "id": m.id} for seq, m in enumerate(path, 1)],
            )
            await link_in_order(db, fork_id)
            copies = await db.execute_fetchall(
                "SELECT id FROM messages WHERE conversation_id = ? ORDER BY seq", (fork_id,)
            )
            await copy_extras(db, [(m.id, int(c[0])) for m, c in zip(path, copies, strict=True)])
            created = list(
                await db.execute_fetchall(f"{CONVERSATION_SELECT} WHERE id = ?", (fork_id,))
            )
        return conversation_from_row(created[0])

    def _messages(self, rows: Sequence[Sequence[Any]]) -> list[Message]:
        now = self._clock()
        return [message_from_row(row, now, self._stale_after) for row in rows]
