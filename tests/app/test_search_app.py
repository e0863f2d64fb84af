"""Search in the app (ctrl+f): results as you type, opening at the hit, n/N through the hits."""

from __future__ import annotations

import asyncio

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tests.app.pilot_helpers import wait_until
from tui.screens.chat import ChatScreen
from tui.screens.help import HelpScreen
from tui.screens.search import SearchScreen
from tui.store import Store
from tui.store.errors import StoreError
from tui.widgets.prompt import PromptEditor
from tui.widgets.search_results import SearchResults
from tui.widgets.transcript import Transcript


async def chat(store: Store, title: str, *turns: str, model: str = "sim/echo") -> list[int]:
    """A chat of alternating prompts and answers; the ids of its messages."""
    conversation = await store.create_conversation(title, model=model)
    ids = []
    for index, text in enumerate(turns):
        role = "user" if index % 2 == 0 else "assistant"
        extra = {"model_requested": model} if role == "assistant" else {}
        ids.append((await store.add_message(conversation.id, role, text, **extra)).id)
    return ids


@pytest.fixture
async def history(store: Store) -> dict[str, list[int]]:
    """Three chats; "keepalive" is said in two of them, twice in the second."""
    return {
        "sse": await chat(
            store,
            "Server-sent events",
            "How do keepalive comments work?",
            "A keepalive comment is a line starting with a colon.",
        ),
        "rust": await chat(store, "Rust lifetimes", "What is a lifetime?", "A scope for a borrow."),
        "proxy": await chat(
            store,
            "Proxy timeouts",
            "My proxy drops idle streams",
            "Send a keepalive every 15 s.",
            "Anything else?",
            "Raise the proxy's idle timeout too.",
            "And the client?",
            "The client needs no keepalive of its own.",
        ),
    }


async def open_search(pilot: Pilot) -> SearchScreen:
    await pilot.press("ctrl+f")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, SearchScreen))
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    return screen


async def search_for(pilot: Pilot, query: str) -> SearchScreen:
    """Type ``query`` into the search (replacing what is there) and wait for its results."""
    screen = pilot.app.screen
    if not isinstance(screen, SearchScreen):
        screen = await open_search(pilot)
    field = screen.query_one("#search-query", Input)
    field.value = ""
    if query.isascii() and query.isalnum():
        await pilot.press(*query)  # typed key by key, as a person does
    else:
        field.value = query
    await wait_until(pilot, lambda: screen.shown_query == query)
    await screen.workers.wait_for_complete()
    return screen


def note(screen: SearchScreen) -> str:
    return str(screen.query_one("#search-note").render())


def rows(screen: SearchScreen) -> list[str]:
    results = screen.query_one(SearchResults)
    return [str(results.get_option_at_index(i).prompt) for i in range(results.option_count)]


async def test_results_come_as_you_type(build_app, history):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_for(pilot, "keepal")  # a prefix: the word is still being typed
        titles = {hit.conversation_title for hit in screen.hits}
        assert titles == {"Server-sent events", "Proxy timeouts"}
        assert len(screen.hits) == 4
        assert "4 messages match" in note(screen)
        shown = "\n".join(rows(screen))
        assert "Proxy timeouts" in shown and "echo" in shown  # the chat's model, shortened
        for hit in screen.hits:  # each snippet marks the word it matched
            assert [hit.snippet[s:e].lower() for s, e in hit.highlights] == ["keepalive"]


async def test_an_older_query_never_overwrites_a_newer_one(build_app, history, store: Store):
    real = store.search

    async def slow_for_rust(query: str, limit: int = 20):
        if query == "rust":
            await asyncio.sleep(0.5)  # the older query is still running when the newer ends
        return await real(query, limit)

    store.search = slow_for_rust  # type: ignore[method-assign]
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_search(pilot)
        field = screen.query_one("#search-query", Input)
        field.value = "rust"
        await pilot.pause(0.1)  # its query has started
        field.value = "proxy"
        await wait_until(pilot, lambda: screen.shown_query == "proxy")
        await pilot.pause(0.6)
        await screen.workers.wait_for_complete()
        assert screen.shown_query == "proxy"
        assert {hit.conversation_title for hit in screen.hits} == {"Proxy timeouts"}


@pytest.mark.parametrize(
    "query",
    [
        '"unclosed',
        "a OR b NOT c",
        "NEAR(x y)",
        "'; DROP TABLE messages; --",
        "title:rust",
        "🦀 ^*",
        "(((",
        "-",
        "*",
    ],
)
async def test_any_text_is_a_query_never_an_error(build_app, history, query: str):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_for(pilot, query)
        said = note(screen)
        assert "failed" not in said
        assert said.startswith(("No messages match", "1 message", "Type to search")) or (
            "messages match" in said
        )
        assert isinstance(pilot.app.screen, SearchScreen)


async def test_no_results_say_so(build_app, history):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_for(pilot, "zebra")
        assert screen.hits == []
        assert note(screen) == "No messages match “zebra”."
        await pilot.press("enter")  # nothing to open: the search stays
        assert pilot.app.screen is screen


async def test_enter_opens_the_chat_at_the_hit_with_its_words_marked(build_app, history):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_for(pilot, "idle timeout")
        assert [hit.message_id for hit in screen.hits] == [history["proxy"][3]]
        await pilot.press("enter")
        chat = pilot.app.screen
        assert isinstance(chat, ChatScreen)
        await wait_until(pilot, lambda: chat.transcript.cursor_key == history["proxy"][3])
        transcript = chat.query_one(Transcript)
        assert chat.conversation is not None and chat.conversation.title == "Proxy timeouts"
        assert chat.focused is transcript and transcript.marking
        await wait_until(pilot, lambda: transcript.settled)
        marked = marked_words(transcript)
        assert {w.lower() for w in marked} == {"idle", "timeout"}


