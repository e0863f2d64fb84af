"""Duplicating a conversation whole: its tree, chosen path, attachment links and citations."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from tui.store.base import StoreBase
from tui.store.errors import NotFoundError
from tui.store.trash import DeletedConversation, Row, insert_anew, read_whole

COPY_SUFFIX = " (copy)"

# A copy is new: not pinned, not the import that brought the original (that key must stay
# unique to it), and made now.
_RESET_CONVERSATION = {"pinned": 0, "source_key": None}
# A stream still being written stays with its writer; its copy is what was saved so far.
_RESET_STREAM = {
    "status": "interrupted",
    "owner_pid": None,
    "owner_host": None,
    "heartbeat_at": None,
}


class DuplicateStore(StoreBase):
    """The duplicating part of :class:`~tui.store.Store`."""

    async def duplicate_conversation(self, conversation_id: int) -> int:
        """Copy a conversation (every branch, the chosen path, attached files' links and
        citations) in one transaction; return the copy's id. Its title gains " (copy)".

        Raises ``NotFoundError`` for a missing conversation.
        """
        now = self._clock()
        async with self._write() as db:
            whole = await read_whole(db, conversation_id)
            if whole is None:
                raise NotFoundError(f"no conversation {conversation_id}")
            return await insert_anew(db, _as_copy(whole, now))


def _as_copy(whole: DeletedConversation, now: float) -> DeletedConversation:
    title = f"{whole.title}{COPY_SUFFIX}" if whole.title else None
    changes: dict[str, Any] = {
        **_RESET_CONVERSATION,
        "title": title,
        "created_at": now,
        "updated_at": now,
    }
    messages = tuple(
        _changed(message, _RESET_STREAM) if dict(message).get("status") == "streaming" else message
        for message in whole.messages
    )
    return replace(whole, conversation=_changed(whole.conversation, changes), messages=messages)


def _changed(row: Row, changes: dict[str, Any]) -> Row:
    """``row`` with the columns it has among ``changes`` set (others are left out)."""
    return tuple((name, changes.get(name, value)) for name, value in row)
