"""The request a turn sends is exactly the chosen path of the conversation's tree."""

from __future__ import annotations

from contextlib import aclosing

import pytest

from tui.store import Store
from tui.store.records import TOP
from tui.turn import TurnRunner
from tui.turn_spec import TurnFinished, TurnSpec

MODEL = "openai/gpt-4o"


async def run(runner: TurnRunner, spec: TurnSpec):
    async with aclosing(runner.run(spec)) as events:
        finished = [event async for event in events if isinstance(event, TurnFinished)]
    return finished[-1].outcome


def sent(simulator) -> list[tuple[str, str]]:
    """The messages of the last request the simulator received."""
    body = simulator.last_request().body
    return [(m["role"], m["content"]) for m in body["messages"]]


async def branched(store: Store) -> tuple[int, dict[str, int]]:
    """q1 answered twice (a1, then b1 chosen), with q2/a2 following a1."""
    cid = (await store.create_conversation(model=MODEL)).id
    ids = {}
    for key, role in (("q1", "user"), ("a1", "assistant"), ("q2", "user"), ("a2", "assistant")):
        ids[key] = (await store.add_message(cid, role, key)).id
    ids["b1"] = (await store.add_message(cid, "assistant", "b1", parent_id=ids["q1"])).id
    return cid, ids


async def test_after_choosing_another_sibling_the_next_request_carries_exactly_its_path(
    client, store, simulator
):
    cid, ids = await branched(store)
    runner = TurnRunner(client, store)
    await store.choose(ids["a1"])
    outcome = await run(runner, TurnSpec(MODEL, "q3", conversation_id=cid))
    assert sent(simulator) == [
        ("user", "q1"),
        ("assistant", "a1"),
        ("user", "q2"),
        ("assistant", "a2"),
        ("user", "q3"),
    ]
    await store.step_sibling(ids["a1"], +1)
    await run(runner, TurnSpec(MODEL, "q2 on b1", conversation_id=cid))
    assert sent(simulator) == [("user", "q1"), ("assistant", "b1"), ("user", "q2 on b1")]
    assert outcome.message_id is not None


async def test_answering_again_adds_a_sibling_answer_and_sends_the_path_to_its_prompt(
    client, store, simulator
):
    cid, ids = await branched(store)
    outcome = await run(
        TurnRunner(client, store),
        TurnSpec(MODEL, None, conversation_id=cid, parent_id=ids["q2"]),
    )
    assert sent(simulator) == [("user", "q1"), ("assistant", "a1"), ("user", "q2")]
    siblings = await store.siblings(outcome.message_id)
    assert siblings.ids == (ids["a2"], outcome.message_id)
    path = await store.active_path(cid)
    assert [m.id for m in path] == [ids["q1"], ids["a1"], ids["q2"], outcome.message_id]


async def test_an_edited_prompt_is_a_sibling_and_the_request_sends_the_path_above_it(
    client, store, simulator
):
    cid, ids = await branched(store)
    outcome = await run(
        TurnRunner(client, store),
        TurnSpec(MODEL, "q2 edited", conversation_id=cid, parent_id=ids["a1"]),
    )
    assert sent(simulator) == [("user", "q1"), ("assistant", "a1"), ("user", "q2 edited")]
    path = await store.active_path(cid)
    assert [m.content for m in path] == ["q1", "a1", "q2 edited", outcome.content]
    assert len((await store.siblings(path[2].id)).ids) == 2
    assert await store.get_message(ids["a2"]) is not None  # nothing was deleted


async def test_editing_the_first_prompt_sends_it_alone(client, store, simulator):
    cid, ids = await branched(store)
    await run(
        TurnRunner(client, store), TurnSpec(MODEL, "q1 edited", conversation_id=cid, parent_id=TOP)
    )
    assert sent(simulator) == [("user", "q1 edited")]
    assert len((await store.siblings(ids["q1"])).ids) == 2


async def test_a_column_of_a_comparison_sends_its_own_answers(client, store, simulator):
    cid = (await store.create_conversation(kind="compare", model=MODEL)).id
    await store.add_message(cid, "user", "p1")
    await store.add_message(cid, "assistant", "left", lane=0)
    await store.add_message(cid, "assistant", "right", lane=1)
    await store.add_message(cid, "user", "p2")
    await run(TurnRunner(client, store), TurnSpec(MODEL, None, conversation_id=cid, lane=0))
    assert sent(simulator) == [("user", "p1"), ("assistant", "left"), ("user", "p2")]


async def test_a_parent_from_another_conversation_is_refused(client, store):
    _cid, ids = await branched(store)
    other = (await store.create_conversation()).id
    with pytest.raises(LookupError):
        await run(
            TurnRunner(client, store),
            TurnSpec(MODEL, "x", conversation_id=other, parent_id=ids["q1"]),
        )
