"""Comparisons in the store: a column chosen as the winner, or carried on as a new chat."""

from __future__ import annotations

from tui.store.base import StoreBase
from tui.store.errors import NotFoundError
from tui.store.guard import GuardedConnection
from tui.store.links import link_in_order
from tui.store.records import Conversation
from tui.store.rows import CONVERSATION_SELECT, COPIED_COLUMNS, conversation_from_row
from tui.store.tree_sql import choose
from tui.store.validate import check_lane

# Copied as they are; a stream still open in the comparison is copied as interrupted, and
# the copy belongs to no writer.
_AS_IS = COPIED_COLUMNS
_COPY_LANE_SQL = f"""
INSERT INTO messages (conversation_id, seq, lane, status, {", ".join(_AS_IS)})
SELECT ?, ROW_NUMBER() OVER (ORDER BY seq), NULL,
       CASE status WHEN 'streaming' THEN 'interrupted' ELSE status END, {", ".join(_AS_IS)}
FROM messages
WHERE conversation_id = ? AND (lane IS NULL OR lane = ?)
ORDER BY seq
"""
_LANE_MODEL_SQL = """
SELECT model_requested FROM messages
WHERE conversation_id = ? AND lane = ? AND model_requested IS NOT NULL
ORDER BY seq DESC LIMIT 1
"""


# A shared prompt that followed another column's answer moves under the winner's answer to
# the same prompt (when the winner answered it): the winner's column becomes a real path.
_REPARENT_SQL = """
UPDATE messages SET parent_id = moves.winner
FROM (
    SELECT child.id AS child_id,
           (SELECT w.id FROM messages AS w
            WHERE w.conversation_id = :cid AND w.parent_id IS old.parent_id AND w.lane = :lane
            ORDER BY w.id DESC LIMIT 1) AS winner
    FROM messages AS child JOIN messages AS old ON old.id = child.parent_id
    WHERE child.conversation_id = :cid AND child.lane IS NULL
      AND old.lane IS NOT NULL AND old.lane <> :lane
) AS moves
WHERE messages.id = moves.child_id AND moves.winner IS NOT NULL
"""


class CompareStore(StoreBase):
    """The comparison half of :class:`~tui.store.Store`."""

    async def pick_winner(
        self, conversation_id: int, lane: int, *, as_chat: bool = True
    ) -> Conversation:
        """Choose column ``lane``'s answers: the chosen path becomes what that column saw,
        so the conversation goes on from its last answer. Nothing is copied or deleted: the
        other columns' answers stay as siblings of the winner's.

        ``as_chat``: it goes on as a chat (kind ``chat``, the winner's model); otherwise it
        stays a comparison. Raises as :meth:`promote_lane` does.
        """
        check_lane(lane)
        async with self._write() as db:
            model = await self._lane_model(db, conversation_id, lane)
            await db.execute(_REPARENT_SQL, {"cid": conversation_id, "lane": lane})
            last = list(
                await db.execute_fetchall(
                    "SELECT MAX(id) FROM messages WHERE conversation_id = ? AND lane = ?",
                    (conversation_id, lane),
                )
            )
            await choose(db, last[0][0])
            if as_chat:
                await db.execute(
                    "UPDATE conversations SET kind = 'chat', model = ? WHERE id = ?",
                    (model, conversation_id),
                )
            await self._touch(db, conversation_id, self._clock())
            rows = list(
                await db.execute_fetchall(f"{CONVERSATION_SELECT} WHERE id = ?", (conversation_id,))
            )
        return conversation_from_row(rows[0])

    async def _lane_model(self, db: GuardedConnection, conversation_id: int, lane: int) -> str:
        """The model ``lane`` of a comparison asked last; raises when it is none's."""
        rows = list(
            await db.execute_fetchall(f"{CONVERSATION_SELECT} WHERE id = ?", (conversation_id,))
        )
        if not rows:
            raise NotFoundError(f"no conversation {conversation_id}")
        if conversation_from_row(rows[0]).kind != "compare":
            raise ValueError(f"conversation {conversation_id} is not a comparison")
        found = list(await db.execute_fetchall(_LANE_MODEL_SQL, (conversation_id, lane)))
        if not found:
            raise ValueError(f"column {lane} of conversation {conversation_id} has no answer")
        return str(found[0][0])

    async def promote_lane(self, conversation_id: int, lane: int) -> Conversation:
        """A new chat holding what one column of a comparison saw and said.

        The shared prompts (lane ``None``) and the lane's answers are copied in order, as
        one ordinary conversation (lane ``None``) that continues with the lane's latest
        model; the comparison is left as it was. Raises ``NotFoundError`` for a missing
        conversation, ``ValueError`` when it is not a comparison or the lane has no answer.
        """
        if lane is None:
            raise ValueError("a comparison column has a lane number (0..3)")
        check_lane(lane)
        async with self._write() as db:
            model = await self._lane_model(db, conversation_id, lane)
            now = self._clock()
            cursor = await db.execute(
                "INSERT INTO conversations"
                " (title, kind, model, system, params, created_at, updated_at)"
                " SELECT title, 'chat', ?, system, params, ?, ? FROM conversations WHERE id = ?",
                (model, now, now, conversation_id),
            )
            chat_id = cursor.lastrowid or 0
            await db.execute(_COPY_LANE_SQL, (chat_id, conversation_id, lane))
            await link_in_order(db, chat_id)
            created = list(
                await db.execute_fetchall(f"{CONVERSATION_SELECT} WHERE id = ?", (chat_id,))
            )
        return conversation_from_row(created[0])
