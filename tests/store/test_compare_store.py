"""Promoting a comparison's column: its prompts and answers become a chat of their own."""

from __future__ import annotations

import pytest

from tui.store import NotFoundError, Store


async def comparison(store: Store) -> int:
    """Two prompts answered by two columns, the answers interleaved as they arrived."""
    conversation = await store.create_conversation(
        kind="compare", model="openai/gpt-4o", system="Be brief."
    )
    cid = conversation.id
    await store.add_message(cid, "user", "First question")
    await store.add_message(cid, "assistant", "B one", lane=1, model_requested="b/model")
    await store.add_message(
        cid, "assistant", "A one", lane=0, model_requested="a/model", cost=0.5, provider="P"
    )
    await store.add_message(cid, "user", "Second question")
    await store.add_message(cid, "assistant", "A two", lane=0, model_requested="a/model")
    await store.add_message(
        cid, "assistant", "B two", lane=1, model_requested="b/newer", status="error"
    )
    return cid


async def test_the_chat_holds_the_shared_prompts_and_the_lanes_answers_in_order(store):
    chat = await store.promote_lane(await comparison(store), 0)
    messages = await store.messages(chat.id)
    assert [(m.role, m.content) for m in messages] == [
        ("user", "First question"),
        ("assistant", "A one"),
        ("user", "Second question"),
        ("assistant", "A two"),
    ]
    assert [m.seq for m in messages] == [1, 2, 3, 4]
    assert all(m.lane is None for m in messages)


async def test_the_chat_is_an_ordinary_chat_with_the_lanes_latest_model(store):
    cid = await comparison(store)
    chat = await store.promote_lane(cid, 1)
    original = await store.get_conversation(cid)
    assert chat.id != cid and chat.kind == "chat"
    assert chat.model == "b/newer"
    assert (chat.title, chat.system) == (original.title, "Be brief.")


async def test_answers_keep_their_status_usage_and_provenance(store):
    chat = await store.promote_lane(await comparison(store), 0)
    first_answer = (await store.messages(chat.id))[1]
    assert (first_answer.cost, first_answer.provider, first_answer.status) == (0.5, "P", "complete")
    assert first_answer.model_requested == "a/model"


async def test_the_comparison_is_left_as_it_was(store):
    cid = await comparison(store)
    before = await store.messages(cid)
    await store.promote_lane(cid, 0)
    assert await store.messages(cid) == before


async def test_the_promoted_answers_are_searchable_in_the_new_chat(store):
    chat = await store.promote_lane(await comparison(store), 0)
    hits = await store.search("two")
    assert {hit.conversation_id for hit in hits} >= {chat.id}


async def test_an_answer_still_streaming_is_copied_as_interrupted(store):
    cid = await comparison(store)
    await store.start_assistant_message(cid, "a/model", lane=0)
    chat = await store.promote_lane(cid, 0)
    assert (await store.messages(chat.id))[-1].status == "interrupted"


async def test_a_missing_conversation_is_not_found(store):
    with pytest.raises(NotFoundError):
        await store.promote_lane(999, 0)


async def test_a_chat_cannot_be_promoted(store):
    chat = await store.create_conversation(model="a/model")
    await store.add_message(chat.id, "assistant", "hi", model_requested="a/model")
    with pytest.raises(ValueError, match="not a comparison"):
        await store.promote_lane(chat.id, 0)


async def test_a_lane_without_answers_cannot_be_promoted(store):
    with pytest.raises(ValueError, match="no answer"):
        await store.promote_lane(await comparison(store), 3)
