"""The status line and the answer's header tell the stream's phase and ending as they are."""

from __future__ import annotations

import pytest

from tests.app.pilot_helpers import (
    LONG_STREAM,
    ask,
    send,
    settle,
    status_text,
    streaming,
    wait_until,
)
from tui.screens.chat import ChatScreen
from tui.widgets.status import StatusLine
from tui.widgets.transcript import Transcript


def header(screen: ChatScreen, key) -> str:
    """The answer's header line as drawn."""
    transcript = screen.query_one(Transcript)
    transcript.flush()
    return transcript.message_lines(key)[0].text


def live_key(screen: ChatScreen):
    return screen._live.message_key if screen._live else None


def shown(screen: ChatScreen) -> bool:
    return live_key(screen) is not None


def recorded_states(app) -> list[str]:
    """A list that fills with every state the status line is given from now on."""
    status = app.screen.query_one(StatusLine)
    given: list[str] = []
    show = status.show

    def recording(state: str, details: str | None = None, *, busy: bool = False) -> None:
        given.append(f"{state} | {details}")
        show(state, details, busy=busy)

    status.show = recording  # type: ignore[method-assign]
    return given


@pytest.mark.parametrize(
    ("model", "status", "mark"),
    [
        ("sim/stall-before:stall=8", "connecting · ", "connecting…"),
        ("sim/flaky-429:fail=1,retry_after=8", "rate limited (429) · retrying in", "retrying…"),
        ("sim/flaky-502:fail=1,retry_after=8", "provider down (502) · retrying in", "retrying…"),
        (
            "sim/keepalive:keepalives=30,keepalive_interval=0.3",
            "waiting at the provider",
            "waiting at the provider…",
        ),
    ],
)
async def test_status_and_header_tell_each_phase_before_text(build_app, model, status, mark):
    app = build_app(model=model)
    async with app.run_test(size=(100, 30)) as pilot:
        # Every state the status line is given: a loaded machine may poll past a phase.
        given = recorded_states(app)
        await send(pilot, "hello")
        screen = app.screen
        await wait_until(pilot, lambda: any(status in state for state in given))
        assert status in status_text(app), given
        assert shown(screen)
        assert header(screen, live_key(screen)).startswith(f"{model}  {mark}")
        assert "streaming" not in header(screen, live_key(screen))
        await screen.stop_streaming()
        await settle(pilot)


async def test_status_and_header_say_streaming_once_text_is_on_screen(build_app):
    app = build_app(model="sim/slow:tps=30,tokens=200")
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "hello")
        screen = app.screen
        transcript = screen.query_one(Transcript)
        await wait_until(pilot, lambda: shown(screen) and transcript.message_text(live_key(screen)))
        # Not a frozen "connecting · 0 s" while the answer's text is already there.
        assert status_text(app).startswith("● streaming"), status_text(app)
        assert "streaming…" in header(screen, live_key(screen))
        await screen.stop_streaming()
        await settle(pilot)


async def test_a_retry_whose_wait_is_over_says_connecting_again(build_app):
    app = build_app(model="sim/flaky-502:fail=1,retry_after=1")
    async with app.run_test(size=(100, 30)) as pilot:
        # Every state the status line is given, so a loaded machine cannot miss the 1 s retry.
        shown = recorded_states(app)
        await send(pilot, "hello")
        screen = app.screen
        await settle(pilot)
        assert any("retrying in" in state for state in shown), shown
        assert status_text(app).startswith("done")
        assert "connecting" not in header(screen, screen.messages[-1].id)
        assert status_text(app).startswith("done")
        assert "connecting" not in header(screen, screen.messages[-1].id)


@pytest.mark.parametrize(
    ("model", "words"),
    [
        ("sim/length", "cut off at the length limit · ctrl+g continues it"),
        ("sim/content-filter", "stopped by the content filter · ctrl+g continues it"),
    ],
)
async def test_a_cut_off_answer_says_so_in_status_and_header(build_app, store, model, words):
    app = build_app(model=model)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ask(pilot, "hello")
        answer = screen.messages[-1]
        assert status_text(app).startswith(words)
        assert words in header(screen, answer.id)
        # Resumed later, it says the same.
        await screen.load_conversation(screen.conversation.id)
        assert words in header(screen, answer.id)


async def test_a_cancelled_answer_names_a_key_that_works_in_the_prompt(build_app):
    app = build_app(model=LONG_STREAM)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await streaming(pilot, "long")
        await pilot.press("escape")
        await settle(pilot)
        view = screen.query_one(Transcript).message_view(screen.messages[-1].id)
        assert view.detail == "cancelled · ctrl+g continues it"
        assert status_text(app).startswith("cancelled · ctrl+g continues it")


