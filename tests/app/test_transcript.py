"""The Transcript widget: messages as regions of lines, streaming, cursor, following, resizing."""

from __future__ import annotations

import random
from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.containers import Horizontal

from tui.paths import styles_dir
from tui.widgets.transcript import MessageView, Transcript
from tui.widgets.transcript_pacing import UpdateBudget
from tui.widgets.transcript_scrollbar import thumb

ANSWER = """## Streaming

Parley renders **finished blocks once** and only the tail again.

- one
- two

```python
def f(x):

    return x * 2
```

| a | b |
|---|---|
| 1 | 2 |

Done.
"""


class TranscriptApp(App[None]):
    CSS_PATH: ClassVar = [styles_dir() / "app.tcss", styles_dir() / "transcript.tcss"]

    def __init__(self, columns: int = 1) -> None:
        super().__init__()
        self.columns = columns
        self.moves: list[object] = []

    def compose(self) -> ComposeResult:
        with Horizontal():
            for index in range(self.columns):
                yield Transcript(id=f"t{index}")

    def on_transcript_cursor_moved(self, message: Transcript.CursorMoved) -> None:
        self.moves.append(message.key)


def screen_lines(transcript: Transcript) -> list[str]:
    return [transcript.render_line(y).text for y in range(transcript.size.height)]


def without_rule(line: str) -> str:
    """A line's text without trailing space or the header's rule."""
    return line.rstrip(" ─")


def message_text(transcript: Transcript, key: object) -> list[str]:
    return [without_rule(line.text) for line in transcript.message_lines(key)]


def long_text(lines: int) -> str:
    return "\n\n".join(f"Paragraph number {index}." for index in range(lines))


@pytest.fixture
async def pilot():
    app = TranscriptApp()
    async with app.run_test(size=(60, 20)) as pilot:
        yield pilot


@pytest.fixture
def transcript(pilot) -> Transcript:
    return pilot.app.query_one(Transcript)


# -- messages as regions ------------------------------------------------------------------


async def test_messages_show_in_order_with_their_headers(pilot, transcript):
    transcript.add_message(MessageView("q", "user", "What is *Parley*?"))
    transcript.add_message(MessageView("a", "assistant", "A chat client.", title="openai/gpt-4o"))
    transcript.flush()
    await pilot.pause()
    lines = [without_rule(line) for line in screen_lines(transcript)]
    assert lines[:5] == ["▎ You", "▎ What is Parley?", "", "▎ openai/gpt-4o", "▎ A chat client."]


async def test_errors_show_their_detail_and_notices_have_no_header(pilot, transcript):
    transcript.add_message(MessageView("e", "error", "Rate limited (429)", detail="Wait a bit."))
    transcript.add_message(MessageView("n", "notice", "Model switched."))
    transcript.flush()
    assert message_text(transcript, "e") == ["Error", "Rate limited (429)", "Wait a bit."]
    assert message_text(transcript, "n") == ["Model switched."]


