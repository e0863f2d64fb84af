"""The chat screen against the simulator: send, stream, cancel, errors, actions, resume, quit."""

from __future__ import annotations

import asyncio

from tests.app.pilot_helpers import (
    LONG_STREAM,
    answered,
    ask,
    chat_requests,
    dialog_text,
    last_chat,
    send,
    settle,
    status_text,
    streaming,
    wait_until,
)
from tui.screens.chat import ChatScreen
from tui.screens.dialogs import ConfirmDialog
from tui.widgets.prompt import PromptEditor
from tui.widgets.transcript import Transcript


async def test_a_prompt_streams_into_the_transcript_and_is_stored(build_app, store):
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "How do I cancel?")
        user, answer = await store.messages(screen.conversation.id)
        assert (user.content, answer.status) == ("How do I cancel?", "complete")
        transcript = screen.query_one(Transcript)
        assert transcript.message_text(answer.id) == answer.content
        assert "Parley" in answer.content
        view = transcript.message_view(answer.id)
        assert "openai/gpt-4o" in view.footer and "tokens" in view.footer
        assert status_text(app).startswith("done")


async def test_keepalives_show_a_heartbeat_while_waiting(build_app):
    # 9 s of keep-alives, so a busy machine cannot poll past them; stopped once seen.
    app = build_app(model="sim/keepalive:keepalives=30,keepalive_interval=0.3")
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "slow start")
        await wait_until(pilot, lambda: "keep-alive" in status_text(app))
        assert "waiting at the provider" in status_text(app)
        await app.screen.stop_streaming()
        await settle(pilot)


async def test_an_http_error_shows_status_message_and_hint(build_app, store):
    app = build_app(model="sim/http-402")
    async with app.run_test(size=(100, 30)) as pilot:
        _screen, _answer, view = await answered(pilot, store, "pay me")
        assert view.status == "error"
        assert "HTTP 402" in view.detail and "credits" in view.detail.lower()


async def test_a_mid_stream_error_keeps_the_text_above_the_error(build_app, store):
    app = build_app(model="sim/mid-error")
    async with app.run_test(size=(100, 30)) as pilot:
        _screen, answer, view = await answered(pilot, store, "break")
        assert answer.content and view.text == answer.content
        assert "Provider disconnected unexpectedly" in view.detail


async def test_retry_after_an_error_answers_again(build_app, store, simulator):
    app = build_app(model="sim/flaky-500:fail=1")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "try again")
        assert (await store.messages(screen.conversation.id))[-1].status == "error"
        await pilot.press("ctrl+r")
        await settle(pilot)
        messages = (await store.chosen_path(screen.conversation.id)).messages
        assert [m.role for m in messages] == ["user", "assistant"]
        assert messages[-1].status == "complete"
        assert len(chat_requests(simulator)) == 2
        # The failed answer stays, as the retry's sibling.
        every = await store.messages(screen.conversation.id)
        assert [m.status for m in every] == ["complete", "error", "complete"]


async def test_edit_the_last_prompt_and_resend(build_app, store, simulator):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "first wording")
        await pilot.press("ctrl+l")
        editor = screen.query_one(PromptEditor)
        assert editor.text == "first wording"
        editor.load("better wording")
        await pilot.press("enter")
        await settle(pilot)
        messages = (await store.chosen_path(screen.conversation.id)).messages
        assert [m.content for m in messages] == ["better wording", "better wording"]
        every = await store.messages(screen.conversation.id)
        assert [m.content for m in every][:2] == ["first wording", "first wording"]
        assert last_chat(simulator).body["messages"] == [
            {"role": "user", "content": "better wording"}
        ]


async def test_copy_the_last_answer_emits_osc52(build_app):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        written: list[str] = []
        original = app._driver.write
        app._driver.write = lambda data: (written.append(data), original(data))[1]
        await ask(pilot, "copy me")
        await pilot.press("f3")
        await pilot.pause()
        assert app.clipboard == "copy me"
        assert any(chunk.startswith("\x1b]52;c;Y29weSBtZQ==") for chunk in written)


async def test_copy_the_last_code_block(build_app):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "text\n```python\nprint('hi')\n```\nmore")
        screen.query_one(Transcript).focus()
        await pilot.press("up", "y")
        await pilot.pause()
        assert app.clipboard == "print('hi')\n"


