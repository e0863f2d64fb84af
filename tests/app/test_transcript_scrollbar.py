"""The transcript's scrollbar: repainted when its thumb moves, at most a few times a second
while an answer grows, at once when scrolled by hand or when the answer ends."""

from __future__ import annotations

import pytest
from textual.scrollbar import ScrollBar

from tests.app.test_transcript import TranscriptApp
from tui.widgets import transcript_scrollbar
from tui.widgets.transcript import MessageView, Transcript


def record_repaints(bar: ScrollBar, monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    """Every refresh of ``bar`` from now on: the regions each asked for (none: the whole bar)."""
    calls: list[tuple[object, ...]] = []
    original = bar.refresh

    def recording(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bar, "refresh", recording)
    return calls


async def growing_answer(pilot, lines: int) -> Transcript:
    """The transcript with one streaming answer grown by ``lines`` lines, drawn."""
    transcript = pilot.app.query_one(Transcript)
    transcript.add_message(MessageView("answer", "assistant", "", status="streaming"))
    await grow(transcript, lines)
    await pilot.pause()
    return transcript


async def grow(transcript: Transcript, lines: int) -> None:
    for index in range(lines):
        transcript.append_text("answer", f"Line {index} of a long answer.\n\n")
        transcript.flush()  # one screen update's worth of growth, drawn now


async def test_a_growing_answer_repaints_the_bar_seldom_and_exactly_once_it_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(transcript_scrollbar, "GROWTH_REPAINT", 60.0)
    app = TranscriptApp()
    async with app.run_test(size=(60, 20)) as pilot:
        transcript = await growing_answer(pilot, 30)  # the thumb appears, then moves
        bar = transcript.vertical_scrollbar
        repaints = record_repaints(bar, monkeypatch)
        before = transcript_scrollbar.thumb(
            bar.size.height, bar.window_virtual_size, bar.window_size, bar.position
        )
        await grow(transcript, 30)
        after = transcript_scrollbar.thumb(
            bar.size.height, bar.window_virtual_size, bar.window_size, bar.position
        )
        assert after != before  # the thumb moved many times …
        assert len(repaints) <= 1  # … and the bar was painted at most once meanwhile
        transcript.update_message("answer", status="complete")
        assert len(repaints) >= 1  # the ending paints the thumb where it is now
        assert not transcript_scrollbar._PENDING[bar].due


async def test_scrolling_by_hand_repaints_the_bar_at_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(transcript_scrollbar, "GROWTH_REPAINT", 60.0)
    app = TranscriptApp()
    async with app.run_test(size=(60, 20)) as pilot:
        transcript = await growing_answer(pilot, 60)
        repaints = record_repaints(transcript.vertical_scrollbar, monkeypatch)
        transcript.scroll_home(animate=False)
        await pilot.pause()
        assert len(repaints) >= 1
        assert not transcript.follow


def test_only_the_cells_where_an_end_of_the_thumb_was_or_is_change():
    cells = transcript_scrollbar.changed_cells
    assert cells((20, (16, 40)), (20, (17, 41))) == [(2, 3), (5, 6)]  # both ends, an eighth
    assert cells((20, (16, 40)), (20, (16, 40))) == []
    assert cells((20, (0, 80)), (20, (80, 160))) == [(0, 20)]  # a long way: all it crossed
    assert cells((20, (16, 40)), (20, (16, 48))) == [(5, 7)]  # only the end moved
    assert cells((20, (0, 8)), (20, (4, 12))) == [(0, 2)]  # the two runs meet: one
    with pytest.raises(ValueError):
        cells((20, (16, 40)), (21, (16, 40)))  # the bar was resized
    with pytest.raises(ValueError):
        cells((20, None), (20, (16, 40)))  # the thumb appeared


def bar_rows(bar: ScrollBar) -> list[list[tuple[str, object]]]:
    """What the bar shows, row by row, as (text, style) pairs (the style with its clicks)."""
    return [[(seg.text, seg.style) for seg in strip] for strip in bar.render_lines(bar.size.region)]


async def test_a_bar_repainted_in_part_shows_what_a_whole_repaint_would(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(transcript_scrollbar, "GROWTH_REPAINT", 0.0)
    app = TranscriptApp()
    async with app.run_test(size=(60, 20)) as pilot:
        transcript = await growing_answer(pilot, 30)
        bar = transcript.vertical_scrollbar
        original = bar.refresh
        repaints = record_repaints(bar, monkeypatch)
        for _ in range(12):
            await grow(transcript, 3)
            await pilot.pause()
            shown = bar_rows(bar)
            original()  # the whole bar, painted afresh
            await pilot.pause()
            assert shown == bar_rows(bar)
        regions = [region.height for call in repaints for region in call]  # type: ignore[attr-defined]
        assert regions and max(regions) < bar.size.height  # painted in part, not whole
