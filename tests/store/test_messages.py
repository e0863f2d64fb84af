"""Messages: appended in order with every field kept, validated, deleted."""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from pathlib import Path

import pytest

from tui.store import NotFoundError, Store

from . import Clock


async def test_a_message_keeps_every_field_it_was_given(store: Store, clock: Clock) -> None:
    conversation = await store.create_conversation("c")
    message = await store.add_message(
        conversation.id,
        "assistant",
        "Hello!",
        reasoning="The user greeted me.",
        model_requested="openai/gpt-4o",
        model_answered="openai/gpt-4o-2024-08-06",
        provider="OpenAI",
        status="error",
        finish_reason="error",
        native_finish_reason="server_error",
        error_message="Provider disconnected",
        error_kind="provider",
        error_status=502,
        prompt_tokens=12,
        completion_tokens=3,
        total_tokens=15,
        reasoning_tokens=2,
        cached_tokens=4,
        cost=0.00042,
        generation_id="gen-1-abc",
        params={"temperature": 0.2},
        ttft_ms=120.5,
        duration_ms=900.0,
        finished_at=clock.now + 1,
    )
    assert await store.get_message(message.id) == message
    assert (message.model_answered, message.provider, message.status) == (
        "openai/gpt-4o-2024-08-06",
        "OpenAI",
        "error",
    )
    assert (message.error_kind, message.error_status, message.cost) == ("provider", 502, 0.00042)
    assert (message.prompt_tokens, message.reasoning_tokens, message.cached_tokens) == (12, 2, 4)
    assert message.params == {"temperature": 0.2}
    assert message.created_at == message.updated_at == clock.now
    assert message.lane is None


async def test_messages_are_numbered_in_the_order_they_arrive(store: Store) -> None:
    conversation = await store.create_conversation("c")
    for text in ("one", "two", "three"):
        await store.add_message(conversation.id, "user", text)
    messages = await store.messages(conversation.id)
    assert [(m.seq, m.content) for m in messages] == [(1, "one"), (2, "two"), (3, "three")]


async def test_each_conversation_numbers_its_own_messages(store: Store) -> None:
    first = await store.create_conversation("a")
    second = await store.create_conversation("b")
    await store.add_message(first.id, "user", "x")
    message = await store.add_message(second.id, "user", "y")
    assert message.seq == 1


async def test_comparison_messages_carry_their_lane(store: Store) -> None:
    conversation = await store.create_conversation(kind="compare")
    await store.add_message(conversation.id, "user", "Which is best?")
    for lane in range(4):
        await store.add_message(conversation.id, "assistant", f"lane {lane}", lane=lane)
    lanes = [m.lane for m in await store.messages(conversation.id)]
    assert lanes == [None, 0, 1, 2, 3]


@pytest.mark.parametrize("lane", [-1, 4, 1.5])
async def test_a_lane_outside_zero_to_three_is_refused(store: Store, lane: object) -> None:
    conversation = await store.create_conversation(kind="compare")
    with pytest.raises(ValueError, match="lane"):
        await store.add_message(conversation.id, "assistant", "x", lane=lane)  # type: ignore[arg-type]


async def test_an_unknown_role_is_refused(store: Store) -> None:
    conversation = await store.create_conversation("c")
    with pytest.raises(ValueError, match="role"):
        await store.add_message(conversation.id, "robot", "beep")


async def test_add_message_refuses_the_streaming_status(store: Store) -> None:
    conversation = await store.create_conversation("c")
    with pytest.raises(ValueError, match="status"):
        await store.add_message(conversation.id, "assistant", "x", status="streaming")


async def test_an_unknown_field_is_refused(store: Store) -> None:
    conversation = await store.create_conversation("c")
    with pytest.raises(TypeError, match="colour"):
        await store.add_message(conversation.id, "user", "x", colour="red")  # type: ignore[call-arg]


async def test_a_message_for_a_missing_conversation_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        await store.add_message(404, "user", "hello?")


async def test_adding_a_message_bumps_the_conversation(store: Store, clock: Clock) -> None:
    conversation = await store.create_conversation("c")
    clock.advance(30)
    await store.add_message(conversation.id, "user", "later")
    updated = await store.get_conversation(conversation.id)
    assert updated is not None and updated.updated_at == conversation.created_at + 30


async def test_the_api_key_never_reaches_the_database(store: Store, tmp_path: Path) -> None:
    conversation = await store.create_conversation("c")
    secret = "sk-or-v1-0123456789abcdef"
    message = await store.add_message(
        conversation.id,
        "user",
        "hi",
        params={"temperature": 1, "api_key": secret, "Authorization": f"Bearer {secret}"},
    )
    assert message.params == {"temperature": 1}
    conn = sqlite3.connect(tmp_path / "history.db")
    stored = conn.execute("SELECT params FROM messages WHERE id = ?", (message.id,)).fetchone()[0]
    conn.close()
    assert json.loads(stored) == {"temperature": 1}


async def test_a_message_without_params_reads_back_an_empty_dict(store: Store) -> None:
    conversation = await store.create_conversation("c")
    message = await store.add_message(conversation.id, "user", "hi")
    assert message.params == {}


async def test_deleting_a_message_removes_only_it(store: Store) -> None:
    conversation = await store.create_conversation("c")
    keep = await store.add_message(conversation.id, "user", "keep")
    drop = await store.add_message(conversation.id, "user", "drop")
    assert await store.delete_message(drop.id) is True
    assert [m.id for m in await store.messages(conversation.id)] == [keep.id]
    assert await store.delete_message(drop.id) is False


async def test_a_missing_message_reads_as_none(store: Store) -> None:
    assert await store.get_message(404) is None


async def test_coroutines_writing_at_once_each_get_their_own_message(store: Store) -> None:
    conversation = await store.create_conversation("c")
    texts = [f"message {i}" for i in range(20)]
    added = await asyncio.gather(*(store.add_message(conversation.id, "user", t) for t in texts))
    assert sorted(m.seq for m in added) == list(range(1, 21))
    assert {m.content for m in await store.messages(conversation.id)} == set(texts)


@pytest.mark.parametrize("yields", range(8))
async def test_a_write_cancelled_midway_leaves_all_or_nothing(store: Store, yields: int) -> None:
    conversation = await store.create_conversation("c")
    task = asyncio.create_task(store.add_message(conversation.id, "user", "maybe"))
    for _ in range(yields):
        await asyncio.sleep(0)
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert [m.content for m in await store.messages(conversation.id)] in ([], ["maybe"])
    later = await store.add_message(conversation.id, "user", "certainly")
    assert later.content == "certainly"
