"""Spend from stored usage: per conversation (by model) and per local day."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tui.store import Store
from tui.store.spend import ModelSpend

from . import Clock

NOON = datetime(2024, 3, 10, 12, 0).astimezone().timestamp()


@pytest.fixture
def clock() -> Clock:
    return Clock(NOON)


async def test_a_conversations_spend_adds_its_answers_per_model(store: Store) -> None:
    chat = await store.create_conversation("c")
    await store.add_message(chat.id, "user", "q")
    await store.add_message(
        chat.id,
        "assistant",
        "a",
        cost=0.25,
        model_answered="m/one",
        prompt_tokens=10,
        completion_tokens=5,
    )
    await store.add_message(
        chat.id,
        "assistant",
        "b",
        cost=0.5,
        model_requested="m/two",
        prompt_tokens=20,
        completion_tokens=7,
    )
    await store.add_message(chat.id, "assistant", "c", cost=0.25, model_answered="m/one")
    await store.add_message(chat.id, "assistant", "no price", total_tokens=30)
    await store.add_message(chat.id, "assistant", "no usage at all")

    spend = await store.conversation_spend(chat.id)

    assert spend.cost == pytest.approx(1.0)
    assert (spend.prompt_tokens, spend.completion_tokens) == (30, 12)
    assert (spend.priced, spend.unpriced) == (3, 1)
    assert spend.by_model == (
        ModelSpend("m/one", 0.5, 2, 10, 5),
        ModelSpend("m/two", 0.5, 1, 20, 7),
    )


async def test_every_branch_counts_towards_a_conversations_spend(store: Store) -> None:
    chat = await store.create_conversation("c")
    prompt = await store.add_message(chat.id, "user", "q")
    await store.add_message(chat.id, "assistant", "first", cost=0.1, parent_id=prompt.id)
    await store.add_message(chat.id, "assistant", "again", cost=0.2, parent_id=prompt.id)
    assert (await store.conversation_spend(chat.id)).cost == pytest.approx(0.3)


async def test_a_conversation_without_answers_spent_nothing(store: Store) -> None:
    chat = await store.create_conversation("c")
    await store.add_message(chat.id, "user", "only a question")
    for conversation_id in (chat.id, 404):
        spend = await store.conversation_spend(conversation_id)
        assert (spend.cost, spend.priced, spend.unpriced, spend.by_model) == (0, 0, 0, ())


async def test_spend_by_day_fills_every_local_day_oldest_first(store: Store, clock: Clock) -> None:
    chat = await store.create_conversation("c")
    today = datetime.fromtimestamp(NOON)
    moments = {
        today.replace(hour=0, minute=0, second=1): 0.5,  # just after midnight
        today.replace(hour=23, minute=59): 0.25,
        today - timedelta(days=2): 1.0,
        today - timedelta(days=2, hours=11, minutes=59): 0.125,  # 00:01 two days ago
        today - timedelta(days=3): 8.0,  # before the range
    }
    for moment, cost in moments.items():
        clock.now = moment.timestamp()
        await store.add_message(chat.id, "assistant", "a", cost=cost)
    await store.add_message(chat.id, "assistant", "unpriced")
    clock.now = NOON

    days = await store.spend_by_day(3)

    assert [day.day for day in days] == [(today - timedelta(days=n)).date() for n in (2, 1, 0)]
    assert [day.cost for day in days] == [1.125, 0.0, 0.75]
    assert [day.answers for day in days] == [2, 0, 2]


async def test_no_days_asked_is_an_empty_list(store: Store) -> None:
    assert await store.spend_by_day(0) == []
