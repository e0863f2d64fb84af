"""The chats list (f2) and resuming: rows tell chats apart, typing filters, rename, delete,
undo; a comparison reopens as one; a chat refused before any answer is not left behind."""

from __future__ import annotations

from tests.app.pilot_helpers import ask, settle, wait_until
from tui.screens.chat import ChatScreen
from tui.screens.compare import CompareScreen
from tui.screens.dialogs import InputDialog
from tui.widgets.conversations import ChatsPanel

DEMO = "openai/gpt-4o"


async def stored_comparison(store) -> int:
    comparison = await store.create_conversation(kind="compare", model="sim/echo")
    await store.add_message(comparison.id, "user", "Earlier question")
    await store.add_message(
        comparison.id, "assistant", "echo said", lane=0, model_requested="sim/echo"
    )
    await store.add_message(comparison.id, "assistant", "demo said", lane=1, model_requested=DEMO)
    await store.add_message(comparison.id, "assistant", "third said", lane=2, model_requested=DEMO)
    return comparison.id


async def stored_chat(store, title: str, model: str = DEMO) -> int:
    chat = await store.create_conversation(title, model=model)
    await store.add_message(chat.id, "user", f"{title}?")
    await store.add_message(chat.id, "assistant", "An answer", model_requested=model)
    return chat.id


def rows(app) -> list[str]:
    """The chats list's rows as plain text, title and detail on one line."""
    panel = app.screen.query_one(ChatsPanel).rows
    return [
        panel.get_option_at_index(i).prompt.plain.replace("\n", " | ")
        for i in range(panel.option_count)
    ]


async def open_list(pilot) -> ChatsPanel:
    await pilot.press("f2")
    panel = pilot.app.screen.query_one(ChatsPanel)
    await wait_until(pilot, lambda: panel.rows.option_count > 0)
    return panel


# -- the panel joins when first opened --------------------------------------------------------


async def test_the_panel_is_mounted_open_on_the_left_when_first_asked_for(build_app, store):
    await stored_chat(store, "Kept")
    app = build_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until(pilot, app.painted.is_set)
        screen = app.screen
        assert not screen.query(ChatsPanel)  # the first frame goes without it
        await pilot.press("escape")  # nothing to close: escape does what it did
        panel = await open_list(pilot)
        body = screen.query_one("#chat-body")
        assert body.children[0] is panel and panel.has_class("-open")
        assert panel.region.x == 0 and panel.region.width > 0
        assert screen.focused is panel.rows
        assert "Kept" in rows(app)[0]
        await pilot.press("f2")  # closes, back to the prompt
        await wait_until(pilot, lambda: not panel.has_class("-open"))
        assert screen.focused is screen.prompt and panel.region.width == 0
        await pilot.press("f2")  # the same panel opens again
        await wait_until(pilot, lambda: panel.has_class("-open"))
        assert list(screen.query(ChatsPanel)) == [panel]


async def test_a_keymap_reaches_the_panel_mounted_after_it(build_app, store):
    await stored_chat(store, "Kept")
    app = build_app(keys={"chats.rename": "ctrl+o"})
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, app.painted.is_set)
        await open_list(pilot)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))


# -- a comparison stays a comparison ---------------------------------------------------------


async def test_a_comparison_resumed_with_c_reopens_as_the_comparison_it_was(build_app, store):
    cid = await stored_comparison(store)
    app = build_app(conversation_id=cid)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
        compare = app.screen
        await wait_until(pilot, lambda: len(compare.lanes) == 3)
        assert [(lane.lane, lane.model) for lane in compare.lanes] == [
            (0, "sim/echo"),
            (1, DEMO),
            (2, DEMO),
        ]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen))
        assert app.screen.messages == [] and app.screen.conversation is None


async def test_a_comparison_picked_in_the_chats_list_reopens_as_one(build_app, store):
    cid = await stored_comparison(store)
    app = build_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await open_list(pilot)
        assert "comparison" in rows(app)[0]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
        assert app.screen.conversation.id == cid and len(app.screen.lanes) == 3


