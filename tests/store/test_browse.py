"""The chats browser's rows: models, counts, cost, pins; sorted by recency or cost; filtered."""

from __future__ import annotations

import sqlite3

import pytest

from tui.store import NotFoundError, Store
from tui.store.browse import like_pattern

from . import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def browsable(store: Store) -> Store:
    return store


async def _chat(store: Store, clock: Clock, title: str, costs: list[float | None]) -> int:
    clock.advance(10)
    chat = await store.create_conversation(title, model="m/asked")
    for cost in costs:
        await store.add_message(chat.id, "user", "question")
        await store.add_message(chat.id, "assistant", "answer", cost=cost, model_answered="m/a")
    return chat.id


async def test_a_row_has_its_models_count_cost_and_dates(browsable: Store, clock: Clock) -> None:
    chat = await browsable.create_conversation("Tides", model="m/one")
    await browsable.add_message(chat.id, "user", "why tides?")
    await browsable.add_message(chat.id, "assistant", "the moon", cost=0.25, model_answered="m/one")
    clock.advance(5)
    await browsable.add_message(chat.id, "user", "and the sun?")
    await browsable.add_message(
        chat.id, "assistant", "also", cost=0.5, model_requested="m/auto", model_answered="m/two"
    )
    await browsable.add_message(chat.id, "assistant", "unpriced", model_requested="m/three")

    [row] = await browsable.browse_conversations()

    assert (row.id, row.title, row.kind, row.message_count) == (chat.id, "Tides", "chat", 5)
    assert row.models == ("m/one", "m/two", "m/three")
    assert row.cost == pytest.approx(0.75)
    assert row.created_at == clock.now - 5
    assert row.updated_at == row.last_activity == clock.now
    assert row.pinned is False


async def test_a_conversation_without_priced_answers_has_no_cost(browsable: Store) -> None:
    chat = await browsable.create_conversation("Free")
    await browsable.add_message(chat.id, "user", "hi")
    [row] = await browsable.browse_conversations()
    assert (row.cost, row.models, row.message_count) == (None, (), 1)


async def test_recent_first_with_pinned_above_all(browsable: Store, clock: Clock) -> None:
    old = await _chat(browsable, clock, "old", [0.1])
    middle = await _chat(browsable, clock, "middle", [0.2])
    new = await _chat(browsable, clock, "new", [0.3])
    await browsable.set_pinned(old, True)

    rows = await browsable.browse_conversations("recent")

    assert [row.id for row in rows] == [old, new, middle]
    assert [row.pinned for row in rows] == [True, False, False]


async def test_cost_order_puts_the_dearest_first_and_unpriced_last(
    browsable: Store, clock: Clock
) -> None:
    cheap = await _chat(browsable, clock, "cheap", [0.01, 0.02])
    free = await _chat(browsable, clock, "free", [None])
    dear = await _chat(browsable, clock, "dear", [0.5, 0.25])
    middle = await _chat(browsable, clock, "middle", [0.1])
    await browsable.set_pinned(cheap, True)

    rows = await browsable.browse_conversations("cost")

    assert [row.id for row in rows] == [cheap, dear, middle, free]


async def test_pages_follow_the_order(browsable: Store, clock: Clock) -> None:
    ids = [await _chat(browsable, clock, f"c{n}", [n / 10]) for n in range(5)]
    first = await browsable.browse_conversations("cost", limit=2)
    rest = await browsable.browse_conversations("cost", limit=10, offset=2)
    assert [row.id for row in first + rest] == ids[::-1]


async def test_text_filters_titles_and_models_case_insensitively(
    browsable: Store, clock: Clock
) -> None:
    rust = await _chat(browsable, clock, "Rust lifetimes", [])
    await _chat(browsable, clock, "Gardening", [])
    clock.advance(1)
    other = await browsable.create_conversation("Untitled-ish", model="vendor/RUSTY-7b")

    rows = await browsable.browse_conversations(text="  rust ")

    assert [row.id for row in rows] == [other.id, rust]


async def test_any_text_is_a_valid_filter(browsable: Store, clock: Clock) -> None:
    await _chat(browsable, clock, "100% done_now", [])
    await _chat(browsable, clock, "1000 things", [])
    for text in ("%", "_", "\\", "' OR 1=1 --", "\x00"):
        assert isinstance(await browsable.browse_conversations(text=text), list)
    [row] = await browsable.browse_conversations(text="0% d")
    assert row.title == "100% done_now"
    assert [r.title for r in await browsable.browse_conversations(text="e_n")] == ["100% done_now"]


def test_a_like_pattern_escapes_wildcards_and_tidies_space() -> None:
    assert like_pattern(" 50%  off_ ") == "%50\\% off\\_%"
    assert like_pattern("   ") is None


async def test_an_unknown_sort_is_refused(browsable: Store) -> None:
    with pytest.raises(ValueError, match="sort must be one of cost, recent"):
        await browsable.browse_conversations("alphabetical")  # type: ignore[arg-type]


async def test_pinning_keeps_the_conversations_date(browsable: Store, clock: Clock) -> None:
    chat = await _chat(browsable, clock, "c", [])
    before = await browsable.get_conversation(chat)
    clock.advance(100)
    await browsable.set_pinned(chat, True)
    await browsable.set_pinned(chat, False)
    [row] = await browsable.browse_conversations()
    assert before is not None and row.updated_at == before.updated_at
    assert row.pinned is False


async def test_pinning_a_missing_conversation_is_not_found(browsable: Store) -> None:
    with pytest.raises(NotFoundError):
        await browsable.set_pinned(404, True)


async def test_the_same_rows_come_without_the_step_9_indexes(
    browsable: Store, clock: Clock
) -> None:
    # The indexes only make the queries cheaper: dropped, the answers are the same.
    for n in range(3):
        await _chat(browsable, clock, f"c{n}", [n / 10, None])
    before = [await browsable.browse_conversations(sort) for sort in ("recent", "cost")]
    spend_before = await browsable.spend_by_day(3)
    conn = sqlite3.connect(browsable.path)
    for index in ("messages_usage", "messages_spend_by_time"):
        conn.execute(f"DROP INDEX {index}")
    conn.commit()
    conn.close()

    assert [await browsable.browse_conversations(sort) for sort in ("recent", "cost")] == before
    assert await browsable.spend_by_day(3) == spend_before