async def test_resume_a_conversation_by_id(build_app, store):
    conversation = await store.create_conversation("Old chat", model="sim/echo")
    await store.add_message(conversation.id, "user", "earlier question")
    await store.add_message(
        conversation.id, "assistant", "earlier answer", model_requested="sim/echo"
    )
    app = build_app(conversation_id=conversation.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        transcript = screen.query_one(Transcript)
        assert [transcript.message_text(k) for k in transcript.message_keys()] == [
            "earlier question",
            "earlier answer",
        ]
        await ask(pilot, "follow up")
        assert len(await store.messages(conversation.id)) == 4
        assert screen.model == "sim/echo"


async def test_quitting_mid_stream_stores_the_partial_answer(build_app, store, simulator):
    app = build_app(model=LONG_STREAM)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await streaming(pilot, "long")
        conversation_id = screen.conversation.id
        await pilot.press("ctrl+q")
        await asyncio.sleep(0)
    answer = (await store.messages(conversation_id))[-1]
    assert answer.status == "cancelled" and answer.content
    assert simulator.wait_for_disconnect(last_chat(simulator).id) is not None


async def test_sending_again_mid_stream_asks_then_cancels_the_first_answer(build_app, store):
    app = build_app(model=LONG_STREAM)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await streaming(pilot, "first")
        screen.model = "sim/echo"
        await send(pilot, "second")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "An answer is streaming: stop it and send?" in dialog_text(app)
        assert screen.turn.busy  # nothing stopped while asking
        await pilot.press("enter")
        await settle(pilot)
        messages = await store.messages(screen.conversation.id)
        assert [m.status for m in messages] == ["complete", "cancelled", "complete", "complete"]
        assert messages[-1].content == "second"


async def test_declining_to_stop_keeps_the_answer_streaming_and_the_prompt(build_app, store):
    app = build_app(model=LONG_STREAM)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await streaming(pilot, "first")
        await send(pilot, "second thoughts")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.turn.busy
        assert screen.query_one(PromptEditor).text == "second thoughts"
        await screen.stop_streaming()
        await settle(pilot)
        messages = await store.messages(screen.conversation.id)
        assert [m.content for m in messages if m.role == "user"] == ["first"]


async def test_new_conversation_starts_empty(build_app, store):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "one")
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert screen.conversation is None
        assert screen.query_one(Transcript).message_keys() == []
        await ask(pilot, "two")
        assert len(await store.list_conversations()) == 2


async def test_help_lists_the_chat_keys(build_app):
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ChatScreen)


async def test_keys_rebound_in_config_take_effect(build_app, store):
    app = build_app(model="sim/echo", keys={"chat.new": "f9"})
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "one")
        await pilot.press("f9")
        await pilot.pause()
        assert screen.conversation is None


async def test_the_demo_starts_its_own_simulator_and_says_so(settings, store, client):
    from dataclasses import replace

    from tui.app import ParleyApp

    demo = replace(settings, demo=True, model="parley/demo", base_url="http://127.0.0.1:9/v1")
    app = ParleyApp(demo, store, client, start_demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.services_ready.wait()
        assert app.settings.base_url.startswith("http://127.0.0.1:")
        assert app.settings.base_url != "http://127.0.0.1:9/v1"
        screen = await ask(pilot, "What is Parley?")
        answer = (await store.messages(screen.conversation.id))[-1]
        assert answer.status == "complete" and "Parley" in answer.content
        assert "DEMO" in status_text(app)


async def test_compare_opens_over_the_chat_and_a_winner_continues_as_a_chat(
    settings, store, client, simulator
):
    from dataclasses import replace

    from tui.app import ParleyApp
    from tui.screens.compare import CompareScreen

    app = ParleyApp(
        replace(settings, model="sim/echo"), store, client, compare=["sim/echo", "openai/gpt-4o"]
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
        compare = app.screen
        await send(pilot, "same prompt")
        await wait_until(pilot, lambda: all(lane.live is not None for lane in compare.lanes))
        for column in compare.lanes:
            await column.live.wait()
        await pilot.pause()
        compare.post_message(CompareScreen.WinnerPicked(compare.conversation.id, 0, "sim/echo"))
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen))
        chat = app.screen
        await wait_until(pilot, lambda: chat.conversation is not None)
        assert chat.conversation.kind == "chat"
        assert [m.content for m in chat.messages] == ["same prompt", "same prompt"]