# -- what a row says -------------------------------------------------------------------------


async def test_rows_tell_when_which_model_how_many_messages_and_the_id(build_app, store):
    first = await stored_chat(store, "Rust lifetimes")
    second = await stored_chat(store, "Rust lifetimes", model="anthropic/claude-3.5-sonnet")
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_list(pilot)
        newest, older = rows(app)
        assert "Rust lifetimes" in newest and "Rust lifetimes" in older
        assert f"2 msgs · #{second} · claude-3.5-sonnet" in newest
        assert f"2 msgs · #{first} · gpt-4o" in older
        assert newest.split(" | ")[1].split(" · ")[0].count(":") == 1  # the time, e.g. 14:05


async def test_the_open_chat_shows_the_model_it_asks_now(build_app, store):
    cid = await stored_chat(store, "Switching models")
    app = build_app(conversation_id=cid)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.screen.conversation is not None)
        app.screen.model = "sim/echo"  # as retrying on another model leaves it
        await open_list(pilot)
        assert rows(app)[0].startswith("● Switching models") and rows(app)[0].endswith("· echo")


async def test_typing_filters_the_list_and_backspace_widens_it(build_app, store):
    await stored_chat(store, "Rust lifetimes")
    await stored_chat(store, "Why is the sky blue")
    await stored_chat(store, "Rust macros")
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        panel = await open_list(pilot)
        await pilot.press("r", "u", "s", "t", "space", "m")
        assert panel.query_text == "rust m"
        assert [row.split(" | ")[0].strip() for row in rows(app)] == ["Rust macros"]
        await pilot.press("backspace", "backspace")
        assert len(rows(app)) == 2
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.conversation is not None)
        assert app.screen.conversation.title == "Rust macros"


# -- rename, delete, undo --------------------------------------------------------------------


async def test_rename_a_chat_from_the_list(build_app, store):
    cid = await stored_chat(store, "Old title")
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_list(pilot)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))
        app.screen.query_one("#dialog-input").value = "New title"
        await pilot.press("enter")
        await wait_until(pilot, lambda: rows(app) and "New title" in rows(app)[0])
    assert (await store.get_conversation(cid)).title == "New title"


async def test_delete_a_chat_from_the_list_and_undo_it(build_app, store):
    keep = await stored_chat(store, "Keep me")
    gone = await stored_chat(store, "Delete me")
    before = await store.messages(gone)
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_list(pilot)
        await pilot.press("delete")
        await wait_until(pilot, lambda: len(rows(app)) == 1)
        assert await store.get_conversation(gone) is None
        assert any("ctrl+z" in n.message or "^z" in n.message for n in app._notifications)
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: len(rows(app)) == 2)
    assert await store.messages(gone) == before
    assert await store.get_conversation(keep) is not None


async def test_deleting_the_open_chat_clears_the_screen(build_app, store):
    cid = await stored_chat(store, "Open and delete")
    app = build_app(conversation_id=cid)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.screen.conversation is not None)
        await open_list(pilot)
        await pilot.press("delete")
        await wait_until(pilot, lambda: app.screen.conversation is None)
        assert app.screen.messages == [] and app.screen.transcript.message_keys() == []
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: app.screen.conversation is not None)
        assert app.screen.conversation.id == cid


# -- a refused first prompt ------------------------------------------------------------------


async def test_a_chat_refused_with_http_400_is_not_left_behind(build_app, store):
    app = build_app(model="sim/http-400")
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ask(pilot, "Will be refused")
        assert len(await store.list_conversations()) == 1  # on screen: ctrl+r can retry
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: screen.conversation is None)
        await settle(pilot)
        assert await store.list_conversations() == []
        await ask(pilot, "Refused again")
        await app.action_quit()
    assert await store.list_conversations() == []


async def test_a_refused_follow_up_keeps_the_chat(build_app, store):
    cid = await stored_chat(store, "Going well")
    app = build_app(conversation_id=cid)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: app.screen.conversation is not None)
        app.screen.model = "sim/http-400"
        await ask(pilot, "Then refused")
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert len(await store.messages(cid)) == 4
