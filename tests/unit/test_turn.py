"""The turn runner against the simulator and a real store: every ending is stored as it was."""

from __future__ import annotations

import asyncio
import time
from contextlib import aclosing

import pytest

from tests.wire import CLOSED
from tui.api.events import ContentDelta, KeepAlive, StreamFailed
from tui.store import Store
from tui.turn import TurnRunner
from tui.turn_spec import INTERRUPTED, TurnFinished, TurnSpec, TurnStarted


async def run_all(runner: TurnRunner, spec: TurnSpec) -> list:
    async with aclosing(runner.run(spec)) as events:
        return [event async for event in events]


async def test_a_turn_stores_the_prompt_and_the_answer(client, store):
    events = await run_all(TurnRunner(client, store), TurnSpec("openai/gpt-4o", "hello"))
    assert isinstance(events[0], TurnStarted)
    assert isinstance(events[-1], TurnFinished)
    outcome = events[-1].outcome
    text = "".join(e.text for e in events if isinstance(e, ContentDelta))
    assert outcome.status == "complete" and outcome.content == text
    user, assistant = await store.messages(outcome.conversation_id)
    assert (user.role, user.content) == ("user", "hello")
    assert (assistant.status, assistant.content) == ("complete", text)
    assert assistant.total_tokens == outcome.usage.total_tokens
    assert assistant.ttft_ms is not None and assistant.duration_ms >= assistant.ttft_ms


async def test_the_user_message_is_stored_before_the_request_leaves(client, store, simulator):
    runner = TurnRunner(client, store)
    async with aclosing(runner.run(TurnSpec("sim/keepalive", "early"))) as events:
        started = await anext(events)
        assert simulator.requests() == []
        assert [m.content for m in await store.messages(started.conversation.id)] == ["early", ""]
        assert (await store.messages(started.conversation.id))[1].status == "streaming"
        async for _ in events:
            pass


async def test_keepalives_reach_the_caller(client, store):
    events = await run_all(TurnRunner(client, store), TurnSpec("sim/keepalive", "x"))
    assert sum(isinstance(e, KeepAlive) for e in events) == 3


async def test_an_error_before_any_token_is_stored_with_its_message(client, store):
    events = await run_all(TurnRunner(client, store), TurnSpec("sim/http-402", "x"))
    failed = next(e for e in events if isinstance(e, StreamFailed))
    assert failed.error.status == 402
    outcome = events[-1].outcome
    stored = (await store.messages(outcome.conversation_id))[-1]
    assert (stored.status, stored.error_status, stored.error_kind) == ("error", 402, "credits")
    assert "402" in stored.error_message


async def test_a_mid_stream_error_keeps_the_partial_text(client, store):
    events = await run_all(TurnRunner(client, store), TurnSpec("sim/mid-error", "x"))
    outcome = events[-1].outcome
    assert outcome.status == "error" and outcome.content
    stored = (await store.messages(outcome.conversation_id))[-1]
    assert stored.content == outcome.content


async def consume_until_text(runner: TurnRunner, spec: TurnSpec, started: asyncio.Event) -> None:
    async with aclosing(runner.run(spec)) as events:
        async for event in events:
            if isinstance(event, ContentDelta):
                started.set()


async def cancel_mid_stream(client, store, simulator, wire, message: str | None = None):
    runner = TurnRunner(client, store)
    spec = TurnSpec("sim/slow:tps=100,tokens=3000", "go")
    started = asyncio.Event()
    task = asyncio.create_task(consume_until_text(runner, spec, started))
    await asyncio.wait_for(started.wait(), 10)
    await asyncio.sleep(0.1)
    cancelled_at = time.monotonic()
    wire.mark("cancel")
    task.cancel(message)
    with pytest.raises(asyncio.CancelledError):
        await task
    # The socket is closed by the time the cancelled task has ended, not some time later.
    assert (CLOSED, spec.model) in wire.since("cancel")
    closed_at = simulator.wait_for_disconnect(simulator.last_request().id)
    assert closed_at is not None and closed_at >= cancelled_at  # gone mid-reply, after the cancel
    return (await store.messages(1))[-1]


async def test_cancelling_closes_the_socket_and_stores_the_partial(client, store, simulator, wire):
    stored = await cancel_mid_stream(client, store, simulator, wire)
    assert stored.status == "cancelled"
    assert stored.content


