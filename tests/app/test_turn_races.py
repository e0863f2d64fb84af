"""Keys pressed at odd moments of a turn: queued, refused with a note, or done — never racing."""

from __future__ import annotations

import time

import pytest

from tests.app.pilot_helpers import LONG_STREAM, send, streaming, wait_until
from tests.app.turn_checks import (
    assert_history_intact,
    burst,
    chat_requests,
    gates,
    quiet,
    watched,
)
from tui.commands import app as app_command
from tui.controllers.turn_phase import BUSY_NOTE, TurnState
from tui.screens.chat import ChatScreen
from tui.screens.dialogs import ConfirmDialog
from tui.widgets.prompt import PromptEditor


async def settled_keys(pilot, limit: float = 20.0) -> None:
    """Wait until the keys sent are handled (their actions may have started turns): no
    message waits in the app, its screen or their widgets, and no action is under way, twice
    in a row. A fixed pause would not do: on a busy machine a key can take a tenth of a second."""
    app = pilot.app
    deadline = time.monotonic() + limit
    quiet_checks = 0
    while quiet_checks < 2:
        assert time.monotonic() < deadline, "the keys were never all handled"
        await pilot.pause(0.05)
        for gate in gates(app):
            await gate.wait()
        pumps = [app, *app.screen.walk_children(with_self=True)]
        waiting = any(pump.message_queue_size for pump in pumps)
        quiet_checks = 0 if waiting else quiet_checks + 1
    await pilot.pause()


async def raced(pilot, *keys: str) -> ChatScreen:
    """Press ``keys`` at once while an answer streams; the chat once they are all handled."""
    screen = await streaming(pilot)
    burst(pilot, *keys)
    await settled_keys(pilot)
    return screen


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_escape_enter_retry_picker_escape_retry_fast_neither_crashes_nor_loses(
    build_app, store, simulator
):
    async with watched(build_app, store, LONG_STREAM) as (pilot, watch):
        screen = await raced(pilot, "escape", "enter", "ctrl+r", "f4", "escape", "ctrl+r")
        # The first retry waited for the cancelled answer to be stored, then answered again
        # beside it; the second came while that retry streamed, and was refused with a note.
        assert screen.turn.state in (TurnState.SENDING, TurnState.STREAMING)
        assert BUSY_NOTE in notes(pilot.app)
        await quiet(pilot)
        messages = (await store.chosen_path(screen.conversation.id)).messages
        assert [m.role for m in messages] == ["user", "assistant"]
        assert messages[-1].status in ("complete", "cancelled") and messages[-1].content
        kept = await store.messages(screen.conversation.id)
        assert [m.role for m in kept] == ["user", "assistant", "assistant"]
        assert len(chat_requests(simulator)) == 2
        await assert_history_intact(store, simulator, watch, "escape enter ctrl+r f4 escape ctrl+r")
        assert pilot.app.is_running and pilot.app._exception is None


async def test_escape_retry_continue_answers_beside_the_partial_and_refuses_the_continue_visibly(
    build_app, store, simulator
):
    async with watched(build_app, store, LONG_STREAM) as (pilot, watch):
        screen = await raced(pilot, "escape", "ctrl+r", "ctrl+g")
        assert BUSY_NOTE in notes(pilot.app)
        await quiet(pilot)
        messages = (await store.chosen_path(screen.conversation.id)).messages
        assert [m.role for m in messages] == ["user", "assistant"]
        assert len(await store.messages(screen.conversation.id)) == 3  # the partial is kept
        answer = messages[-1]
        assert answer.status in ("complete", "cancelled") and answer.content
        assert len(chat_requests(simulator)) == 2  # the retry went out; the continue did not
        await assert_history_intact(store, simulator, watch, "escape ctrl+r ctrl+g")


