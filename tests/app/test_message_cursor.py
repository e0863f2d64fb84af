"""In the message cursor every action acts on the selected message; redoing one adds a sibling."""

from __future__ import annotations

from tests.app.message_trees import opened, three_exchanges
from tests.app.pilot_helpers import chat_requests, settle
from tui.screens.dialogs import ConfirmDialog
from tui.widgets.prompt import PromptEditor
from tui.widgets.transcript import Transcript


async def test_r_regenerates_the_selected_answer_as_a_sibling(build_app, store, simulator):
    conversation_id, messages = await three_exchanges(store)
    async with opened(build_app, conversation_id, messages[1].id) as (pilot, screen):  # "answer 1"
        await pilot.press("r")
        assert not isinstance(pilot.app.screen, ConfirmDialog)  # nothing is dropped: nothing asked
        await settle(pilot)
        stored = await store.messages(conversation_id)
        assert [m.id for m in stored][:6] == [m.id for m in messages]  # every one kept
        path = (await store.chosen_path(conversation_id)).messages
        assert [m.content for m in path] == ["question 1", "question 1"]
        # The request asked the selected answer's prompt again, not the last one.
        body = chat_requests(simulator)[-1].body
        assert body["messages"] == [{"role": "user", "content": "question 1"}]
        transcript = screen.query_one(Transcript)
        assert transcript.message_keys() == [m.id for m in path]
        assert transcript.message_view(path[-1].id).branch == "‹ 2/2 ›"


async def test_regenerating_an_earlier_answer_keeps_every_message(build_app, store, simulator):
    conversation_id, messages = await three_exchanges(store)
    async with opened(build_app, conversation_id, messages[3].id) as (pilot, _screen):  # "answer 2"
        await pilot.press("r")
        await settle(pilot)
        stored = await store.messages(conversation_id)
        assert [m.id for m in stored][:6] == [m.id for m in messages]
        assert len(stored) == 7 and len(chat_requests(simulator)) == 1
        siblings = await store.siblings(messages[3].id)
        assert siblings.ids == (messages[3].id, stored[-1].id)


async def test_r_on_the_last_answer_adds_a_sibling_without_asking(build_app, store):
    conversation_id, messages = await three_exchanges(store)
    async with opened(build_app, conversation_id, messages[-1].id) as (pilot, _screen):
        await pilot.press("r")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, ConfirmDialog)
        path = (await store.chosen_path(conversation_id)).messages
        assert [m.content for m in path][-2:] == ["question 3", "question 3"]
        assert len(path) == 6 and len(await store.messages(conversation_id)) == 7


async def test_e_edits_an_earlier_prompt_and_resends_it_as_a_sibling(build_app, store, simulator):
    conversation_id, messages = await three_exchanges(store)
    # The cursor on "question 2".
    async with opened(build_app, conversation_id, messages[2].id) as (pilot, screen):
        await pilot.press("e")
        assert not isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.pause()
        editor = screen.query_one(PromptEditor)
        assert editor.text == "question 2" and screen.editing is not None
        editor.load("question two, better")
        await pilot.press("enter")
        await settle(pilot)
        path = (await store.chosen_path(conversation_id)).messages
        assert [m.content for m in path] == [
            "question 1",
            "answer 1",
            "question two, better",
            "question two, better",
        ]
        stored = await store.messages(conversation_id)
        assert [m.id for m in stored][:6] == [m.id for m in messages]
        assert chat_requests(simulator)[-1].body["messages"][-1]["content"] == (
            "question two, better"
        )
        transcript = screen.query_one(Transcript)
        assert transcript.message_keys() == [m.id for m in path]
        assert transcript.message_view(path[2].id).branch == "‹ 2/2 ›"


async def test_x_continues_the_selected_cut_off_answer_in_place(build_app, store, simulator):
    conversation = await store.create_conversation("Cut", model="sim/echo")
    await store.add_message(conversation.id, "user", "question 1")
    cut = await store.add_message(
        conversation.id, "assistant", "cut", model_requested="sim/echo", status="cancelled"
    )
    await store.add_message(conversation.id, "user", "question 2")
    await store.add_message(conversation.id, "assistant", "answer 2", model_requested="sim/echo")
    async with opened(build_app, conversation.id, cut.id) as (pilot, _screen):
        await pilot.press("x")
        assert not isinstance(pilot.app.screen, ConfirmDialog)
        await settle(pilot)
        stored = await store.messages(conversation.id)
        assert [m.id for m in stored][:2] == [stored[0].id, cut.id] and len(stored) == 4
        continued = await store.get_message(cut.id)
        assert continued.content.startswith("cut") and len(continued.content) > 3
        assert chat_requests(simulator)[-1].body["messages"][-1]["content"] == "cut"


async def test_c_copies_the_selected_message(build_app, store):
    conversation_id, messages = await three_exchanges(store)
    async with opened(build_app, conversation_id, messages[3].id) as (pilot, _screen):
        await pilot.press("c")
        assert pilot.app.clipboard == "answer 2"


async def test_d_deletes_the_selected_message_after_asking(build_app, store):
    conversation_id, messages = await three_exchanges(store)
    async with opened(build_app, conversation_id, messages[3].id) as (pilot, _screen):
        await pilot.press("d")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("enter")
        await settle(pilot)
        stored = await store.messages(conversation_id)
        assert messages[3].id not in [m.id for m in stored] and len(stored) == 5
