"""How the comparison view looks: each snapshot reviewed by eye before it was accepted."""

from __future__ import annotations

import pytest

from tests.app.pilot_helpers import wait_until
from tui.screens.compare import CompareScreen

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


def _compare(models, prompt: str, *, until_done: bool = True, started=()):
    """A ``run_before`` that opens the comparison and sends ``prompt``; then waits until
    every column has ended (or, streaming, until the ``started`` columns show text)."""

    async def before(pilot) -> None:
        screen = CompareScreen(models)
        await pilot.app.push_screen(screen)
        await wait_until(pilot, lambda: screen.window and screen.prompt.has_focus)
        screen.prompt.load(prompt)
        screen.prompt.action_send()
        await wait_until(pilot, lambda: all(lane.live is not None for lane in screen.lanes))
        if until_done:
            for lane in screen.lanes:
                await lane.live.wait()
            await screen.settled()
        else:
            lanes = [screen.lanes[index] for index in started]
            await wait_until(pilot, lambda: all(lane.progress.deltas for lane in lanes))
        await pilot.pause()
        for lane in screen.lanes:
            lane.column.transcript.flush()
            screen.show_stats(lane)
        screen.refresh_status()
        await pilot.pause()

    return before


@pytest.mark.parametrize("size", SIZES)
def test_streaming(snap_compare, snap_app, size):
    """You should see three columns side by side (two at 80x24, with "1–2 of 3 · alt+→ next"
    in the status line), each with the prompt and an answer: the first and third columns
    have their first token (header "streaming…", stats "● streaming", "ttft 0.0 s · ≈1 tok"),
    the second still connects (header "connecting…", stats "⠋ connecting · 0 s"); the status
    line reads
    "⠋ 3 of 3 streaming"; the first column has the bright border (it is active), and the
    stats lines of all columns are as tall, so the transcripts end level."""
    models = ["sim/stall:stall=5", "sim/stall-before:stall=5", "sim/stall:stall=6"]
    before = _compare(models, "Compare these", until_done=False, started=(0, 2))
    assert snap_compare(snap_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_finished_with_stats(snap_compare, snap_app, size):
    """You should see each column's answer to "How do I compare models?" finished: under
    each, a stats line "✓ done · finish: stop" (the third column's "finish: length"), then
    time to first token, tokens and cost, then the model and provider that answered (the
    second column: "anthropic/claude-3.5-sonnet via Anthropic"); the status line reads
    "3 done" (at 80x24 after "1–2 of 3 · alt+→ next", the third column off screen)."""
    models = ["openai/gpt-4o", "sim/fallback", "sim/length"]
    before = _compare(models, "How do I compare models?")
    assert snap_compare(snap_app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
def test_one_column_failed(snap_compare, snap_app, size):
    """You should see the middle column's partial answer followed by the red error block
    "mid-stream error · server_error: Provider disconnected unexpectedly" with its hint (no
    command-line flag in it: "retry, or try a fallback model."), and
    its stats line reading "✗ failed · …"; the other columns finished normally ("✓ done");
    the status line reads "2 done · 1 failed"."""
    models = ["openai/gpt-4o", "sim/mid-error", "sim/normal:tokens=80"]
    before = _compare(models, "Which of you fails?")
    assert snap_compare(snap_app(), terminal_size=size, run_before=before)
