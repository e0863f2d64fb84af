"""The comparison view against the simulator: one prompt, several models, side by side."""

from __future__ import annotations

from collections.abc import Callable
from operator import is_not

import pytest
from textual import events
from textual._xterm_parser import XTermParser

from tests.app.pilot_helpers import wait_until
from tests.wire import ANSWERED, SENT
from tui.screens.chat import ChatScreen
from tui.screens.compare import CompareScreen
from tui.screens.help import HelpScreen
from tui.screens.picker import ModelPicker
from tui.widgets.prompt import PromptEditor
from tui.widgets.status import StatusLine
from tui.widgets.transcript import Transcript

SLOW = "sim/slow:tps=150,tokens=240"
STREAMING = "sim/slow:tps=60,tokens=3000"  # still streaming whenever a test looks
DEMO = "openai/gpt-4o"


async def open_compare(pilot, models=(), conversation_id=None) -> CompareScreen:
    screen = CompareScreen(models, conversation_id)
    await pilot.app.push_screen(screen)
    await wait_until(pilot, lambda: screen.window and screen.prompt.has_focus)
    return screen


async def send(pilot, text: str) -> None:
    """Send a prompt as enter does; pilot.press would wait for the app to go idle, which it
    does not do while answers stream."""
    screen = pilot.app.screen
    earlier = [lane.live for lane in screen.lanes]
    editor = screen.query_one(PromptEditor)
    editor.focus()
    editor.load(text)
    editor.action_send()
    await wait_until(pilot, lambda: all(map(is_not, (lane.live for lane in screen.lanes), earlier)))


async def press(pilot, *keys: str) -> None:
    """Press keys while answers stream (pilot.press would wait for the streams to end)."""
    for key in keys:
        pilot.app.post_message(events.Key(key, None))
        await pilot.pause(0)


async def finish(pilot, screen: CompareScreen) -> None:
    """Wait until every column's turn has ended and shows its stored ending."""
    for lane in screen.lanes:
        if lane.live is not None:
            await lane.live.wait()
    await screen.settled()
    await pilot.pause()


async def compared(pilot, models, text: str) -> CompareScreen:
    """Compare ``models`` on ``text`` and wait until every column has answered."""
    screen = await open_compare(pilot, models)
    await send(pilot, text)
    await finish(pilot, screen)
    return screen


async def long_columns(
    pilot, tokens: tuple[int, int], *keys: str
) -> tuple[CompareScreen, Transcript, Transcript]:
    """Two long answers side by side, all in, then ``keys`` pressed and their scrolling over:
    the screen and the two columns' transcripts."""
    screen = await compared(pilot, [f"sim/long:tokens={n}" for n in tokens], "Long")
    first, second = (lane.column.transcript for lane in screen.lanes)
    await pilot.press(*keys)
    await pilot.wait_for_scheduled_animations()
    return screen, first, second


def winners() -> tuple[list[CompareScreen.WinnerPicked], Callable[[object], None]]:
    """A message hook that keeps every winner picked, and the list it keeps them in."""
    picked: list[CompareScreen.WinnerPicked] = []

    def hook(message: object) -> None:
        if isinstance(message, CompareScreen.WinnerPicked):
            picked.append(message)

    return picked, hook


def chat_requests(simulator) -> dict[str, object]:
    """The recorded chat requests by the model they asked for."""
    return {r.body["model"]: r for r in simulator.requests() if r.path.endswith("/completions")}


def status_text(screen: CompareScreen) -> str:
    line = screen.query_one("#compare-status", StatusLine)
    return f"{line.state} | {line.details}"


def answer_view(lane):
    transcript = lane.column.transcript
    return transcript.message_view(transcript.message_keys()[-1])


# -- sending -------------------------------------------------------------------------------


async def test_every_model_gets_the_prompt_at_the_same_moment(build_app, simulator, wire):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, [SLOW, "sim/mid-error", DEMO])
        wire.mark("send")
        await send(pilot, "Which is fastest?")
        await finish(pilot, screen)
        requests = chat_requests(simulator)
        assert set(requests) == {SLOW, "sim/mid-error", DEMO}
        # Every request is out before any answer comes back: none waits for another's.
        events = [(kind, label) for kind, label in wire.since("send") if label in requests]
        assert sorted(label for kind, label in events if kind == SENT) == sorted(requests)
        assert max(events.index((SENT, m)) for m in requests) < min(
            events.index((ANSWERED, m)) for m in requests
        )
        for request in requests.values():
            assert request.body["messages"] == [{"role": "user", "content": "Which is fastest?"}]


