"""Conversations: created, titled from the first prompt, listed, renamed, deleted."""

from __future__ import annotations

import pytest

from tui.store import NotFoundError, Store, title_from_prompt

from . import Clock

# -- titles --------------------------------------------------------------------------------


def test_a_title_is_the_first_line_of_the_prompt() -> None:
    assert title_from_prompt("Explain monads\nin simple words") == "Explain monads"


def test_a_title_skips_blank_leading_lines_and_collapses_whitespace() -> None:
    assert title_from_prompt("\n   \n  Why   is\tthe sky  blue?  ") == "Why is the sky blue?"


def test_a_long_title_is_cut_at_a_word_with_an_ellipsis() -> None:
    prompt = "Please write a detailed comparison of the borrow checkers of Rust and of Swift"
    title = title_from_prompt(prompt)
    assert title is not None
    assert len(title) <= 60
    assert title.endswith("…")
    assert prompt.startswith(title[:-1])
    assert prompt[len(title) - 1] == " "


def test_a_long_word_is_cut_mid_word_rather_than_left_empty() -> None:
    title = title_from_prompt("x" * 200)
    assert title == "x" * 59 + "…"


def test_a_prompt_with_no_visible_text_gives_no_title() -> None:
    assert title_from_prompt(" \n\t\n") is None


# -- creating and reading ------------------------------------------------------------------


async def test_a_new_conversation_has_what_it_was_given(store: Store, clock: Clock) -> None:
    created = await store.create_conversation(
        "Trip plans", model="openai/gpt-4o", system="Be brief."
    )
    assert created.title == "Trip plans"
    assert created.kind == "chat"
    assert created.model == "openai/gpt-4o"
    assert created.system == "Be brief."
    assert created.created_at == created.updated_at == clock.now
    assert await store.get_conversation(created.id) == created


async def test_a_comparison_is_a_conversation_of_kind_compare(store: Store) -> None:
    created = await store.create_conversation(kind="compare", model="a/x,b/y")
    assert (await store.get_conversation(created.id)).kind == "compare"  # type: ignore[union-attr]


async def test_an_unknown_kind_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="kind"):
        await store.create_conversation(kind="group")


async def test_a_missing_conversation_reads_as_none(store: Store) -> None:
    assert await store.get_conversation(404) is None


async def test_the_first_user_prompt_titles_an_untitled_conversation(store: Store) -> None:
    conversation = await store.create_conversation()
    assert conversation.title is None
    await store.add_message(conversation.id, "system", "You are a pirate.")
    await store.add_message(conversation.id, "user", "Where is the treasure?\nTell me now")
    await store.add_message(conversation.id, "user", "Second question")
    assert (await store.get_conversation(conversation.id)).title == "Where is the treasure?"  # type: ignore[union-attr]


async def test_a_given_title_is_not_replaced_by_the_first_prompt(store: Store) -> None:
    conversation = await store.create_conversation("Mine")
    await store.add_message(conversation.id, "user", "Something else")
    assert (await store.get_conversation(conversation.id)).title == "Mine"  # type: ignore[union-attr]


async def test_a_blank_first_prompt_leaves_the_title_for_the_next(store: Store) -> None:
    conversation = await store.create_conversation()
    await store.add_message(conversation.id, "user", "   ")
    await store.add_message(conversation.id, "user", "Real question")
    assert (await store.get_conversation(conversation.id)).title == "Real question"  # type: ignore[union-attr]


async def test_the_latest_conversation_is_the_last_one_with_activity(
    store: Store, clock: Clock
) -> None:
    first = await store.create_conversation("first")
    clock.advance(1)
    await store.create_conversation("second")
    clock.advance(1)
    await store.add_message(first.id, "user", "back to the first")
    latest = await store.latest_conversation()
    assert latest is not None and latest.id == first.id


async def test_there_is_no_latest_conversation_in_an_empty_store(store: Store) -> None:
    assert await store.latest_conversation() is None


# -- listing -------------------------------------------------------------------------------


async def test_the_list_is_newest_first_with_counts(store: Store, clock: Clock) -> None:
    older = await store.create_conversation("older", model="m/one")
    clock.advance(10)
    newer = await store.create_conversation("newer", kind="compare")
    for text in ("a", "b", "c"):
        clock.advance(1)
        await store.add_message(newer.id, "user", text)
    summaries = await store.list_conversations()
    assert [(s.id, s.message_count) for s in summaries] == [(newer.id, 3), (older.id, 0)]
    assert summaries[0].kind == "compare"
    assert summaries[1].model == "m/one"
    assert summaries[0].last_activity == clock.now


async def test_last_activity_includes_a_stream_still_being_written(
    store: Store, clock: Clock
) -> None:
    conversation = await store.create_conversation("c")
    message = await store.start_assistant_message(conversation.id, "m", {})
    clock.advance(5)
    await store.save_progress(message.id, "partial")
    [summary] = await store.list_conversations()
    assert summary.last_activity == clock.now
    assert summary.updated_at == clock.now - 5


async def test_the_list_pages_with_limit_and_offset(store: Store, clock: Clock) -> None:
    ids = []
    for index in range(5):
        clock.advance(1)
        ids.append((await store.create_conversation(f"c{index}")).id)
    page = await store.list_conversations(limit=2, offset=1)
    assert [s.id for s in page] == [ids[3], ids[2]]


# -- renaming and deleting -----------------------------------------------------------------


async def test_renaming_sets_a_tidy_title(store: Store) -> None:
    conversation = await store.create_conversation("old")
    renamed = await store.rename_conversation(conversation.id, "  New\n name ")
    assert renamed.title == "New name"
    assert (await store.get_conversation(conversation.id)) == renamed


async def test_renaming_to_blank_is_refused(store: Store) -> None:
    conversation = await store.create_conversation("old")
    with pytest.raises(ValueError, match="blank"):
        await store.rename_conversation(conversation.id, " \n ")


async def test_renaming_a_missing_conversation_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        await store.rename_conversation(404, "x")


async def test_deleting_a_conversation_deletes_its_messages(store: Store) -> None:
    conversation = await store.create_conversation("doomed")
    message = await store.add_message(conversation.id, "user", "hello")
    assert await store.delete_conversation(conversation.id) is True
    assert await store.get_conversation(conversation.id) is None
    assert await store.get_message(message.id) is None
    assert await store.messages(conversation.id) == []


async def test_deleting_a_missing_conversation_reports_false(store: Store) -> None:
    assert await store.delete_conversation(404) is False
