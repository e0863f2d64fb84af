"""Comparisons in the store: one column of a side-by-side comparison carried on as a chat."""

from __future__ import annotations

from tui.store.base import StoreBase
from tui.store.errors import NotFoundError
from tui.store.records import Conversation
from tui.store.rows import CONVERSATION_SELECT, MESSAGE_COLUMNS, conversation_from_row
from tui.store.validate import check_lane

# Copied as they are; a stream still open in the comparison is copied as interrupted, and
# the copy belongs to no writer.
_NOT_AS_IS = frozenset(
    ("id", "conversation_id", "seq", "lane", "status", "owner_pid", "owner_host", "heartbeat_at")
)
_AS_IS = tuple(name for name in MESSAGE_COLUMNS if name not in _NOT_AS_IS)
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


class CompareStore(StoreBase):
    """The comparison half of :class:`~tui.store.Store`."""

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
            rows = list(
                await db.execute_fetchall(f"{CONVERSATION_SELECT} WHERE id = ?", (conversation_id,))
            )
            if not rows:
                raise NotFoundError(f"no conversation {conversation_id}")
            comparison = conversation_from_row(rows[0])
            if comparison.kind != "compare":
                raise ValueError(f"conversation {conversation_id} is not a comparison")
            found = list(await db.execute_fetchall(_LANE_MODEL_SQL, (conversation_id, lane)))
            if not found:
                raise ValueError(f"column {lane} of conversation {conversation_id} has no answer")
            model = found[0][0]
            now = self._clock()
            cursor = await db.execute(
                "INSERT INTO conversations"
                " (title, kind, model, system, params, created_at, updated_at)"
                " SELECT title, 'chat', ?, system, params, ?, ? FROM conversations WHERE id = ?",
                (model, now, now, conversation_id),
            )
            chat_id = cursor.lastrowid or 0
            await db.execute(_COPY_LANE_SQL, (chat_id, conversation_id, lane))
            created = list(
                await db.execute_fetchall(f"{CONVERSATION_SELECT} WHERE id = ?", (chat_id,))
            )
        return conversation_from_row(created[0])
