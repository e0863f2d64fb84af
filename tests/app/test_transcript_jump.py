"""Following a growing answer a third of the view at a time (or two updates' growth, up to two
thirds); at the end, resting on the bottom."""

from __future__ import annotations

import pytest
from textual.geometry import Region

from tui.widgets.transcript import MessageView, Transcript
from tui.widgets.transcript_scroll import JUMP

from .test_transcript import TranscriptApp, long_text, screen_lines


@pytest.fixture
async def pilot():
    app = TranscriptApp()
    async with app.run_test(size=(60, 20)) as pilot:
        yield pilot


@pytest.fixture
def transcript(pilot) -> Transcript:
    return pilot.app.query_one(Transcript)


def view_height(transcript: Transcript) -> int:
    return transcript.scrollable_content_region.height


def blank_below_the_end(transcript: Transcript) -> int:
    return transcript.scroll_offset.y + view_height(transcript) - transcript.content_height


async def grow(pilot, transcript: Transcript, text: str) -> None:
    transcript.append_text("a", text)
    transcript.flush()
    await pilot.pause()


async def test_text_passing_the_bottom_moves_the_view_a_third_of_its_height(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", long_text(8), status="streaming"))
    transcript.flush()
    await pilot.pause()
    assert transcript.scroll_offset.y == 0
    for index in range(12):  # a line or two at a time, as a wide view grows
        await grow(pilot, transcript, f" More words, {index}.")
        await grow(pilot, transcript, "\n\nAnother paragraph.")
    assert transcript.follow
    assert transcript.scroll_offset.y == transcript.max_scroll_y > 0
    assert 0 < blank_below_the_end(transcript) <= view_height(transcript) // JUMP
    assert any("More words, 11." in line for line in screen_lines(transcript))


async def test_a_big_growth_moves_the_view_up_to_two_thirds_of_its_height(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", "Short.", status="streaming"))
    transcript.flush()
    await pilot.pause()
    await grow(pilot, transcript, "\n\n" + long_text(20))  # forty lines in one update
    assert transcript.scroll_offset.y == transcript.max_scroll_y > 0
    assert blank_below_the_end(transcript) == view_height(transcript) * 2 // 3
    assert any("Paragraph number 19." in line for line in screen_lines(transcript))


async def test_the_room_below_holds_two_updates_of_growth(pilot, transcript):
    # Side by side, a column is narrow and each update adds a third of it or so: the view
    # then moves at every other update, not at every one.
    transcript.add_message(MessageView("a", "assistant", long_text(10), status="streaming"))
    transcript.flush()
    await pilot.pause()
    view = view_height(transcript)
    step = "\n\n" + "\n\n".join(["Eight lines of growth."] * 4)  # more than a third
    await grow(pilot, transcript, step)
    moves = 0
    for _ in range(10):
        top = transcript.scroll_offset.y
        await grow(pilot, transcript, step)
        moves += transcript.scroll_offset.y != top
        assert blank_below_the_end(transcript) <= view * 2 // 3
    assert view // JUMP < 8
    assert 4 <= moves <= 6, moves  # every other update (a third of the view: every one)


async def test_lines_that_fit_the_room_below_leave_the_view_where_it_is(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", long_text(20), status="streaming"))
    transcript.flush()
    await grow(pilot, transcript, "\n\nOne more paragraph.")
    top, room = transcript.scroll_offset.y, blank_below_the_end(transcript)
    await grow(pilot, transcript, " And a few more words")
    await grow(pilot, transcript, "\n\nAnd a new paragraph.")
    assert transcript.scroll_offset.y == top
    assert 0 <= blank_below_the_end(transcript) < room
    assert transcript.follow
    assert any("And a new paragraph." in line for line in screen_lines(transcript))


async def test_filling_the_room_repaints_only_the_rows_that_changed(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", long_text(20), status="streaming"))
    transcript.flush()
    await grow(pilot, transcript, "\n\nOne more paragraph.")
    painted: list[Region] = []
    refresh = transcript.refresh

    def spy(*regions: Region, **kwargs: bool) -> object:
        painted.extend(regions or [Region(0, 0, *transcript.size)])
        return refresh(*regions, **kwargs)

    transcript.refresh = spy  # type: ignore[method-assign]
    await grow(pilot, transcript, " More.")
    rows = {y for region in painted for y in range(region.y, region.bottom)}
    end_row = transcript.content_height - transcript.scroll_offset.y
    assert rows, "nothing repainted"
    assert max(rows) < end_row + 1  # nothing below the end, where the rows stay blank
    assert len(rows) < view_height(transcript) // 2


async def test_the_end_rests_on_the_bottom_line_when_the_answer_ends(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", long_text(20), status="streaming"))
    transcript.flush()
    await grow(pilot, transcript, "\n\nThe last words.")
    assert blank_below_the_end(transcript) > 0
    transcript.update_message("a", status="complete", footer="done")
    await pilot.pause()
    assert transcript.follow
    assert transcript.virtual_size.height == transcript.content_height
    assert transcript.scroll_offset.y == transcript.max_scroll_y
    lines = [line.strip() for line in screen_lines(transcript)]
    assert lines[-1] == ""  # the spacer every message ends with
    assert "done" in lines[-2], "the answer's last line sits just above the bottom line"


async def test_scrolled_up_growth_keeps_no_room_below(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", long_text(20), status="streaming"))
    transcript.flush()
    await pilot.pause()
    transcript.scroll_to(y=3, animate=False)
    await pilot.pause()
    await grow(pilot, transcript, "\n\nWritten while you read above.")
    assert not transcript.follow and transcript.scroll_offset.y == 3
    assert transcript.virtual_size.height == transcript.content_height


async def test_end_after_scrolling_up_follows_into_the_room_again(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", long_text(20), status="streaming"))
    transcript.flush()
    await grow(pilot, transcript, "\n\nFirst.")
    transcript.scroll_to(y=0, animate=False)
    await pilot.pause()
    transcript.focus()
    await pilot.press("end")
    await grow(pilot, transcript, "\n\nSecond, after following again.")
    assert transcript.follow
    assert transcript.scroll_offset.y == transcript.max_scroll_y
    assert any("Second, after following again." in line for line in screen_lines(transcript))
