"""Choosing a comparison's winner is refused for what is not a comparison's column."""

from __future__ import annotations

import pytest

from tui.store import NotFoundError


async def test_a_missing_conversation_is_not_found(store):
    with pytest.raises(NotFoundError):
        await store.pick_winner(999, 0)


async def test_a_chat_has_no_winner_to_pick(store):
    chat = await store.create_conversation(model="a/model")
    await store.add_message(chat.id, "assistant", "hi", model_requested="a/model")
    with pytest.raises(ValueError, match="not a comparison"):
        await store.pick_winner(chat.id, 0)
