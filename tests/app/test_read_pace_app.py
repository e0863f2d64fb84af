"""The app reads a streamed answer when its transcripts will next redraw, not sooner."""

from __future__ import annotations

import time

from tests.app.pilot_helpers import ask
from tui.api import gathering
from tui.widgets.transcript import Transcript
from tui.widgets.transcript_pacing import READ_LEAD, FrameClock, frame_clock


async def test_the_client_reads_at_the_pace_of_the_apps_redraws(build_app, store):
    app = build_app()
    assert app.client.read_pace == frame_clock(app).read_by


async def test_a_paced_answer_is_read_just_before_each_redraw(build_app, store, monkeypatch):
    reads: list[float] = []
    read = gathering.GatheringStream.read

    async def counted(self, max_bytes, timeout=None):  # noqa: ASYNC109 (httpcore's own)
        streaming = bool(self.gather)  # a streamed body's read, not a reply head or a list
        data = await read(self, max_bytes, timeout)
        if streaming:
            reads.append(time.monotonic())
        return data

    monkeypatch.setattr(gathering.GatheringStream, "read", counted)
    app = build_app(model="sim/long:tokens=400,tps=200")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "A long one, please")
        _user, answer = await store.messages(screen.conversation.id)
        transcript = screen.query_one(Transcript)
        assert answer.status == "complete"
        assert transcript.message_text(answer.id) == answer.content
        # Two seconds of tokens, each its own write: read as they come (or every 100 ms),
        # that is 20 to 400 reads; read before each redraw, about one per redraw (and a
        # few more while no redraw is due: at the start, when the answer ends).
        assert transcript.updates > 0
        assert len(reads) <= transcript.updates + 6


class Holder:
    """Stands in for the app a frame clock belongs to."""


def test_text_is_read_a_little_before_the_next_update_may_start():
    clock = FrameClock(Holder())  # type: ignore[arg-type]
    clock.budget.record(0.004)
    assert clock.read_by() == clock.budget.next_at - READ_LEAD
    assert clock.read_by() > time.monotonic()