async def test_a_slow_model_does_not_hold_up_the_others(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, [STREAMING, DEMO])
        await send(pilot, "Race")
        slow, fast = screen.lanes
        await wait_until(pilot, lambda: fast.last is not None)
        assert fast.last.status == "complete" and slow.running
        await screen.stop_streaming()
        await finish(pilot, screen)


async def test_a_mid_stream_failure_shows_in_its_column_only(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compared(pilot, [SLOW, "sim/mid-error", DEMO], "Break one")
        failed = screen.lanes[1]
        view = answer_view(failed)
        assert view.status == "error" and view.text
        assert "Provider disconnected unexpectedly" in view.detail
        assert failed.column.stats.has_class("-failed")
        for lane in (screen.lanes[0], screen.lanes[2]):
            assert answer_view(lane).status == "complete"
            assert lane.column.stats.has_class("-done")
        assert "2 done · 1 failed" in status_text(screen)


async def test_each_column_tells_speed_tokens_cost_finish_and_who_answered(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compared(pilot, [SLOW, "sim/fallback"], "Numbers please")
        slow = screen.lanes[0].column.stats
        assert slow.state == "✓ done · finish: stop"
        numbers = " · ".join(slow.parts)
        assert "ttft" in numbers and "tok/s" in numbers and "240 tok" in numbers and "$" in numbers
        fallback_stats = " · ".join(screen.lanes[1].column.stats.parts)
        assert "anthropic/claude-3.5-sonnet via Anthropic" in fallback_stats


async def test_a_waiting_column_shows_its_keep_alive_heartbeat(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        # 9 s of keep-alives, so a busy machine cannot poll past them; stopped once seen.
        screen = await open_compare(
            pilot, ["sim/keepalive:keepalives=30,keepalive_interval=0.3", DEMO]
        )
        await send(pilot, "Take your time")
        waiting = screen.lanes[0].column.stats
        await wait_until(pilot, lambda: "keep-alive" in waiting.state)
        assert "waiting at the provider" in waiting.state
        await screen.stop_streaming()
        await finish(pilot, screen)


# -- storing -------------------------------------------------------------------------------


async def test_the_comparison_is_stored_as_one_conversation_with_a_lane_per_column(
    build_app, store
):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compared(pilot, ["sim/echo", DEMO], "Store me")
        conversation = await store.get_conversation(screen.conversation.id)
        messages = await store.messages(conversation.id)
    assert conversation.kind == "compare" and conversation.title == "Store me"
    assert [(m.role, m.lane) for m in messages if m.role == "user"] == [("user", None)]
    answers = {m.lane: m for m in messages if m.role == "assistant"}
    assert answers[0].model_requested == "sim/echo" and answers[0].content == "Store me"
    assert answers[1].model_requested == DEMO and answers[1].status == "complete"


async def test_a_follow_up_sends_each_model_its_own_column_so_far(build_app, simulator):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await compared(pilot, ["sim/echo", DEMO], "First")
        demo_answer = screen.lanes[1].last.content
        simulator.reset()
        await send(pilot, "Second")
        await finish(pilot, screen)
        requests = chat_requests(simulator)
    assert requests["sim/echo"].body["messages"] == [
        {"role": "user", "content": "First"},
        {"role": "assistant", "content": "First"},
        {"role": "user", "content": "Second"},
    ]
    assert requests[DEMO].body["messages"][1] == {"role": "assistant", "content": demo_answer}


async def test_a_stored_comparison_reopens_with_its_columns(build_app, store, simulator):
    comparison = await store.create_conversation(kind="compare", model="sim/echo")
    cid = comparison.id
    await store.add_message(cid, "user", "Earlier question")
    await store.add_message(cid, "assistant", "echo said", lane=0, model_requested="sim/echo")
    await store.add_message(cid, "assistant", "demo said", lane=2, model_requested=DEMO)
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, conversation_id=cid)
        assert [(lane.lane, lane.model) for lane in screen.lanes] == [(0, "sim/echo"), (2, DEMO)]
        echo = screen.lanes[0].column.transcript
        assert [echo.message_text(k) for k in echo.message_keys()] == [
            "Earlier question",
            "echo said",
        ]
        await send(pilot, "And now?")
        await finish(pilot, screen)
        assert set(chat_requests(simulator)) == {"sim/echo", DEMO}
    lanes = [m.lane for m in await store.messages(cid) if m.role == "assistant"]
    assert lanes == [0, 2, 0, 2] or lanes == [0, 2, 2, 0]


# -- cancelling ----------------------------------------------------------------------------


async def test_escape_cancels_every_stream_closes_every_socket_and_keeps_the_partials(
    build_app, store, simulator
):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, [STREAMING, "sim/slow:tps=50,tokens=3000"])
        await send(pilot, "Long answers")
        await wait_until(
            pilot, lambda: all(lane.progress and lane.progress.deltas > 5 for lane in screen.lanes)
        )
        await press(pilot, "escape")
        await finish(pilot, screen)
        for request in chat_requests(simulator).values():
            assert simulator.wait_for_disconnect(request.id) is not None
        for lane in screen.lanes:
            assert lane.last.status == "cancelled" and lane.last.content
            view = answer_view(lane)
            assert view.status == "cancelled" and "partial answer is kept" in view.detail
            assert lane.column.stats.has_class("-stopped")


async def test_alt_x_cancels_only_the_active_column(build_app, simulator):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, [STREAMING, "sim/slow:tps=50,tokens=3000"])
        await send(pilot, "Stop the second")
        kept, stopped = screen.lanes
        await wait_until(pilot, lambda: stopped.progress and stopped.progress.deltas > 5)
        await press(pilot, "alt+2", "alt+x")
        await wait_until(pilot, lambda: stopped.last is not None)
        requests = chat_requests(simulator)
        assert simulator.wait_for_disconnect(requests[stopped.model].id) is not None
        assert stopped.last.status == "cancelled"
        assert kept.running and requests[kept.model].disconnected_at is None
        await press(pilot, "escape")
        await finish(pilot, screen)


