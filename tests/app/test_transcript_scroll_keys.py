"""The conversation scrolls from the prompt: page up and down, ctrl+home and ctrl+end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from textual.pilot import Pilot
from textual.widgets import OptionList

from tests.app.pilot_helpers import wait_until
from tui.screens.chat import ChatScreen
from tui.store import Store


async def long_chat(store: Store) -> int:
    """A chat far taller than the screen."""
    conversation = await store.create_conversation("Long", model="sim/echo")
    for n in range(30):
        await store.add_message(conversation.id, "user", f"question {n}")
        await store.add_message(
            conversation.id, "assistant", f"answer {n}\n\nwith a second paragraph"
        )
    return conversation.id


@asynccontextmanager
async def at_the_end(build_app, store: Store) -> AsyncIterator[tuple[Pilot, ChatScreen]]:
    app = build_app(conversation_id=await long_chat(store), model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, ChatScreen)
        transcript = screen.transcript
        await wait_until(pilot, lambda: transcript.settled and transcript.max_scroll_y > 0)
        await wait_until(pilot, lambda: transcript.scroll_y == transcript.max_scroll_y)
        yield pilot, screen


async def test_page_up_and_down_scroll_from_the_prompt_which_keeps_the_focus(
    build_app, store: Store
):
    async with at_the_end(build_app, store) as (pilot, screen):
        transcript = screen.transcript
        end = transcript.scroll_y
        screen.prompt.load("a draft")
        await pilot.press("pageup")
        assert transcript.scroll_y < end
        assert not transcript.follow  # new text no longer pulls the view down
        assert screen.focused is screen.prompt and transcript.cursor_key is None
        assert screen.prompt.text == "a draft"
        up = transcript.scroll_y
        await pilot.press("pageup")
        assert transcript.scroll_y < up
        await pilot.press("pagedown", "pagedown")
        assert transcript.scroll_y == end
        assert transcript.follow


async def test_ctrl_home_goes_to_the_first_message_and_ctrl_end_follows_the_end(
    build_app, store: Store
):
    async with at_the_end(build_app, store) as (pilot, screen):
        transcript = screen.transcript
        await pilot.press("ctrl+home")
        assert transcript.scroll_y == 0
        assert screen.focused is screen.prompt and transcript.cursor_key is None
        await pilot.press("ctrl+end")
        assert transcript.scroll_y == transcript.max_scroll_y
        assert transcript.follow


async def test_a_multi_line_prompt_still_pages_the_conversation(build_app, store: Store):
    async with at_the_end(build_app, store) as (pilot, screen):
        transcript = screen.transcript
        screen.prompt.load("line one\nline two\nline three")
        end = transcript.scroll_y
        await pilot.press("pageup")
        assert transcript.scroll_y < end
        assert screen.prompt.text == "line one\nline two\nline three"


async def test_the_keys_page_the_chats_list_when_it_has_the_focus(build_app, store: Store):
    for n in range(40):
        await store.create_conversation(f"chat {n}", model="sim/echo")
    async with at_the_end(build_app, store) as (pilot, screen):
        transcript = screen.transcript
        end = transcript.scroll_y
        await pilot.press("f2")
        rows = screen.query_one("#conversations").query_one(OptionList)
        await wait_until(pilot, lambda: rows.option_count > 20 and screen.focused is rows)
        start = rows.highlighted or 0
        await pilot.press("pagedown")
        assert (rows.highlighted or 0) > start
        assert transcript.scroll_y == end


async def test_the_keys_scroll_while_the_conversation_has_the_focus(build_app, store: Store):
    async with at_the_end(build_app, store) as (pilot, screen):
        transcript = screen.transcript
        await pilot.press("tab")
        assert screen.focused is transcript
        await pilot.press("ctrl+home")
        assert transcript.scroll_y == 0
        await pilot.press("ctrl+end")
        assert transcript.scroll_y == transcript.max_scroll_y
