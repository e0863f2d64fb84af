"""ctrl+c cancels a running stream at once; with nothing streaming it copies, as before."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.app.pilot_helpers import last_chat, send, settle, wait_until
from tests.wire import CLOSED
from tui.widgets.prompt import PromptEditor
from tui.widgets.transcript import Transcript


@pytest.mark.parametrize("key", ["escape", "ctrl+c"])
async def test_a_cancel_key_closes_the_socket_and_keeps_the_partial(
    build_app, store, simulator, wire, key
):
    model = "sim/slow:tps=60,tokens=3000"
    app = build_app(model=model)
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "long answer")
        screen = app.screen
        await wait_until(pilot, lambda: screen._live and screen._live.progress.deltas > 10)
        pressed = time.monotonic()
        wire.mark(key)
        await pilot.press(key)
        request = last_chat(simulator).id
        closed = await asyncio.to_thread(simulator.wait_for_disconnect, request, 10)
        assert closed is not None and closed >= pressed  # mid-reply, after the key
        await settle(pilot)
        wire.mark("stored")
        assert (CLOSED, model) in wire.between(key, "stored")  # closed, then stored
        answer = (await store.messages(screen.conversation.id))[-1]
        assert answer.status == "cancelled" and answer.content
        transcript = screen.query_one(Transcript)
        assert transcript.message_view(answer.id).status == "cancelled"
        assert transcript.message_text(answer.id).startswith(answer.content[:50])
        assert app.is_running  # cancelled, not quit


async def test_ctrl_c_with_nothing_streaming_copies_the_selection(build_app):
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        editor = app.screen.query_one(PromptEditor)
        editor.focus()
        editor.load("copy these words")
        editor.select_all()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert app.clipboard == "copy these words"
        assert app.is_running
