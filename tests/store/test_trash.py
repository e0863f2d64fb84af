"""Deleting a conversation so it can be undone: it comes back whole, with the same ids."""

from __future__ import annotations

from tui.store import Store


async def test_a_deleted_conversation_comes_back_whole_with_its_ids(store: Store) -> None:
    chat = await store.create_conversation("Borrow checkers", model="sim/echo")
    await store.update_conversation(chat.id, params={"temperature": 0.3})
    await store.add_message(chat.id, "user", "What is a lifetime?")
    await store.add_message(chat.id, "assistant", "A lifetime is a scope", cost=0.5)
    before = await store.messages(chat.id)

    deleted = await store.delete_conversation_for_undo(chat.id)

    assert deleted is not None and deleted.title == "Borrow checkers"
    assert await store.get_conversation(chat.id) is None
    assert await store.search("lifetime") == []
    await store.restore_conversation(deleted)
    restored = await store.get_conversation(chat.id)
    assert restored is not None and restored.params == {"temperature": 0.3}
    assert await store.messages(chat.id) == before
    assert sorted(hit.message_id for hit in await store.search("lifetime")) == [
        m.id for m in before
    ]


async def test_deleting_a_missing_conversation_returns_none(store: Store) -> None:
    assert await store.delete_conversation_for_undo(404) is None


async def test_undo_after_a_new_chat_took_the_id_brings_it_back_under_a_new_one(
    store: Store,
) -> None:
    chat = await store.create_conversation("Newest")
    await store.add_message(chat.id, "user", "first words")
    deleted = await store.delete_conversation_for_undo(chat.id)
    assert deleted is not None
    newer = await store.create_conversation("Took its id")
    await store.add_message(newer.id, "user", "other words")
    assert newer.id == chat.id  # SQLite hands the highest id out again

    restored = await store.restore_conversation(deleted)

    assert restored != newer.id
    assert [m.content for m in await store.messages(restored)] == ["first words"]
    assert [m.content for m in await store.messages(newer.id)] == ["other words"]
