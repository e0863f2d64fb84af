"""Comparisons in the store: a column chosen as the winner, or carried on as a new chat."""

from __future__ import annotations

from tui.store.base import StoreBase
from tui.store.errors import NotFoundError
from tui.store.guard import GuardedConnection
from tui.store.records import Conversation
from tui.store.rows import CONVERSATION_SELECT, conversation_from_row
from tui.store.tree_sql import choose
from tui.store.validate import check_lane

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
        stays a comparison. Raises ``NotFoundError`` for a missing conversation,
        ``ValueError`` when it is not a comparison or the lane has no answer.
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