# -- the keyboard --------------------------------------------------------------------------


async def test_alt_arrows_and_alt_numbers_move_the_active_column(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, ["sim/echo", DEMO, "sim/normal"])
        assert screen.active == 0
        await pilot.press("alt+right")
        assert screen.active == 1 and screen.lanes[1].column.has_class("-active")
        await pilot.press("alt+3")
        assert screen.active == 2
        await pilot.press("alt+right")
        assert screen.active == 0
        await pilot.press("alt+left")
        assert screen.active == 2
        assert isinstance(app.focused, PromptEditor)


async def type_raw(pilot, data: str) -> None:
    """Feed bytes as a terminal sends them through Textual's own parser, as the driver does."""
    parser = XTermParser()
    for event in [*parser.feed(data), *parser.feed("")]:
        pilot.app.post_message(event)
        await pilot.pause(0)
    await pilot.pause()


async def test_alt_digit_as_most_terminals_send_it_jumps_without_typing(build_app):
    app = build_app()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_compare(pilot, ["sim/echo", DEMO, "sim/normal", "sim/echo"])
        for number in (3, 4, 2, 1):
            await type_raw(pilot, f"\x1b{number}")  # escape then the digit
            assert screen.active == number - 1
        assert screen.prompt.text == ""


async def test_escape_3_then_escape_w_picks_column_3_as_the_winner(build_app):
    picked, hook = winners()
    app = build_app()
    async with app.run_test(size=(160, 40), message_hook=hook) as pilot:
        screen = await compared(pilot, [DEMO, "sim/echo", "sim/normal"], "Pick me")
        await type_raw(pilot, "\x1b3")
        assert screen.active == 2 and screen.prompt.text == ""
        await type_raw(pilot, "\x1bw")
        await wait_until(pilot, lambda: picked)
    assert (picked[0].lane, picked[0].model) == (2, "sim/normal")


async def test_a_pound_sign_typed_in_the_prompt_stays_a_pound_sign(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, ["sim/echo", DEMO, "sim/normal"])
        await type_raw(pilot, "£™")
        assert screen.active == 0 and screen.prompt.text == "£™"


async def test_focusing_a_column_makes_it_active(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, ["sim/echo", DEMO])
        screen.lanes[1].column.transcript.focus()
        await pilot.pause()
        assert screen.active == 1
        await pilot.press("alt+1")
        assert app.focused is screen.lanes[0].column.transcript


