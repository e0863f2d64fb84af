"""What a conversation asks with (model, system, parameters) and which models a user marks."""

from __future__ import annotations

import pytest

from tui.store import NotFoundError, Store


async def test_parameters_are_kept_with_the_conversation(store, tmp_path):
    conversation = await store.create_conversation("t")
    assert conversation.params == {}
    await store.update_conversation(conversation.id, params={"temperature": 0.3}, model="m/x")
    await store.close()
    async with await Store.open(tmp_path / "history.db") as reopened:
        again = await reopened.get_conversation(conversation.id)
    assert (again.params, again.model) == ({"temperature": 0.3}, "m/x")


async def test_a_key_never_reaches_the_conversation_parameters(store):
    conversation = await store.create_conversation("t")
    updated = await store.update_conversation(
        conversation.id, params={"api_key": "sk-secret", "top_p": 0.5}
    )
    assert updated.params == {"top_p": 0.5}


async def test_an_empty_system_prompt_clears_it(store):
    conversation = await store.create_conversation("t", system="be brief")
    assert (await store.update_conversation(conversation.id, system="")).system is None


async def test_updating_a_missing_conversation_raises(store):
    with pytest.raises(NotFoundError):
        await store.update_conversation(99, model="x")


async def test_favourites_and_recent_models(store, clock):
    await store.set_favourite("b/model", True)
    await store.set_favourite("a/model", True)
    await store.set_favourite("b/model", False)
    await store.mark_model_used("c/model")
    clock.advance(1)  # recent is by time of use
    await store.mark_model_used("a/model")
    marks = await store.model_marks()
    assert marks.favourites == ("a/model",)
    assert marks.recent[0] == "a/model" and "c/model" in marks.recent
