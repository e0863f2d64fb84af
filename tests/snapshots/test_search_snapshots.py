"""How the search looks with results, and a chat opened at a hit: each reviewed by eye."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from tests.app.pilot_helpers import wait_until
from tui.screens.chat import ChatScreen
from tui.screens.search import SearchScreen
from tui.store import Store

MARCH_3_2024_1405_UTC = 1_709_474_700.0
CHATS = (
    (
        "Server-sent events",
        "openai/gpt-4o",
        ("How do keepalive comments work?", "A keepalive comment is a line starting with a colon."),
    ),
    ("Rust lifetimes", "anthropic/claude-3.5-sonnet", ("What is a lifetime?", "A scope.")),
    (
        "Proxy timeouts",
        "meta-llama/llama-3.1-8b-instruct",
        (
            "My proxy drops idle streams after a minute",
            "Send a keepalive every 15 s, or raise the proxy's idle timeout.",
            "And the client?",
            "The client needs no keepalive of its own.",
        ),
    ),
)


@pytest.fixture
def snap_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Three chats made on 3 March 2024, read in UTC; "keepalive" said in two of them."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    moments = iter(MARCH_3_2024_1405_UTC + 60 * n for n in range(1000))

    async def fill() -> Store:
        store = await Store.open(tmp_path / "history.db", clock=lambda: next(moments))
        for title, model, turns in CHATS:
            chat = await store.create_conversation(title, model=model)
            for index, text in enumerate(turns):
                answer = index % 2 == 1
                extra = {"model_requested": model} if answer else {}
                await store.add_message(chat.id, "assistant" if answer else "user", text, **extra)
        return store

    store = asyncio.run(fill())
    yield store
    asyncio.run(store.close())
    monkeypatch.undo()
    time.tzset()


async def _searched(pilot, query: str) -> SearchScreen:
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SearchScreen))
    screen = pilot.app.screen
    await pilot.press(*query)
    await wait_until(pilot, lambda: screen.shown_query == query)
    await pilot.pause()
    return screen


def test_search_results_at_100x30(snap_compare, snap_app):
    """You should see the "Search" panel over the chat: "keepalive" typed on its first line,
    "4 messages match." under it, then four results of two lines each — "Proxy timeouts"
    and "Server-sent events" in bold, each followed by "3 Mar 2024", the model
    (llama-3.1-8b-instruct, gpt-4o) and "you" or "answer", and under each its snippet with
    "keepalive" in bold warning colour; the first result highlighted; "enter open · ↑ ↓
    choose · esc close" in the bottom border."""

    async def before(pilot):
        await _searched(pilot, "keepalive")

    assert snap_compare(snap_app(model="sim/echo"), terminal_size=(100, 30), run_before=before)


def test_a_chat_opened_at_a_search_hit(snap_compare, snap_app):
    """You should see the chat "Proxy timeouts": the answer "Send a keepalive every 15 s, …"
    selected (its bar thick, its background tinted) with "keepalive" on a strong warning
    background, and "keepalive" in the last answer ("The client needs no keepalive of its
    own.") on a fainter one; a note "Match 1 of 2 · n next · N previous · esc done" at the
    bottom right."""

    async def before(pilot):
        screen = await _searched(pilot, "keepalive")
        target = next(
            i for i, hit in enumerate(screen.hits) if hit.snippet.startswith("Send a keepalive")
        )
        await pilot.press(*["down"] * target, "enter")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ChatScreen))
        chat = pilot.app.screen
        await wait_until(pilot, lambda: chat.transcript.marking and chat.transcript.settled)
        await pilot.pause()

    assert snap_compare(snap_app(model="sim/echo"), terminal_size=(100, 30), run_before=before)