def marked_words(transcript: Transcript) -> list[str]:
    """The words painted in a search mark in the visible lines."""
    strong = transcript.get_component_rich_style("transcript--match-current")
    words = []
    for y in range(transcript.size.height):
        for segment in transcript.render_line(y):
            if segment.style is not None and segment.style.bgcolor == strong.bgcolor:
                words.append(segment.text)
    return [w for w in words if w.strip()]


async def test_n_and_shift_n_step_through_the_hits_in_the_chat(build_app, history):
    proxy = history["proxy"]
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_for(pilot, "keepalive")
        index = next(i for i, h in enumerate(screen.hits) if h.message_id == proxy[1])
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        chat = pilot.app.screen
        assert isinstance(chat, ChatScreen)
        transcript = chat.transcript
        await wait_until(pilot, lambda: transcript.cursor_key == proxy[1])
        await pilot.press("n")
        assert transcript.cursor_key == proxy[5]  # the next message saying it
        await pilot.press("n")
        assert transcript.cursor_key == proxy[1]  # round to the first
        await pilot.press("N")
        assert transcript.cursor_key == proxy[5]
        assert transcript._current_mark == proxy[5]  # the strong mark moved with it
        await pilot.press("escape")  # done: the marks go, the prompt has the focus
        assert not transcript.marking
        assert chat.focused is chat.prompt


async def test_a_hit_in_another_version_is_chosen_and_shown(build_app, store: Store):
    conversation = await store.create_conversation("Versions", model="sim/echo")
    prompt = await store.add_message(conversation.id, "user", "name a colour")
    old = await store.add_message(conversation.id, "assistant", "vermilion", parent_id=prompt.id)
    new = await store.add_message(conversation.id, "assistant", "teal", parent_id=prompt.id)
    assert [m.id for m in await store.active_path(conversation.id)] == [prompt.id, new.id]
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_for(pilot, "vermilion")
        assert [hit.on_chosen_path for hit in screen.hits] == [False]
        assert "in another version" in rows(screen)[0]
        await pilot.press("enter")
        chat = pilot.app.screen
        assert isinstance(chat, ChatScreen)
        await wait_until(pilot, lambda: chat.transcript.cursor_key == old.id)
        assert chat.transcript.message_keys() == [prompt.id, old.id]
        assert [m.id for m in await store.active_path(conversation.id)] == [prompt.id, old.id]
        assert any("another version" in n.message for n in pilot.app._notifications)


async def test_escape_closes_the_search_leaving_the_chat_as_it_was(
    build_app, history, store: Store
):
    rust = await store.get_message(history["rust"][0])
    assert rust is not None
    app = build_app(conversation_id=rust.conversation_id, model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        chat = pilot.app.screen
        assert isinstance(chat, ChatScreen)
        chat.prompt.load("a draft")
        before = chat.transcript.message_keys()
        await search_for(pilot, "keepalive")
        await pilot.press("escape")
        assert pilot.app.screen is chat
        assert chat.transcript.message_keys() == before
        assert chat.prompt.text == "a draft"
        assert chat.focused is chat.query_one(PromptEditor)
        assert not chat.transcript.marking


async def test_reopening_the_search_keeps_the_query_of_the_marked_hits(build_app, history):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await search_for(pilot, "lifetime")
        await pilot.press("enter")
        chat = pilot.app.screen
        assert isinstance(chat, ChatScreen)
        await wait_until(pilot, lambda: chat.transcript.marking)
        screen = await open_search(pilot)
        assert screen.query_one("#search-query", Input).value == "lifetime"
        await wait_until(pilot, lambda: screen.shown_query == "lifetime")
        assert screen.hits


async def test_a_store_failure_is_told_as_the_app_tells_it(build_app, history, store: Store):
    async def broken(query: str, limit: int = 20):
        raise StoreError("The history database is locked.", hint="Close the other Parley.")

    store.search = broken  # type: ignore[method-assign]
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_search(pilot)
        screen.query_one("#search-query", Input).value = "keepalive"
        await wait_until(pilot, lambda: "failed" in note(screen))
        told = [n.message for n in pilot.app._notifications]
        assert "The history database is locked. Close the other Parley." in told
        assert pilot.app.screen is screen  # still searching: another query may work


async def test_help_lists_the_search_keys(build_app):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))
        help_screen = pilot.app.screen
        assert isinstance(help_screen, HelpScreen)
        ids = {entry.binding_id: entry.key for _, e in help_screen.groups for entry in e}
        assert ids["chat.search"] == "^f"
        assert ids["chat.search_next"] == "n" and ids["chat.search_previous"] == "N"
        assert {"chat.scroll_up", "chat.scroll_down", "chat.scroll_top", "chat.scroll_end"} <= set(
            ids
        )


async def test_a_hostile_title_and_message_are_shown_not_obeyed(build_app, store: Store):
    await chat(store, "evil \x1b]52;c;cm0gLXJmIH4=\x07 title", "keepalive \x1b[2J\x9b31m here")
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await search_for(pilot, "keepalive")
        [row] = rows(screen)
        assert "\x1b" not in row and "\x07" not in row and "\x9b" not in row
        assert "␛]52;c;cm0gLXJmIH4=" in row and "␛[2J" in row