async def test_a_signal_stores_the_partial_as_interrupted(client, store, simulator, wire):
    stored = await cancel_mid_stream(client, store, simulator, wire, INTERRUPTED)
    assert stored.status == "interrupted"
    assert stored.content


async def test_closing_the_events_early_counts_as_cancelled(client, store, simulator):
    runner = TurnRunner(client, store)
    async with aclosing(runner.run(TurnSpec("sim/slow:tps=100,tokens=3000", "go"))) as events:
        async for event in events:
            if isinstance(event, ContentDelta):
                break
    stored = (await store.messages(1))[-1]
    assert stored.status == "cancelled"
    assert simulator.wait_for_disconnect(simulator.last_request().id) is not None


async def test_a_growing_answer_is_saved_while_it_streams(client, store):
    runner = TurnRunner(client, store, save_interval=0.05)
    spec = TurnSpec("sim/slow:tps=200,tokens=400", "go")
    seen: list[str] = []
    async with aclosing(runner.run(spec)) as events:
        async for event in events:
            if isinstance(event, ContentDelta):
                seen.append(event.text)
                if len(seen) == 100:
                    # Saved in the background: the stream does not wait for it, we do.
                    stored = await saved_at_least(store, len("".join(seen)))
                    assert stored.status == "streaming"


async def saved_at_least(store: Store, length: int, within: float = 5.0):
    deadline = time.monotonic() + within
    while True:
        stored = (await store.messages(1))[-1]
        if len(stored.content) >= length or time.monotonic() > deadline:
            assert len(stored.content) >= length
            return stored
        await asyncio.sleep(0.01)


async def test_no_save_stores_nothing(client, store):
    events = await run_all(TurnRunner(client, store), TurnSpec("sim/echo", "x", save=False))
    assert events[-1].outcome.status == "complete"
    assert await store.list_conversations() == []


async def test_a_follow_up_sends_the_history(client, store, simulator):
    runner = TurnRunner(client, store)
    first = (await run_all(runner, TurnSpec("sim/echo", "one")))[-1].outcome
    await run_all(runner, TurnSpec("sim/echo", "two", conversation_id=first.conversation_id))
    sent = simulator.last_request().body["messages"]
    assert [(m["role"], m["content"]) for m in sent] == [
        ("user", "one"),
        ("assistant", "one"),
        ("user", "two"),
    ]


async def test_regenerating_sends_the_stored_history_without_a_new_prompt(client, store, simulator):
    runner = TurnRunner(client, store)
    first = (await run_all(runner, TurnSpec("sim/echo", "again")))[-1].outcome
    await run_all(runner, TurnSpec("sim/echo", None, conversation_id=first.conversation_id))
    assert [m["content"] for m in simulator.last_request().body["messages"]] == ["again", "again"]


async def test_a_lane_sees_shared_prompts_and_its_own_answers_only(client, store, simulator):
    conversation = await store.create_conversation("compare", kind="compare")
    await store.add_message(conversation.id, "user", "shared")
    await store.add_message(conversation.id, "assistant", "lane zero", lane=0)
    await store.add_message(conversation.id, "assistant", "lane one", lane=1)
    spec = TurnSpec("sim/echo", "next", conversation_id=conversation.id, lane=1)
    await run_all(TurnRunner(client, store), spec)
    sent = [m["content"] for m in simulator.last_request().body["messages"]]
    assert sent == ["shared", "lane one", "next"]


async def test_a_non_streamed_turn_tells_the_same_story(client, store):
    events = await run_all(TurnRunner(client, store), TurnSpec("sim/echo", "whole", stream=False))
    assert events[-1].outcome.content == "whole"
    assert "".join(e.text for e in events if isinstance(e, ContentDelta)) == "whole"


async def test_continuing_a_cancelled_answer_streams_onto_it(client, store, simulator):
    conversation = await store.create_conversation()
    await store.add_message(conversation.id, "user", "count")
    partial = await store.add_message(
        conversation.id, "assistant", "one two", status="cancelled", model_requested="sim/echo"
    )
    spec = TurnSpec(
        "sim/echo", None, conversation_id=conversation.id, continue_message_id=partial.id
    )
    events = await run_all(TurnRunner(client, store), spec)
    sent = simulator.last_request().body["messages"]
    assert sent[-1] == {"role": "assistant", "content": "one two"}
    outcome = events[-1].outcome
    assert outcome.content == "one two" + "one two"
    stored = await store.messages(conversation.id)
    assert len(stored) == 2
    assert (stored[-1].status, stored[-1].content) == ("complete", "one twoone two")
