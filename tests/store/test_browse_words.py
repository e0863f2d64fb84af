"""The chats browser's filter in the store: every typed word starts a word of the title or
the model (breaks such as / - . : split words), ``#12`` finds ids; wildcards are literal."""

from __future__ import annotations

import pytest

from tui.store import Store


@pytest.fixture
async def history(store: Store) -> dict[str, int]:
    ids = {}
    for title, model in (
        ("Rust lifetimes", "openai/gpt-4o"),
        ("Rust macros", "anthropic/claude-3.5-sonnet"),
        ("Why is the sky blue", "meta-llama/llama-3.1-8b-instruct:free"),
        ("50% off_sale (draft)", None),
        (None, "openai/gpt-4o"),
    ):
        chat = await store.create_conversation(title, model=model)
        ids[title or "untitled"] = chat.id
    return ids


async def found(store: Store, text: str) -> list[str]:
    rows = await store.browse_conversations(text=text, limit=50, words=True)
    return sorted(row.title or "untitled" for row in rows)


@pytest.mark.parametrize(
    ("typed", "titles"),
    [
        (
            "",
            [
                "50% off_sale (draft)",
                "Rust lifetimes",
                "Rust macros",
                "Why is the sky blue",
                "untitled",
            ],
        ),
        ("rust m", ["Rust macros"]),  # "m" starts "macros", and is only inside "lifetimes"
        ("RUST", ["Rust lifetimes", "Rust macros"]),
        ("m", ["Rust macros", "Why is the sky blue"]),  # the llama's "meta-llama"
        ("claude", ["Rust macros"]),  # after the provider's slash
        ("claude-3.5", ["Rust macros"]),  # typed breaks split words as stored ones do
        ("instruct:free", ["Why is the sky blue"]),
        ("gpt rust", ["Rust lifetimes"]),
        ("draft", ["50% off_sale (draft)"]),
        ("50%", ["50% off_sale (draft)"]),
        ("%", []),  # a wildcard typed is a character, not "anything"
        ("ff", []),
        ("sky  blue", ["Why is the sky blue"]),
        ("blue sky", ["Why is the sky blue"]),  # words in any order
        ("lue", []),
    ],
)
async def test_typed_words_start_words_of_the_title_or_model(
    store: Store, history: dict[str, int], typed: str, titles: list[str]
) -> None:
    assert await found(store, typed) == titles


async def test_hash_and_digits_find_a_conversation_by_its_id(
    store: Store, history: dict[str, int]
) -> None:
    sky = history["Why is the sky blue"]
    assert "Why is the sky blue" in await found(store, f"#{sky}")
    assert await found(store, f"#{sky} rust") == []


async def test_without_words_the_text_still_matches_anywhere(
    store: Store, history: dict[str, int]
) -> None:
    rows = await store.browse_conversations(text="lue")
    assert [row.title for row in rows] == ["Why is the sky blue"]
