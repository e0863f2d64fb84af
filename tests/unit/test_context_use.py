"""Counting a conversation against a model's context: the server's counts, else an estimate."""

from __future__ import annotations

from tui.context_use import (
    CHARS_PER_TOKEN,
    PER_MESSAGE,
    context_use,
    estimate,
    fitting_start,
    short_count,
)
from tui.store.records import Message


def message(id: int, role: str, content: str, **usage) -> Message:
    return Message(
        id=id,
        conversation_id=1,
        seq=id,
        lane=None,
        role=role,
        content=content,
        model_requested=None,
        status="complete",
        params={},
        created_at=0.0,
        updated_at=0.0,
        finished_at=None,
        owner_pid=None,
        owner_host=None,
        heartbeat_at=None,
        **usage,
    )


def words(n_tokens: int) -> str:
    return "x" * (n_tokens * CHARS_PER_TOKEN)


def test_with_no_usage_stored_every_message_is_estimated():
    path = [message(1, "user", words(100)), message(2, "assistant", words(50))]
    use = context_use(path, 1000)
    assert use.tokens == 150 + 2 * PER_MESSAGE
    assert not use.exact
    assert use.words() == "ctx ≈16% of 1,000"


def test_the_last_answers_usage_counts_and_only_what_followed_is_estimated():
    path = [
        message(1, "user", words(900)),
        # The server counted the prompt as 1,200 and wrote 300, 100 of them reasoning.
        message(
            2,
            "assistant",
            words(200),
            prompt_tokens=1200,
            completion_tokens=300,
            reasoning_tokens=100,
        ),
        message(3, "user", words(40)),
    ]
    use = context_use(path, 128_000, pending=words(10))
    assert use.tokens == 1200 + 200 + (40 + PER_MESSAGE) + (10 + PER_MESSAGE)
    assert use.exact
    assert use.words() == "ctx 1% of 128k"


def test_near_and_over_the_limit():
    path = [message(1, "user", words(850))]
    near = context_use(path, 1000)
    assert near.near and not near.over
    over = context_use(path, 1000, pending=words(200))
    assert over.over
    assert not context_use(path, None).near
    assert context_use(path, None).words() == ""


def test_the_system_prompt_counts_until_the_server_has_counted_it():
    path = [message(1, "user", words(10))]
    assert context_use(path, 100, system=words(20)).tokens == 10 + 20 + 2 * PER_MESSAGE


def test_fitting_drops_whole_turns_from_the_start():
    path = [
        message(1, "user", words(300)),
        message(2, "assistant", words(300)),
        message(3, "user", words(100)),
        message(4, "assistant", words(100)),
        message(5, "user", words(50)),
        message(6, "assistant", words(50)),
    ]
    # 80% of 1,000 leaves 800 for the history and the prompt of 100.
    assert fitting_start(path, 1000, pending=words(100)) == 2
    assert fitting_start(path, 500, pending=words(100)) == 4
    # Only the prompt fits: every earlier turn is left out.
    assert fitting_start(path, 200, pending=words(100)) == 6
    assert fitting_start(path, 100, pending=words(100)) is None


def test_counts_are_said_as_people_say_them():
    assert [short_count(n) for n in (4000, 8192, 128_000, 200_000, 1_000_000, 2_000_000)] == [
        "4,000",
        "8,192",
        "128k",
        "200k",
        "1M",
        "2M",
    ]
    assert estimate("") == 0 and estimate("abcde") == 2
