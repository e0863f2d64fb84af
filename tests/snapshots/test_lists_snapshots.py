"""How the chats browser and the narrow footer look: each snapshot reviewed by eye."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from tests.app.pilot_helpers import wait_until
from tui.store import Store
from tui.widgets.conversations import ChatsPanel

MARCH_3_2024_1405_UTC = 1_709_474_700.0


@pytest.fixture
def snap_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The history with three chats made on 3 March 2024, read in UTC: two priced, one
    free; the sky chat pinned."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    moments = iter(MARCH_3_2024_1405_UTC + 60 * n for n in range(1000))

    async def fill() -> Store:
        store = await Store.open(tmp_path / "history.db", clock=lambda: next(moments))
        for title, model, cost in (
            ("Rust lifetimes", "openai/gpt-4o", 0.0123),
            ("Why is the sky blue", "anthropic/claude-3.5-sonnet", 0.0042),
            ("Rust lifetimes", "meta-llama/llama-3.1-8b-instruct:free", None),
        ):
            chat = await store.create_conversation(title, model=model)
            await store.add_message(chat.id, "user", f"{title}?")
            await store.add_message(
                chat.id,
                "assistant",
                "An answer.",
                model_requested=model,
                cost=cost,
                prompt_tokens=1200,
                completion_tokens=345,
            )
        await store.set_pinned(2, True)
        return store

    store = asyncio.run(fill())
    yield store
    asyncio.run(store.close())
    monkeypatch.undo()
    time.tzset()


def test_chats_list_filtered_at_80x24(snap_compare, snap_app):
    """You should see, at 80x24, the chats browser over the left of the chat: "Chats 2 · rust"
    on top, then two "Rust lifetimes" rows told apart by their second line ("3 Mar
    2024 · 2 msgs · #3 · llama-3.1-8b-instr…", unpriced, and "3 Mar 2024 · $0.0123 · 2 msgs ·
    #1 · gpt-4o"); under a rule the highlighted chat's spend ("This chat no cost reported ·
    1,200 in · 345 out tokens · 1 answer unpriced") and "Spent today $0.0165 · 7 days
    $0.0165 · 30 days $0.0165"; the keys "enter open · ^t rename · del delete · ^z undo ·
    ^e export · ^d duplicate · ^k pin · ^s by cost · esc close" at its foot, and the footer
    ending with f1 Help, ^q Quit and ^p palette."""

    async def before(pilot):
        await pilot.press("f2")
        panel = pilot.app.screen.query_one(ChatsPanel)
        await wait_until(pilot, lambda: panel.rows.option_count > 0)  # the history is read
        await pilot.press(*"rust")
        await wait_until(pilot, lambda: panel.query_text == "rust")
        await wait_until(pilot, lambda: "unpriced" in str(panel.query_one("#chats-spend").render()))
        await pilot.pause()

    assert snap_compare(snap_app(), terminal_size=(80, 24), run_before=before)


def test_chats_browser_by_cost_at_120x40(snap_compare, snap_app):
    """You should see, at 120x40, the chats browser on the left of the chat: "Chats 3 ·
    costliest first · type to filter" on top; the pinned "⚑ Why is the sky blue" first
    ("$0.0042 · 2 msgs · #2 · claude-3.5-sonnet"), then "Rust lifetimes" at $0.0123
    (gpt-4o), then the free "Rust lifetimes" (llama, no cost); under a rule "This chat
    $0.0042 · 1,200 in · 345 out tokens", "claude-3.5-sonnet $0.0042 · 1 answer" and "Spent
    today $0.0165 · 7 days $0.0165 · 30 days $0.0165"; the keys, "^s by date" among them."""

    async def before(pilot):
        await pilot.press("f2")
        panel = pilot.app.screen.query_one(ChatsPanel)
        await wait_until(pilot, lambda: panel.rows.option_count > 0)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: panel.sort == "cost" and panel.rows.option_count == 3)
        await wait_until(pilot, lambda: "claude" in str(panel.query_one("#chats-spend").render()))
        await pilot.pause()

    assert snap_compare(snap_app(), terminal_size=(120, 40), run_before=before)


def test_footer_keeps_help_and_quit_at_80x24(snap_compare, snap_app):
    """You should see, at 80x24, an empty chat whose footer holds only the keys that fit,
    ending with "f1 Help" and "^q Quit" before "^p palette" on the right: nothing cut off."""
    assert snap_compare(snap_app(), terminal_size=(80, 24))