async def test_errors_name_app_keys_not_command_line_flags(build_app):
    app = build_app(model="sim/http-500")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "hello")
        view = screen.query_one(Transcript).message_view(screen.messages[-1].id)
        assert "--models" not in view.detail and "ctrl+o" in view.detail
        await screen.load_conversation(screen.conversation.id)
        view = screen.query_one(Transcript).message_view(screen.messages[-1].id)
        assert "--models" not in view.detail and "ctrl+o" in view.detail


async def cut_conversation(store, partial: str, model: str):
    conversation = await store.create_conversation("Keys", model=model)
    await store.add_message(conversation.id, "user", "keys?")
    cut = await store.add_message(
        conversation.id, "assistant", partial, model_requested=model, status="cancelled"
    )
    return conversation, cut


async def test_continue_joins_the_new_text_at_the_right_boundary(build_app, store):
    partial = "## Parley's keys\nPress f1 to learn more."
    conversation, cut = await cut_conversation(store, partial, "sim/echo")
    app = build_app(conversation_id=conversation.id, model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+g")
        await settle(pilot)
        # The echo answers the partial again: a heading, so it starts a block of its own.
        stored = (await store.messages(conversation.id))[-1]
        assert stored.content == f"{partial}\n\n{partial}"
        transcript = screen.query_one(Transcript)
        assert transcript.message_text(cut.id) == stored.content
        view = transcript.message_view(cut.id)
        assert (view.status, view.detail) == ("complete", "")
        assert "cancelled" not in header(screen, cut.id)


async def test_a_continued_answer_drops_its_cancelled_mark_as_it_streams(build_app, store):
    model = "sim/slow:tps=20,tokens=400"
    conversation, cut = await cut_conversation(store, "It was cut here.", model)
    app = build_app(conversation_id=conversation.id, model=model)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        transcript = screen.query_one(Transcript)
        assert transcript.message_view(cut.id).detail == "cancelled · ctrl+g continues it"
        await pilot.press("ctrl+g")
        await wait_until(pilot, lambda: len(transcript.message_text(cut.id)) > 30)
        view = transcript.message_view(cut.id)
        assert (view.status, view.detail) == ("streaming", "")
        assert "cancelled" not in header(screen, cut.id)
        assert transcript.message_text(cut.id).startswith("It was cut here.\n\n# ")
        await screen.stop_streaming()
        await settle(pilot)


async def test_at_80_columns_the_status_keeps_the_cut_off_words_over_the_totals(build_app):
    app = build_app(model="sim/length")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ask(pilot, "What is Parley?")
        line = screen.query_one(StatusLine).render().plain
        assert line.startswith("cut off at the length limit · ctrl+g continues it")
        assert len(line) <= 80 and line.endswith("…")  # the totals gave way


async def test_hints_name_the_continue_key_as_the_user_bound_it(build_app):
    app = build_app(model="sim/length", keys={"chat.continue": "f8"})
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await ask(pilot, "hello")
        assert status_text(app).startswith("cut off at the length limit · f8 continues it")
        assert "f8 continues it" in header(screen, screen.messages[-1].id)


async def test_the_status_line_spins_while_waiting_and_slows_once_text_flows(build_app):
    app = build_app(model="sim/keepalive:keepalives=4,keepalive_interval=0.3,tokens=400,tps=40")
    async with app.run_test(size=(100, 30)) as pilot:
        given = recorded_states(app)
        await send(pilot, "hello")
        screen = app.screen
        turns = screen.parts.turns
        await wait_until(pilot, lambda: "keep-alive" in status_text(app))
        # Waiting: the spinner turns 4 times a second, and the keep-alives are counted.
        assert turns.tick_interval == 0.25
        assert any("waiting at the provider" in state for state in given), given
        transcript = screen.query_one(Transcript)
        await wait_until(pilot, lambda: shown(screen) and transcript.message_text(live_key(screen)))
        await wait_until(pilot, lambda: turns.tick_interval == 1.0)
        assert status_text(app).startswith("● streaming"), status_text(app)
        await screen.stop_streaming()
        await settle(pilot)
        # The turn is over: nothing ticks while nothing changes.
        assert turns.tick_interval is None


async def test_the_status_ticks_return_when_the_next_answer_waits_again(build_app):
    app = build_app(model="sim/keepalive:keepalives=3,keepalive_interval=0.3,tokens=20,tps=200")
    async with app.run_test(size=(100, 30)) as pilot:
        await ask(pilot, "one")
        turns = app.screen.parts.turns
        assert turns.tick_interval is None
        assert status_text(app).startswith("done")
        await send(pilot, "two")
        await wait_until(pilot, lambda: "keep-alive" in status_text(app))
        assert turns.tick_interval == 0.25  # a fresh turn waits for its first token
        await settle(pilot)
        assert turns.tick_interval is None
        assert status_text(app).startswith("done")
