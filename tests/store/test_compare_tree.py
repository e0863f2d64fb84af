"""A comparison in the tree: a prompt's answers from several models are siblings."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tui.store import Ending, Store


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    async with await Store.open(tmp_path / "history.db") as opened:
        yield opened


async def two_rounds(store: Store) -> tuple[int, dict[str, int]]:
    """Two prompts each answered by two columns, streamed as the comparison view does."""
    cid = (await store.create_conversation(kind="compare", model="a/model")).id
    ids: dict[str, int] = {}
    for round_ in ("one", "two"):
        ids[f"p {round_}"] = (await store.add_message(cid, "user", f"prompt {round_}")).id
        for lane, name in ((0, "left"), (1, "right")):
            started = await store.start_assistant_message(cid, f"{name}/model", lane=lane)
            ending = Ending(status="complete", content=f"{name} {round_}")
            await store.finish_message(started.id, ending)
            ids[f"{name} {round_}"] = started.id
    return cid, ids


async def test_the_columns_answers_to_a_prompt_are_its_children_and_siblings(store):
    _cid, ids = await two_rounds(store)
    siblings = await store.siblings(ids["left one"])
    assert siblings.ids == (ids["left one"], ids["right one"])
    answer = await store.get_message(ids["right two"])
    assert answer is not None and answer.parent_id == ids["p two"]


async def test_each_column_sees_the_prompts_and_its_own_answers(store):
    cid, _ = await two_rounds(store)
    left = [m.content for m in await store.lane_path(cid, 0)]
    right = [m.content for m in await store.lane_path(cid, 1)]
    assert left == ["prompt one", "left one", "prompt two", "left two"]
    assert right == ["prompt one", "right one", "prompt two", "right two"]


async def test_reopening_still_reads_every_column_from_the_messages(store):
    cid, _ = await two_rounds(store)
    lanes = {m.lane for m in await store.messages(cid)}
    assert lanes == {None, 0, 1}


async def test_picking_a_winner_makes_its_column_the_chosen_path_of_a_chat(store):
    cid, _ids = await two_rounds(store)
    conversation = await store.pick_winner(cid, 0)
    assert conversation.kind == "chat" and conversation.model == "left/model"
    path = await store.active_path(cid)
    assert [m.content for m in path] == ["prompt one", "left one", "prompt two", "left two"]
    chosen = await store.chosen_path(cid)
    assert [p.count for p in chosen.branching] == [1, 2, 1, 2]


async def test_the_chat_goes_on_from_the_winners_last_answer(store):
    cid, ids = await two_rounds(store)
    await store.pick_winner(cid, 0)
    follow_up = await store.add_message(cid, "user", "and then?")
    assert follow_up.parent_id == ids["left two"]


async def test_the_losers_answers_stay_as_siblings_to_step_to(store):
    cid, ids = await two_rounds(store)
    await store.pick_winner(cid, 0)
    await store.step_sibling(ids["left two"], +1)
    texts = [m.content for m in await store.active_path(cid)]
    assert texts == ["prompt one", "left one", "prompt two", "right two"]
    assert len(await store.messages(cid)) == 6


async def test_a_winner_can_be_picked_keeping_the_comparison(store):
    cid, _ = await two_rounds(store)
    conversation = await store.pick_winner(cid, 1, as_chat=False)
    assert conversation.kind == "compare"
    texts = [m.content for m in await store.active_path(cid)]
    assert texts == ["prompt one", "right one", "prompt two", "right two"]


async def test_picking_a_column_without_answers_is_refused(store):
    cid, _ = await two_rounds(store)
    with pytest.raises(ValueError, match="no answer"):
        await store.pick_winner(cid, 3)
