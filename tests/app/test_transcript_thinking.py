"""The transcript's thinking blocks: streamed like answers, folded for free, made safe."""

from __future__ import annotations

from tests.app.test_transcript import TranscriptApp, screen_lines
from tui.widgets.transcript import MessageView, Transcript

REASONING = (
    "First, the **question**: what is asked?\n\n"
    "- one thing\n- another\n\n"
    "```python\nprint('checking')\n```\n\n"
    "Then the answer, in plain words, with enough of them to wrap at least once or twice."
)


def lines(transcript: Transcript, key) -> list[str]:
    transcript.flush()
    return [strip.text for strip in transcript.message_lines(key)]


async def test_streamed_reasoning_draws_the_same_lines_as_reasoning_given_whole() -> None:
    app = TranscriptApp(columns=2)
    async with app.run_test(size=(120, 30)) as pilot:
        streamed, whole = app.query(Transcript)
        streamed.add_message(MessageView(1, "assistant", "", "m", status="streaming"))
        for start in range(0, len(REASONING), 7):
            streamed.append_reasoning(1, REASONING[start : start + 7])
            if start % 35 == 0:
                streamed.flush()  # redrawn now and then, as budgeted updates do
        whole.add_message(
            MessageView(1, "assistant", "", "m", status="streaming", reasoning=REASONING)
        )
        whole.set_thinking_open(1, True)
        await pilot.pause()
        assert streamed.thinking_open(1) is True  # open by itself: reasoning live
        assert lines(streamed, 1) == lines(whole, 1)
        assert lines(streamed, 1)[1].startswith("▾ thinking…")


async def test_a_folded_block_renders_no_reasoning_until_it_is_opened() -> None:
    app = TranscriptApp()
    async with app.run_test(size=(80, 20)) as pilot:
        transcript = app.query_one(Transcript)
        view = MessageView(
            1, "assistant", "The answer.", "m", thought="thought", reasoning=REASONING
        )
        transcript.set_messages([view])
        await pilot.pause()
        region = transcript._layout.get(1)
        assert region.thinking.body.width == 0  # never rendered
        assert [line.rstrip() for line in lines(transcript, 1)] == [
            "m " + "─" * 74,
            "▸ thought",
            "",
            "The answer.",
        ]
        transcript.toggle_thinking(1)
        assert region.thinking.body.width > 0
        assert any("question" in line for line in screen_lines(transcript))


async def test_reasoning_is_neutralised_like_answer_text() -> None:
    app = TranscriptApp()
    async with app.run_test(size=(80, 20)) as pilot:
        transcript = app.query_one(Transcript)
        transcript.add_message(MessageView(1, "assistant", "", "m", status="streaming"))
        for piece in ("think \x1b]52;c;aGk=", "\x07 then \u202e flip \r", "\n done"):
            transcript.append_reasoning(1, piece)
        transcript.update_message(1, status="complete")
        await pilot.pause()
        shown = "\n".join(lines(transcript, 1))
        assert "␛]52;c;aGk=␇" in shown and "<U+202E>" in shown
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
        assert transcript.thinking_text(1).startswith("think \x1b]52")  # kept as given