async def test_retry_while_streaming_is_refused_and_keeps_the_streaming_answer(
    build_app, store, simulator
):
    async with watched(build_app, store, LONG_STREAM) as (pilot, watch):
        screen = await raced(pilot, "ctrl+r", "ctrl+g", "ctrl+l")
        assert screen.turn.state is TurnState.STREAMING
        assert notes(pilot.app).count(BUSY_NOTE) == 3
        assert screen.editing is None
        await pilot.press("escape")
        await quiet(pilot)
        messages = await store.messages(screen.conversation.id)
        assert [(m.role, m.status) for m in messages] == [
            ("user", "complete"),
            ("assistant", "cancelled"),
        ]
        assert len(chat_requests(simulator)) == 1 and not watch.deleted


async def test_continue_after_escape_waits_for_the_partial_to_be_stored(build_app, store):
    app = build_app(model=LONG_STREAM)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await raced(pilot, "escape", "ctrl+g")
        await pilot.pause(0.2)
        await pilot.press("escape")
        await quiet(pilot)
        messages = await store.messages(screen.conversation.id)
        assert [m.role for m in messages] == ["user", "assistant"]
        # One answer, continued: the partial was stored before the continue read it.
        assert messages[-1].status == "cancelled" and len(messages[-1].content) > 5


async def test_sending_a_prompt_while_an_edit_is_open_and_a_turn_streams_keeps_the_prompt(
    build_app, store
):
    app = build_app(model=LONG_STREAM)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await streaming(pilot)
        await pilot.press("escape")
        await quiet(pilot)
        await pilot.press("ctrl+l")
        assert screen.editing is not None
        await pilot.press("ctrl+r")  # a retry starts while the edit is open
        await pilot.pause(0.05)
        editor = screen.query_one(PromptEditor)
        editor.load("better wording")
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDialog)  # stop the retry and send?
        await pilot.press("escape")
        assert editor.text == "better wording"  # declined: nothing dropped, nothing lost
        await quiet(pilot)
        roles = [m.role for m in (await store.chosen_path(screen.conversation.id)).messages]
        assert roles == ["user", "assistant"]
        kept = [m.role for m in await store.messages(screen.conversation.id)]
        assert kept == ["user", "assistant", "assistant"]  # the retry's sibling


async def test_an_uncaught_exception_makes_the_app_exit_non_zero(build_app, monkeypatch):
    app = build_app(model="sim/echo")

    def broken() -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(ChatScreen, "action_copy_last", lambda self: broken())
    with pytest.raises(RuntimeError, match="boom"):
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("f3")
            await pilot.pause()
    assert app.return_code == 1
    assert app_command.exit_status(app.return_code, None) == 1


def test_a_clean_exit_is_zero_and_keeps_the_apps_own_status():
    assert app_command.exit_status(0, None) == 0
    assert app_command.exit_status(None, 3) == 3


@pytest.mark.parametrize("gap", [None, 0.05])
async def test_escape_right_after_asking_a_comparison_leaves_no_answer_open(
    build_app, store, simulator, gap
):
    async with watched(build_app, store, LONG_STREAM, size=(120, 30)) as (pilot, watch):
        await pilot.app.services_ready.wait()
        pilot.app.open_comparison([LONG_STREAM, "sim/normal"])
        await pilot.pause()
        editor = pilot.app.screen.query_one(PromptEditor)
        editor.load("both of you")
        burst(pilot, "enter")
        if gap is not None:
            await pilot.pause(gap)
        burst(pilot, "escape")
        await settled_keys(pilot)
        await quiet(pilot)
        # However the keys fell, every answer started was stopped and stored.
        await assert_history_intact(store, simulator, watch, f"enter, {gap} s, escape")
        assert pilot.app.is_running and pilot.app._exception is None


async def test_a_stream_still_running_when_its_screen_goes_is_stored_as_interrupted(
    build_app, store
):
    # Not the quit key (which stops streams itself): the app torn down under a stream.
    app = build_app(model="sim/slow:tps=40,tokens=4000")
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "long")
        screen = app.screen
        await wait_until(pilot, lambda: screen._live.progress.deltas > 3)
        conversation = screen.conversation.id
        app.exit()
    _user, answer = await store.messages(conversation)
    assert answer.status == "interrupted"
    assert answer.content  # what arrived is kept
    assert screen.tasks.running == 0
