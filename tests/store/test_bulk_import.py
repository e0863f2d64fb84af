"""Bulk import: whole conversations at once, numbered, titled and searchable like any other."""

from __future__ import annotations

import pytest

from tui.store import ImportedConversation, ImportedMessage, Store


def conversation(*texts: str, **fields: object) -> ImportedConversation:
    roles = ["user", "assistant"]
    messages = [
        ImportedMessage(roles[i % 2], text, created_at=1000.0 + i) for i, text in enumerate(texts)
    ]
    return ImportedConversation(messages, **fields)  # type: ignore[arg-type]


async def test_imported_conversations_get_new_ids_in_order(store: Store) -> None:
    existing = await store.create_conversation("already here")
    ids = await store.import_conversations(
        [conversation("one?", "one."), conversation("two?", "two.")]
    )
    assert ids == [existing.id + 1, existing.id + 2]
    assert [m.content for m in await store.messages(ids[1])] == ["two?", "two."]


async def test_imported_messages_are_numbered_and_keep_their_fields(store: Store) -> None:
    message = ImportedMessage(
        "assistant", "hi", 5.0, model_answered="x/y", cost=0.5, params={"top_p": 0.9}
    )
    [conversation_id] = await store.import_conversations([ImportedConversation([message])])
    [stored] = await store.messages(conversation_id)
    assert (stored.seq, stored.model_answered, stored.cost) == (1, "x/y", 0.5)
    assert (stored.params, stored.status, stored.created_at) == ({"top_p": 0.9}, "complete", 5.0)


async def test_an_untitled_import_is_titled_from_its_first_prompt(store: Store) -> None:
    [conversation_id] = await store.import_conversations([conversation("What is Rust?\nmore")])
    imported = await store.get_conversation(conversation_id)
    assert imported is not None and imported.title == "What is Rust?"


async def test_an_import_takes_its_times_from_its_messages(store: Store) -> None:
    [conversation_id] = await store.import_conversations([conversation("a", "b", "c")])
    imported = await store.get_conversation(conversation_id)
    assert imported is not None
    assert (imported.created_at, imported.updated_at) == (1000.0, 1002.0)


async def test_imported_messages_are_searchable(store: Store) -> None:
    [conversation_id] = await store.import_conversations([conversation("about axolotls", "ok")])
    [hit] = await store.search("axolotls")
    assert hit.conversation_id == conversation_id


async def test_an_import_with_a_bad_message_adds_nothing(store: Store) -> None:
    bad = ImportedConversation([ImportedMessage("user", "x", 1.0, status="streaming")])
    with pytest.raises(ValueError, match="status"):
        await store.import_conversations([conversation("fine"), bad])
    assert await store.list_conversations() == []
