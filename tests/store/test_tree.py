"""A conversation is a tree: the chosen path, siblings, choosing, branch deletion, forks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tui.store import NotFoundError, Store
from tui.store.records import TOP


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(tmp_path / "history.db") as opened:
        yield opened


async def chat(store: Store, *texts: str) -> tuple[int, list[int]]:
    """A chat of alternating prompts and answers; its id and the messages' ids."""
    cid = (await store.create_conversation()).id
    ids = []
    for index, text in enumerate(texts):
        role = "user" if index % 2 == 0 else "assistant"
        ids.append((await store.add_message(cid, role, text)).id)
    return cid, ids


async def texts(store: Store, cid: int) -> list[str]:
    return [m.content for m in await store.active_path(cid)]


async def test_appended_messages_each_follow_the_one_before(store):
    cid, ids = await chat(store, "q1", "a1", "q2", "a2")
    path = await store.active_path(cid)
    assert [m.parent_id for m in path] == [None, *ids[:-1]]
    assert [m.id for m in path] == ids


async def test_an_answer_again_is_a_sibling_and_becomes_the_chosen_one(store):
    cid, (q1, a1) = await chat(store, "q1", "a1")
    again = await store.add_message(cid, "assistant", "a1 again", parent_id=q1)
    assert await texts(store, cid) == ["q1", "a1 again"]
    siblings = await store.siblings(a1)
    assert siblings.ids == (a1, again.id)
    assert siblings.branching.label == "‹ 1/2 ›"
    assert [m.content for m in await store.messages(cid)] == ["q1", "a1", "a1 again"]


async def test_a_streamed_answer_again_goes_under_the_prompt_given(store):
    cid, (q1, a1, q2, _a2) = await chat(store, "q1", "a1", "q2", "a2")
    streaming = await store.start_assistant_message(cid, "m", parent_id=q2)
    assert streaming.parent_id == q2
    assert [m.id for m in await store.active_path(cid)] == [q1, a1, q2, streaming.id]


async def test_an_edited_prompt_is_a_sibling_and_the_path_goes_on_from_it(store):
    cid, (_q1, a1, q2, _a2) = await chat(store, "q1", "a1", "q2", "a2")
    edited = await store.add_message(cid, "user", "q2 edited", parent_id=a1)
    await store.add_message(cid, "assistant", "a2 for the edit")
    assert await texts(store, cid) == ["q1", "a1", "q2 edited", "a2 for the edit"]
    assert (await store.siblings(edited.id)).ids == (q2, edited.id)


async def test_editing_the_first_prompt_adds_a_first_message_beside_it(store):
    cid, (q1, _a1) = await chat(store, "q1", "a1")
    first = await store.add_message(cid, "user", "q1 edited", parent_id=TOP)
    assert await texts(store, cid) == ["q1 edited"]
    assert (await store.siblings(q1)).ids == (q1, first.id)


async def test_choosing_a_sibling_brings_back_the_path_last_seen_below_it(store):
    cid, (q1, a1, _q2, _a2) = await chat(store, "q1", "a1", "q2", "a2")
    other = await store.add_message(cid, "assistant", "b1", parent_id=q1)
    await store.add_message(cid, "user", "q2 on b1")
    await store.choose(a1)
    assert await texts(store, cid) == ["q1", "a1", "q2", "a2"]
    assert await store.step_sibling(a1, +1) == other.id
    assert await texts(store, cid) == ["q1", "b1", "q2 on b1"]


async def test_stepping_past_the_last_sibling_stays_on_it(store):
    cid, (q1, a1) = await chat(store, "q1", "a1")
    again = await store.add_message(cid, "assistant", "a1 again", parent_id=q1)
    assert await store.step_sibling(again.id, +1) == again.id
    assert await store.step_sibling(again.id, -5) == a1


async def test_the_chosen_path_tells_each_messages_place_among_its_siblings(store):
    cid, (q1, a1, _q2, a2) = await chat(store, "q1", "a1", "q2", "a2")
    await store.add_message(cid, "assistant", "a1 b", parent_id=q1)
    await store.add_message(cid, "assistant", "a1 c", parent_id=q1)
    await store.choose(a1)
    chosen = await store.chosen_path(cid)
    assert [m.content for m in chosen.messages] == ["q1", "a1", "q2", "a2"]
    assert [(p.index, p.count) for p in chosen.branching] == [(0, 1), (0, 3), (0, 1), (0, 1)]
    assert chosen.messages[1].id == a1 and chosen.branching[1].label == "‹ 1/3 ›"
    assert chosen.messages[-1].id == a2


async def test_choosing_a_message_deep_in_another_branch_chooses_its_ancestors(store):
    cid, (q1, _a1, _q2, a2) = await chat(store, "q1", "a1", "q2", "a2")
    b1 = await store.add_message(cid, "assistant", "b1", parent_id=q1)
    deep = await store.add_message(cid, "user", "under b1")
    await store.choose(a2)
    await store.choose(deep.id)
    assert [m.id for m in await store.active_path(cid)] == [q1, b1.id, deep.id]