async def test_copy_the_active_columns_answer(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await compared(pilot, [DEMO, "sim/echo"], "copy me")
        await pilot.press("alt+2", "alt+c")
        assert app.clipboard == "copy me"


async def test_alt_up_scrolls_the_active_column_only(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        keys = ("alt+2", "alt+pageup", "alt+up")
        _screen, first, second = await long_columns(pilot, (600, 600), *keys)
        assert second.scroll_y < second.max_scroll_y
        assert first.scroll_y == first.max_scroll_y


async def test_synced_scrolling_moves_the_other_columns_along(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen, first, second = await long_columns(
            pilot, (600, 900), "alt+s", "alt+pageup", "alt+pageup"
        )
        await pilot.pause()
        assert first.scroll_y < first.max_scroll_y
        fraction = first.scroll_y / first.max_scroll_y
        assert second.scroll_y == pytest.approx(fraction * second.max_scroll_y, abs=2)
        assert "synced scrolling" in status_text(screen)


async def test_maximise_shows_only_the_active_column_and_escape_restores(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, ["sim/echo", DEMO, "sim/normal"])
        await pilot.press("alt+2", "alt+m")
        assert [lane.column.display for lane in screen.lanes] == [False, True, False]
        assert screen.lanes[1].column.size.width > 100
        await pilot.press("escape")
        assert all(lane.column.display for lane in screen.lanes)


async def test_escape_with_nothing_streaming_goes_back_to_the_chat(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot, ["sim/echo", DEMO])
        await pilot.press("escape")
        assert isinstance(app.screen, ChatScreen)


async def test_help_lists_every_comparison_key(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot, ["sim/echo", DEMO])
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        described = {e.description for _, entries in help_screen.groups for e in entries}
        for binding in CompareScreen.BINDINGS:
            assert binding.description in described
        assert all(b.id.startswith("compare.") for b in CompareScreen.BINDINGS)


# -- narrow terminals ----------------------------------------------------------------------


async def test_a_narrow_terminal_shows_fewer_columns_with_a_way_to_the_others(build_app):
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_compare(pilot, ["sim/echo", DEMO, "sim/normal"])
        shown = [lane.column for lane in screen.lanes if lane.column.display]
        assert len(shown) == 2 and all(column.size.width >= 38 for column in shown)
        assert "1–2 of 3 · alt+→ next" in status_text(screen)
        await pilot.press("alt+3")
        assert [lane.column.display for lane in screen.lanes] == [False, True, True]
        assert "2–3 of 3 · alt+← previous" in status_text(screen)


async def test_shrinking_the_terminal_hides_columns_rather_than_squeezing_them(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, ["sim/echo", DEMO, "sim/normal"])
        assert all(lane.column.display for lane in screen.lanes)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert [lane.column.display for lane in screen.lanes] == [True, True, False]


# -- models and the winner -----------------------------------------------------------------


async def pick_in_picker(pilot, model: str) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ModelPicker))
    picker = pilot.app.screen
    picker.query_one("#picker-filter").value = model
    await pilot.pause()
    await pilot.press("enter")
    await wait_until(pilot, lambda: not isinstance(pilot.app.screen, ModelPicker))


async def test_add_swap_and_remove_a_model_through_the_picker(build_app):
    app = build_app()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await open_compare(pilot, ["sim/echo", DEMO])
        await pilot.press("alt+a")
        await pick_in_picker(pilot, "sim/normal")
        await wait_until(pilot, lambda: len(screen.lanes) == 3)
        assert (screen.lanes[2].lane, screen.lanes[2].model, screen.active) == (2, "sim/normal", 2)
        await pilot.press("alt+1", "alt+o")
        await pick_in_picker(pilot, "sim/reasoning")
        await wait_until(pilot, lambda: screen.lanes[0].model == "sim/reasoning")
        assert screen.lanes[0].column.border_title == "1 sim/reasoning"
        await pilot.press("alt+d")
        assert [lane.model for lane in screen.lanes] == [DEMO, "sim/normal"]
        await pilot.press("alt+d")
        assert len(screen.lanes) == 2


async def test_the_winner_is_posted_and_the_comparison_goes_on_as_a_chat(build_app, store):
    picked, hook = winners()
    app = build_app()
    async with app.run_test(size=(120, 40), message_hook=hook) as pilot:
        screen = await compared(pilot, [DEMO, "sim/echo"], "Pick me")
        await pilot.press("alt+2", "alt+w")
        await wait_until(pilot, lambda: picked)
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen))
        await wait_until(pilot, lambda: app.screen.conversation is not None)
        chat_screen = app.screen
    winner = picked[0]
    assert (winner.conversation_id, winner.lane, winner.model) == (
        screen.conversation.id,
        1,
        "sim/echo",
    )
    # The same conversation goes on as a chat from the winner's answer; nothing is copied.
    chat = await store.get_conversation(winner.conversation_id)
    assert chat.kind == "chat" and chat.model == "sim/echo"
    assert chat_screen.conversation.id == chat.id
    messages = (await store.chosen_path(chat.id)).messages
    assert [(m.role, m.content, m.lane) for m in messages] == [
        ("user", "Pick me", None),
        ("assistant", "Pick me", 1),
    ]


async def test_a_winner_needs_an_answer(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, [DEMO, "sim/echo"])
        await pilot.press("alt+w")
        await pilot.pause()
        assert screen.conversation is None
        assert any("no answer" in n.message for n in app._notifications)


def test_a_comparison_takes_two_to_four_models():
    with pytest.raises(ValueError, match="2 to 4"):
        CompareScreen(["only/one"])
    with pytest.raises(ValueError, match="2 to 4"):
        CompareScreen(["a/1", "b/2", "c/3", "d/4", "e/5"])