async def test_status_marks_and_footer_show_in_the_message(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", "Hi", title="m", status="streaming"))
    transcript.flush()
    assert message_text(transcript, "a")[0] == "m  streaming…"
    transcript.update_message("a", status="cancelled", footer="m · 3 tokens")
    assert message_text(transcript, "a") == ["m  cancelled", "Hi", "m · 3 tokens"]


async def test_update_message_replaces_text(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", "old"))
    transcript.update_message("a", text="new text")
    assert transcript.message_text("a") == "new text"
    assert message_text(transcript, "a")[1] == "new text"


async def test_update_message_refuses_unknown_fields(transcript):
    transcript.add_message(MessageView("a", "assistant", "x"))
    with pytest.raises(TypeError):
        transcript.update_message("a", role="user")


async def test_remove_message_removes_its_lines(pilot, transcript):
    for key in "abc":
        transcript.add_message(MessageView(key, "user", f"message {key}"))
    transcript.flush()
    transcript.remove_message("b")
    await pilot.pause()
    assert transcript.message_keys() == ["a", "c"]
    assert not any("message b" in line for line in screen_lines(transcript))
    assert any("message c" in line for line in screen_lines(transcript))


async def test_clear_removes_everything(pilot, transcript):
    transcript.add_message(MessageView("a", "user", "x"))
    transcript.clear()
    await pilot.pause()
    assert transcript.message_keys() == []
    assert all(not line.strip() for line in screen_lines(transcript))


async def test_keys_must_be_unique_and_roles_known(transcript):
    transcript.add_message(MessageView("a", "user", "x"))
    with pytest.raises(KeyError):
        transcript.add_message(MessageView("a", "user", "y"))
    with pytest.raises(ValueError):
        transcript.add_message(MessageView("b", "robot", "y"))


async def test_the_widget_count_stays_constant_as_messages_accumulate(pilot, transcript):
    before = len(pilot.app.screen.query("*"))
    for index in range(500):
        transcript.add_message(MessageView(index, "user" if index % 2 else "assistant", "hi"))
    await pilot.pause()
    transcript.flush()
    assert len(pilot.app.screen.query("*")) == before
    assert transcript.content_height == 500 * 3
    assert transcript.virtual_size.height >= transcript.content_height


# -- streaming ----------------------------------------------------------------------------


async def test_a_streamed_message_renders_the_same_lines_as_set_at_once():
    app = TranscriptApp(columns=2)
    async with app.run_test(size=(100, 30)) as pilot:
        streamed, at_once = app.query(Transcript)
        streamed.add_message(MessageView("a", "assistant", "", status="streaming"))
        rng = random.Random(4)
        position = 0
        while position < len(ANSWER):
            size = rng.randint(1, 12)
            streamed.append_text("a", ANSWER[position : position + size])
            position += size
            if rng.random() < 0.3:
                await pilot.pause()
        streamed.update_message("a", status="complete")
        at_once.add_message(MessageView("a", "assistant", ANSWER))
        at_once.flush()
        assert streamed.message_lines("a") == at_once.message_lines("a")
        assert streamed.message_text("a") == ANSWER


async def test_appended_text_is_buffered_until_it_is_due(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", "", status="streaming"))
    transcript.flush()
    transcript.append_text("a", "hello")
    assert message_text(transcript, "a") == ["Assistant  streaming…"]
    transcript.flush()
    assert message_text(transcript, "a") == ["Assistant  streaming…", "hello"]


async def test_streamed_text_shows_without_flushing(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", "", status="streaming"))
    transcript.append_text("a", "hello")
    while not transcript.settled:
        await pilot.pause()
    assert message_text(transcript, "a")[1] == "hello"


async def test_transcripts_side_by_side_redraw_together():
    app = TranscriptApp(columns=3)
    async with app.run_test(size=(120, 20)) as pilot:
        transcripts = list(app.query(Transcript))
        for transcript in transcripts:
            transcript.add_message(MessageView("a", "assistant", "", status="streaming"))
        while not all(transcript.settled for transcript in transcripts):
            await pilot.pause()
        ticks = transcripts[0].updates
        for index, transcript in enumerate(transcripts):
            transcript.append_text("a", f"column {index}")
        while not all(transcript.settled for transcript in transcripts):
            await pilot.pause()
        assert transcripts[0].updates == ticks + 1  # one budgeted redraw for all three
        for index, transcript in enumerate(transcripts):
            assert message_text(transcript, "a")[1] == f"column {index}"


async def test_control_characters_never_reach_the_terminal(pilot, transcript):
    evil = "red \x1b[31mtext\x07 and \x9b2J csi\r\n"
    transcript.add_message(
        MessageView("a", "assistant", "", title="m\x1b]0;x\x07", status="streaming")
    )
    transcript.append_text("a", evil[:6])
    transcript.append_text("a", evil[6:])
    transcript.update_message("a", status="complete", detail="hint \x1b[2K")
    await pilot.pause()
    painted = [transcript.render_line(y) for y in range(transcript.size.height)]
    texts = "".join(segment.text for strip in painted for segment in strip)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in texts)
    assert "␛[31mtext␇" in texts
    assert transcript.message_text("a") == evil  # the text itself is kept as given


# -- the cursor ---------------------------------------------------------------------------


async def test_cursor_moves_between_messages_and_reports_it(pilot, transcript):
    for key in "abc":
        transcript.add_message(MessageView(key, "user", key))
    transcript.action_cursor_up()
    transcript.action_cursor_up()
    transcript.action_cursor_down()
    transcript.action_cursor_first()
    transcript.action_cursor_last()
    transcript.clear_cursor()
    await pilot.pause()
    assert pilot.app.moves == ["c", "b", "c", "a", "c", None]


async def test_cursor_stops_at_the_ends(transcript):
    for key in "ab":
        transcript.add_message(MessageView(key, "user", key))
    transcript.action_cursor_first()
    transcript.action_cursor_up()
    assert transcript.cursor_key == "a"
    transcript.action_cursor_last()
    transcript.action_cursor_down()
    assert transcript.cursor_key == "b"


async def test_up_and_down_keys_move_the_cursor(pilot, transcript):
    for key in "ab":
        transcript.add_message(MessageView(key, "user", key))
    transcript.focus()
    await pilot.press("up", "up", "down")
    assert transcript.cursor_key == "b"


async def test_the_cursor_highlights_its_message_without_rendering_it_again(pilot, transcript):
    transcript.add_message(MessageView("a", "user", "first"))
    transcript.add_message(MessageView("b", "user", "second"))
    transcript.flush()
    await pilot.pause()
    lines_before, updates_before = transcript.message_lines("b"), transcript.updates
    plain_background = list(transcript.render_line(4))[-1].style.bgcolor
    transcript.cursor_key = "b"
    await pilot.pause()
    assert transcript.settled and transcript.updates == updates_before  # nothing was rendered
    assert transcript.message_lines("b") == lines_before
    highlighted = transcript.render_line(4)
    assert highlighted.text.startswith("▌ second")
    assert list(highlighted)[-1].style.bgcolor != plain_background
    assert transcript.render_line(1).text.startswith("▎ first")


async def test_the_cursor_is_brighter_while_the_transcript_has_focus(pilot, transcript):
    transcript.add_message(MessageView("a", "user", "first"))
    transcript.flush()
    transcript.cursor_key = "a"
    transcript.focus()
    await pilot.pause()
    focused = list(transcript.render_line(1))[-1].style.bgcolor
    pilot.app.set_focus(None)
    await pilot.pause()
    assert list(transcript.render_line(1))[-1].style.bgcolor != focused


async def test_removing_the_cursor_message_moves_the_cursor_to_its_neighbour(transcript):
    for key in "abc":
        transcript.add_message(MessageView(key, "user", key))
    transcript.cursor_key = "b"
    transcript.remove_message("b")
    assert transcript.cursor_key == "c"


async def test_moving_the_cursor_scrolls_its_message_into_view(pilot, transcript):
    for index in range(30):
        transcript.add_message(MessageView(index, "user", f"message {index}"))
    transcript.flush()
    await pilot.pause()
    transcript.action_cursor_first()
    await pilot.pause()
    assert transcript.scroll_offset.y == 0
    assert not transcript.follow


# -- following the end --------------------------------------------------------------------


async def test_new_text_keeps_the_end_in_view_while_following(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", long_text(20), status="streaming"))
    transcript.flush()
    transcript.append_text("a", "\n\nThe very last words.")
    transcript.flush()
    await pilot.pause()
    assert transcript.follow
    assert transcript.scroll_offset.y == transcript.max_scroll_y > 0
    assert any("The very last words." in line for line in screen_lines(transcript))


async def test_scrolling_up_stops_following_and_keeps_the_view_still(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", long_text(20), status="streaming"))
    transcript.flush()
    await pilot.pause()
    transcript.scroll_to(y=5, animate=False)
    await pilot.pause()
    assert not transcript.follow
    view = screen_lines(transcript)
    transcript.append_text("a", "\n\nMore text arriving.")
    transcript.flush()
    await pilot.pause()
    assert transcript.scroll_offset.y == 5
    assert screen_lines(transcript) == view


async def test_the_end_key_scrolls_to_the_end_and_follows_again(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", long_text(20), status="streaming"))
    transcript.flush()
    transcript.scroll_to(y=0, animate=False)
    await pilot.pause()
    transcript.focus()
    await pilot.press("end")
    assert transcript.follow
    transcript.append_text("a", "\n\nNewest.")
    transcript.flush()
    await pilot.pause()
    assert transcript.scroll_offset.y == transcript.max_scroll_y
    assert any("Newest." in line for line in screen_lines(transcript))


# -- resizing and loading -----------------------------------------------------------------


async def test_resizing_renders_the_messages_again_at_the_new_width(pilot, transcript):
    transcript.resize_debounce = 0
    words = " ".join(f"word{index}" for index in range(40))
    transcript.add_message(MessageView("a", "assistant", words))
    transcript.flush()
    wide = len(transcript.message_lines("a"))
    await pilot.resize_terminal(30, 20)
    await pilot.pause()
    lines = transcript.message_lines("a")
    assert len(lines) > wide
    assert all(line.cell_length <= 30 - 4 for line in lines)
    assert "word39" in "".join(screen_lines(transcript))


async def test_a_loaded_conversation_renders_the_visible_messages_first(pilot, transcript):
    views = [MessageView(index, "user", f"message {index}") for index in range(200)]
    transcript.set_messages(views)
    await pilot.pause()
    assert any("message 199" in line for line in screen_lines(transcript))
    assert transcript.follow
    while not transcript.settled:
        await pilot.pause()
    assert transcript.virtual_size.height == 200 * 3


async def test_a_theme_change_renders_code_in_the_new_colours(pilot, transcript):
    transcript.add_message(MessageView("a", "assistant", "```python\nx = 1\n```"))
    transcript.flush()
    dark = next(iter(transcript.message_lines("a")[1])).style.bgcolor
    pilot.app.theme = "textual-light"
    await pilot.pause()
    while not transcript.settled:
        await pilot.pause()
    assert next(iter(transcript.message_lines("a")[1])).style.bgcolor != dark


# -- pacing -------------------------------------------------------------------------------


def test_updates_wait_as_long_as_keeps_them_to_their_share_of_a_core():
    now = [100.0]
    budget = UpdateBudget(min_interval=0.05, share=0.1, clock=lambda: now[0], overhead=0.001)
    assert budget.delay() == 0
    budget.record(0.001)
    assert budget.delay() == pytest.approx(0.05)
    budget.amend(0.02)  # the screen update made it dearer
    assert budget.delay() == pytest.approx(0.21)
    now[0] += 0.21
    assert budget.delay() == 0


def test_dear_updates_still_come_twice_a_second():
    now = [100.0]
    budget = UpdateBudget(share=0.02, clock=lambda: now[0], overhead=0.001, max_interval=0.5)
    budget.record(0.004)
    assert budget.delay() == pytest.approx(0.25)  # 5 ms at 2 % of a core
    budget.amend(0.3)  # a slow machine, a huge table in the tail
    assert budget.delay() == pytest.approx(0.5)


def test_the_scrollbar_thumb_moves_only_in_eighths_of_a_cell():
    assert thumb(20, 1000, 20, 500) == thumb(20, 1001, 20, 500)
    assert thumb(20, 1000, 20, 0) != thumb(20, 1000, 20, 980)
    assert thumb(20, 10, 20, 0) is None  # everything fits: no thumb


async def test_replace_from_keeps_the_messages_above_and_brings_back_what_it_took_off():
    app = TranscriptApp()
    async with app.run_test(size=(60, 20)) as pilot:
        transcript = app.query_one(Transcript)
        views = [MessageView(n, "user", f"message {n}") for n in range(4)]
        transcript.set_messages(views)
        await pilot.pause()
        above, below = transcript._layout.get(1), transcript._layout.get(3)
        transcript.replace_from(
            2, [MessageView(9, "assistant", "another version", branch="‹ 2/2 ›")]
        )
        await pilot.pause()
        assert transcript.message_keys() == [0, 1, 9]
        assert transcript._layout.get(1) is above
        assert "‹ 2/2 ›" in transcript.message_lines(9)[0].text
        transcript.replace_from(9, views[2:])
        assert transcript._layout.get(3) is below  # drawn before: its lines are reused
        assert transcript.message_keys() == [0, 1, 2, 3]


async def test_replace_from_draws_again_a_message_that_came_back_changed():
    app = TranscriptApp()
    async with app.run_test(size=(60, 20)) as pilot:
        transcript = app.query_one(Transcript)
        transcript.set_messages([MessageView(n, "user", f"message {n}") for n in range(3)])
        await pilot.pause()
        transcript.replace_from(1, [])
        transcript.replace_from(
            0, [MessageView(0, "user", "message 0"), MessageView(1, "user", "new")]
        )
        await pilot.pause()
        assert transcript.message_text(1) == "new"
        assert any("new" in line.text for line in transcript.message_lines(1))
