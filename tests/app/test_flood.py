"""Floods from the simulator: megabytes in one delta never freeze the app or its keys."""

from __future__ import annotations

import asyncio
import time

from tests.app.pilot_helpers import ask, last_chat, send, settle, wait_until
from tests.wire import CLOSED
from tui.sim.flood import END, START
from tui.widgets.transcript import Transcript

FIVE_MB = 5_000_000


def screen_text(transcript: Transcript) -> str:
    return "\n".join(transcript.render_line(y).text for y in range(transcript.size.height))


async def test_escape_during_a_5_mb_delta_closes_the_socket_and_keeps_the_partial(
    build_app, store, simulator, wire
):
    model = "sim/flood-5mb"
    app = build_app(model=model)  # the stream stays open after the flood
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "flood me")
        screen = app.screen
        transcript = screen.query_one(Transcript)
        live = screen._live
        await wait_until(pilot, lambda: live.progress.deltas >= 1, limit=30)
        pressed = time.monotonic()
        wire.mark("escape")
        await pilot.press("escape")
        request = last_chat(simulator).id
        closed_at = await asyncio.to_thread(simulator.wait_for_disconnect, request, 10)
        assert closed_at is not None and closed_at >= pressed  # mid-reply, after the key
        await settle(pilot)
        wire.mark("stored")
        assert (CLOSED, model) in wire.between("escape", "stored")  # closed, then stored
        assert app.is_running
        answer = (await store.messages(screen.conversation.id))[-1]
        assert answer.status == "cancelled" and answer.content.startswith(START)
        assert len(answer.content) >= FIVE_MB
        assert transcript.message_text(answer.id).startswith(answer.content)


async def test_a_5_mb_single_line_answer_renders_its_start_and_its_end(build_app, store):
    app = build_app(model="sim/flood-5mb:stall=0")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "flood me")
        transcript = screen.query_one(Transcript)
        await wait_until(pilot, lambda: transcript.settled, limit=30)
        answer = (await store.messages(screen.conversation.id))[-1]
        assert answer.status == "complete" and len(answer.content) == FIVE_MB
        transcript.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert END.strip() in screen_text(transcript)
        transcript.scroll_home(animate=False, immediate=True)
        await pilot.pause()
        assert START.strip() in screen_text(transcript)
        rows = transcript.message_lines(answer.id)
        assert all(strip.cell_length <= transcript.size.width for strip in rows)