async def test_the_path_to_a_message_is_its_ancestry_whatever_is_chosen(store):
    cid, (q1, a1, q2, a2) = await chat(store, "q1", "a1", "q2", "a2")
    await store.add_message(cid, "assistant", "b1", parent_id=q1)
    assert [m.id for m in await store.path_to(a2)] == [q1, a1, q2, a2]
    assert await store.path_to(999) == []


async def test_deleting_a_branch_removes_its_subtree_and_the_path_goes_on_with_a_sibling(store):
    cid, (q1, a1, q2, a2) = await chat(store, "q1", "a1", "q2", "a2")
    b1 = await store.add_message(cid, "assistant", "b1", parent_id=q1)
    await store.choose(a1)
    assert sorted(await store.delete_branch(a1)) == [a1, q2, a2]
    assert await texts(store, cid) == ["q1", "b1"]
    assert (await store.siblings(b1.id)).ids == (b1.id,)
    assert await store.search("a2") == []


async def test_deleting_one_message_keeps_what_followed_it_on_the_path(store):
    cid, (q1, _a1, q2, _a2) = await chat(store, "q1", "a1", "q2", "a2")
    assert await store.delete_message(q2)
    assert await texts(store, cid) == ["q1", "a1", "a2"]
    assert await store.delete_message(q1)
    assert await texts(store, cid) == ["a1", "a2"]


async def test_deleting_the_last_message_ends_the_path_above_it(store):
    cid, (q1, a1) = await chat(store, "q1", "a1")
    await store.delete_message(a1)
    again = await store.add_message(cid, "assistant", "a1 again")
    assert again.parent_id == q1
    assert await texts(store, cid) == ["q1", "a1 again"]


async def test_a_fork_copies_the_path_down_to_a_message_into_a_new_chat(store):
    cid, (q1, a1, _q2, _a2) = await chat(store, "q1", "a1", "q2", "a2")
    await store.add_message(cid, "assistant", "b1", parent_id=q1)
    fork = await store.fork(a1)
    assert fork.id != cid and fork.kind == "chat"
    copied = await store.active_path(fork.id)
    assert [m.content for m in copied] == ["q1", "a1"]
    assert copied[1].parent_id == copied[0].id
    assert await texts(store, cid) == ["q1", "b1"]
    await store.add_message(fork.id, "user", "q2 in the fork")
    assert await texts(store, fork.id) == ["q1", "a1", "q2 in the fork"]


async def test_a_fork_takes_the_title_given_or_the_sources(store):
    _cid, (q1, a1) = await chat(store, "Tell me about owls", "Owls hoot.")
    assert (await store.fork(a1)).title == "Tell me about owls"
    assert (await store.fork(q1, title="Owl branch")).title == "Owl branch"


async def test_forking_or_choosing_a_missing_message_is_not_found(store):
    with pytest.raises(NotFoundError):
        await store.fork(12345)
    with pytest.raises(NotFoundError):
        await store.choose(12345)
    with pytest.raises(NotFoundError):
        await store.siblings(12345)


async def test_a_parent_from_another_conversation_is_refused(store):
    _cid, (q1, _a1) = await chat(store, "q1", "a1")
    other = (await store.create_conversation()).id
    with pytest.raises(NotFoundError):
        await store.add_message(other, "assistant", "stray", parent_id=q1)


async def test_an_undone_delete_keeps_the_tree_even_with_new_ids(store):
    cid, (q1, _a1, _q2, a2) = await chat(store, "q1", "a1", "q2", "a2")
    await store.add_message(cid, "assistant", "b1", parent_id=q1)
    await store.choose(a2)
    deleted = await store.delete_conversation_for_undo(cid)
    assert deleted is not None
    squatter = await store.create_conversation()  # takes the old id: restored anew
    await store.add_message(squatter.id, "user", "squatting")
    restored = await store.restore_conversation(deleted)
    assert restored != cid
    assert await texts(store, restored) == ["q1", "a1", "q2", "a2"]
    path = await store.chosen_path(restored)
    assert path.branching[1].count == 2


async def test_an_imported_conversation_is_one_path(store):
    from tui.store import ImportedConversation, ImportedMessage

    messages = [ImportedMessage(r, t, 1.0) for r, t in (("user", "q"), ("assistant", "a"))]
    (cid,) = await store.import_conversations([ImportedConversation(messages)])
    path = await store.active_path(cid)
    assert [m.content for m in path] == ["q", "a"]
    assert path[1].parent_id == path[0].id
    follow = await store.add_message(cid, "user", "next")
    assert follow.parent_id == path[1].id


async def test_search_finds_a_hit_in_a_branch_not_chosen_and_says_so(store):
    cid, (q1, a1) = await chat(store, "tell me of otters", "otters hold hands")
    again = await store.add_message(cid, "assistant", "otters sleep afloat", parent_id=q1)
    hits = {hit.message_id: hit.on_chosen_path for hit in await store.search("otters")}
    assert hits == {q1: True, a1: False, again.id: True}
