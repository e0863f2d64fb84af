"""A change to an answer after it ended repaints the scrollbar at once: its thumb never lags."""

from __future__ import annotations

import pytest

from tests.app.test_transcript import TranscriptApp
from tests.app.test_transcript_scrollbar import grow, growing_answer, record_repaints
from tui.widgets import transcript_scrollbar


async def test_text_arriving_after_the_end_moves_the_thumb_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The failed column of a comparison: the error ends the answer, and what was buffered
    # before it is drawn afterwards. Growth while streaming may wait to repaint the bar;
    # after the end nothing would come to paint it, and the thumb stayed where it was.
    monkeypatch.setattr(transcript_scrollbar, "GROWTH_REPAINT", 60.0)
    app = TranscriptApp()
    async with app.run_test(size=(60, 20)) as pilot:
        transcript = await growing_answer(pilot, 30)
        transcript.append_text("answer", "Buffered before the error.\n\n" * 8)
        transcript.update_message("answer", status="error", detail="Provider disconnected")
        bar = transcript.vertical_scrollbar
        repaints = record_repaints(bar, monkeypatch)
        await grow(transcript, 6)  # drawn after the end
        assert len(repaints) >= 1
        assert not transcript_scrollbar._PENDING[bar].due
