"""Branches in the chat: versions marked ‹ n/m ›, stepped through, forked, pruned, and sent."""

from __future__ import annotations

from tests.app.message_trees import opened, select, two_answers
from tests.app.pilot_helpers import ask, chat_requests, settle, wait_until
from tui.controllers.chat_branches import NO_SIBLINGS
from tui.screens.dialogs import ConfirmDialog
from tui.store import Store
from tui.widgets.transcript import Transcript


def header(transcript: Transcript, key: int) -> str:
    return transcript.message_lines(key)[0].text


def sent(simulator) -> list[dict]:
    return chat_requests(simulator)[-1].body["messages"]


def as_sent(messages) -> list[dict]:
    return [{"role": m.role, "content": m.content} for m in messages]


async def test_a_reopened_chat_shows_its_chosen_path_with_the_marker(build_app, store: Store):
    cid, prompt, (_first, second) = await two_answers(store)
    async with opened(build_app, cid) as (_pilot, screen):
        transcript = screen.query_one(Transcript)
        assert transcript.message_keys() == [prompt.id, second.id]  # never both answers
        assert "‹ 2/2 ›" in header(transcript, second.id)
        assert "‹" not in header(transcript, prompt.id)


async def test_stepping_to_a_sibling_changes_what_shows_and_what_is_sent(
    build_app, store: Store, simulator
):
    cid, prompt, (first, second) = await two_answers(store)
    async with opened(build_app, cid, second.id) as (pilot, screen):
        transcript = screen.query_one(Transcript)
        above = transcript._layout.get(prompt.id)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert transcript.message_keys() == [prompt.id, first.id]
        assert transcript.cursor_key == first.id
        assert "‹ 1/2 ›" in header(transcript, first.id)
        assert transcript._layout.get(prompt.id) is above  # the message above is kept as drawn
        await ask(pilot, "and then?")
        path = (await store.chosen_path(cid)).messages
        assert [m.content for m in path] == ["question", "first answer", "and then?", "and then?"]
        assert sent(simulator) == as_sent(path[:3])  # exactly the chosen path
        assert transcript.message_keys() == [m.id for m in path]


async def test_the_path_below_a_version_comes_back_as_it_was_left(build_app, store: Store):
    cid, prompt, (first, second) = await two_answers(store)
    later = await store.add_message(cid, "user", "follow-up", parent_id=second.id)
    async with opened(build_app, cid, second.id) as (pilot, screen):
        transcript = screen.query_one(Transcript)
        assert transcript.message_keys() == [prompt.id, second.id, later.id]
        drawn = transcript._layout.get(later.id)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert transcript.message_keys() == [prompt.id, first.id]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert transcript.message_keys() == [prompt.id, second.id, later.id]
        assert [m.id for m in screen.messages] == [prompt.id, second.id, later.id]
        assert transcript._layout.get(later.id) is drawn  # back as it was drawn


async def test_a_message_without_versions_says_so(build_app, store: Store):
    cid, prompt, _ = await two_answers(store)
    async with opened(build_app, cid, prompt.id) as (pilot, _screen):
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert any(n.message == NO_SIBLINGS for n in pilot.app._notifications)


async def test_retry_keeps_the_old_answer_and_marks_the_new_one(build_app, store, simulator):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "once more")
        await pilot.press("ctrl+r")
        await settle(pilot)
        cid = screen.conversation.id
        every = await store.messages(cid)
        assert [m.role for m in every] == ["user", "assistant", "assistant"]
        path = (await store.chosen_path(cid)).messages
        transcript = screen.query_one(Transcript)
        assert transcript.message_keys() == [every[0].id, every[2].id] == [m.id for m in path]
        assert "‹ 2/2 ›" in header(transcript, every[2].id)
        assert sent(simulator) == as_sent(path[:1])


async def test_editing_the_first_prompt_adds_a_first_prompt_beside_it(build_app, store, simulator):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "draft")
        await ask(pilot, "second")
        await select(pilot, (await store.messages(screen.conversation.id))[0].id)
        await pilot.press("e")
        screen.prompt.load("final")
        await pilot.press("enter")
        await settle(pilot)
        cid = screen.conversation.id
        path = (await store.chosen_path(cid)).messages
        assert [m.content for m in path] == ["final", "final"]
        assert sent(simulator) == [{"role": "user", "content": "final"}]
        assert len(await store.messages(cid)) == 6  # the first branch is all kept
        transcript = screen.query_one(Transcript)
        assert "‹ 2/2 ›" in header(transcript, path[0].id)
        await select(pilot, path[0].id)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        shown = [transcript.message_text(k) for k in transcript.message_keys()]
        assert shown == ["draft", "draft", "second", "second"]


async def test_f_forks_the_path_down_to_the_selected_message(build_app, store: Store):
    cid, _prompt, (_first, second) = await two_answers(store)
    await store.add_message(cid, "user", "follow-up", parent_id=second.id)
    async with opened(build_app, cid, second.id) as (pilot, screen):
        await pilot.press("f")
        await wait_until(pilot, lambda: screen.conversation.id != cid)
        fork = screen.conversation.id
        shown = screen.query_one(Transcript)
        assert [shown.message_text(k) for k in shown.message_keys()] == [
            "question",
            "second answer",
        ]
        assert [m.content for m in (await store.chosen_path(fork)).messages] == [
            "question",
            "second answer",
        ]
        assert len(await store.messages(cid)) == 4  # the original stays as it was


async def test_the_palette_forks_the_whole_chat_without_a_selection(build_app, store: Store):
    cid, _, _ = await two_answers(store)
    async with opened(build_app, cid) as (pilot, screen):
        await screen.run_action("fork_chat")
        await wait_until(pilot, lambda: screen.conversation.id != cid)
        assert [m.content for m in screen.messages] == ["question", "second answer"]


async def test_D_deletes_a_message_and_all_below_it_and_nothing_else(build_app, store: Store):
    cid, prompt, (first, second) = await two_answers(store)
    later = await store.add_message(cid, "user", "follow-up", parent_id=second.id)
    async with opened(build_app, cid, second.id) as (pilot, screen):
        await pilot.press("D")
        assert isinstance(pilot.app.screen, ConfirmDialog)
        await pilot.press("enter")
        await wait_until(pilot, lambda: later.id not in screen.query_one(Transcript).message_keys())
        assert [m.id for m in await store.messages(cid)] == [prompt.id, first.id]
        transcript = screen.query_one(Transcript)
        assert transcript.message_keys() == [prompt.id, first.id]
        assert "‹" not in header(transcript, first.id)  # no other version any more


async def test_d_deletes_one_message_and_what_followed_stays(build_app, store: Store):
    cid, _prompt, (_first, second) = await two_answers(store)
    later = await store.add_message(cid, "user", "follow-up", parent_id=second.id)
    async with opened(build_app, cid, second.id) as (pilot, screen):
        await pilot.press("d")
        await pilot.press("enter")
        transcript = screen.query_one(Transcript)
        await wait_until(pilot, lambda: second.id not in transcript.message_keys())
        assert transcript.message_keys() == [m.id for m in (await store.chosen_path(cid)).messages]
        assert later.id in transcript.message_keys()
