"""The thinking block: reasoning streams live above the answer, folds, opens and reloads."""

from __future__ import annotations

from tests.app.pilot_helpers import ask, send, settle, status_text, wait_until
from tests.app.test_compare import finish, open_compare
from tests.app.test_compare import send as compare_send
from tui.controllers.message_views import thought_words
from tui.screens.chat import ChatScreen
from tui.screens.help import HelpTable
from tui.store import Store
from tui.widgets.transcript import Transcript

# The answer comes slowly too: reads are gathered until just before a redraw, so a quick
# short answer can arrive whole in one read, and the status would never say "streaming".
SLOW_THINKER = "sim/reasoning:reasoning_tokens=400,reasoning_tps=40,tokens=60,tps=20"
THINKER = "sim/reasoning:reasoning_tokens=1240,tokens=60"


def transcript_of(app) -> Transcript:
    return app.screen.query_one(Transcript)


def lines_of(transcript: Transcript, key) -> list[str]:
    """A message's lines as drawn (header, thinking, text, footer), without trailing space."""
    transcript.flush()
    return [strip.text.rstrip() for strip in transcript.message_lines(key)]


def live_key(screen: ChatScreen):
    return screen._live.message_key if screen._live else None


def answer_keys(transcript: Transcript) -> list:
    return [k for k in transcript.message_keys() if transcript.message_view(k).role == "assistant"]


async def two_answers(pilot) -> tuple[Transcript, list]:
    """Ask twice and wait for both answers; the transcript and the answers' keys."""
    for prompt in ("first", "second"):
        await ask(pilot, prompt)
    transcript = transcript_of(pilot.app)
    return transcript, answer_keys(transcript)


async def thinking(pilot) -> tuple[ChatScreen, Transcript]:
    """Ask and wait until the answer's thinking shows: the chat and its transcript."""
    await send(pilot, "think first")
    screen, transcript = pilot.app.screen, transcript_of(pilot.app)
    await wait_until(pilot, lambda: live_key(screen) and transcript.thinking_text(live_key(screen)))
    return screen, transcript


async def test_a_thinking_block_streams_live_above_the_answer_and_grows(build_app):
    app = build_app(model=SLOW_THINKER)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, transcript = await thinking(pilot)
        key = live_key(screen)
        first = transcript.thinking_text(key)
        await wait_until(pilot, lambda: len(transcript.thinking_text(key)) > len(first) + 20)
        assert transcript.thinking_open(key) is True
        assert transcript.message_text(key) == ""  # no answer yet: all of it is thinking
        lines = lines_of(transcript, key)
        assert lines[1] == "▾ thinking…"
        shown = " ".join(line.strip() for line in lines[2:])
        assert transcript.thinking_text(key).split()[0] in shown
        await screen.stop_streaming()
        await settle(pilot)


async def test_the_status_and_the_header_say_thinking_then_streaming(build_app):
    app = build_app(model=SLOW_THINKER)
    async with app.run_test(size=(100, 30)) as pilot:
        screen, transcript = await thinking(pilot)
        await wait_until(pilot, lambda: "thinking ·" in status_text(app))
        assert status_text(app).startswith("● thinking · ")
        assert "streaming" not in status_text(app)
        header = lines_of(transcript, live_key(screen))[0]
        assert header.startswith(f"{SLOW_THINKER}  thinking…")
        await wait_until(pilot, lambda: transcript.message_text(live_key(screen)), limit=30)
        await wait_until(pilot, lambda: "streaming" in status_text(app))
        assert "thinking" not in status_text(app)
        # The header changes with the transcript's next redraw, which may come a little
        # after the status line's tick.
        await wait_until(pilot, lambda: "streaming…" in lines_of(transcript, live_key(screen))[0])
        await screen.stop_streaming()
        await settle(pilot)


async def test_the_block_folds_to_one_line_when_the_answer_starts(build_app, store: Store):
    app = build_app(model="sim/reasoning:reasoning_tokens=30,tokens=400,tps=100")
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "think, then answer")
        screen, transcript = app.screen, transcript_of(app)
        await wait_until(
            pilot, lambda: live_key(screen) and transcript.message_text(live_key(screen))
        )
        key = live_key(screen)
        assert transcript.thinking_open(key) is False
        label = lines_of(transcript, key)[1]
        assert label.startswith("▸ thought for ") and label.endswith(" s"), label
        await settle(pilot)
        (_, answer) = await store.messages(screen.conversation.id)
        assert answer.reasoning_tokens == 30 and answer.reasoning_ms is not None
        lines = lines_of(transcript, key)
        assert lines[1] == f"▸ {thought_words(answer.reasoning_ms / 1000, 30)}"
        assert lines[1].endswith(" s · 30 tokens")
        assert lines[2] == ""  # one line, then the answer
        assert lines[3].split()[-1] in transcript.message_text(key).split("\n")[0]


async def test_the_folded_line_counts_reasoning_tokens_with_separators(build_app, store: Store):
    app = build_app(model=THINKER)
    async with app.run_test(size=(100, 30)) as pilot:
        await ask(pilot, "think a lot")
        key = answer_keys(transcript_of(app))[-1]
        assert lines_of(transcript_of(app), key)[1].endswith(" s · 1,240 tokens")


async def test_t_opens_and_folds_the_thinking_of_the_message_under_the_cursor(build_app):
    app = build_app(model=THINKER)
    async with app.run_test(size=(100, 40)) as pilot:
        transcript, (first, second) = await two_answers(pilot)
        transcript.focus()
        await pilot.press("up")  # the cursor on the last answer
        assert transcript.cursor_key == second
        await pilot.press("t")
        assert (transcript.thinking_open(first), transcript.thinking_open(second)) == (False, True)
        lines = lines_of(transcript, second)
        assert lines[1].startswith("▾ thought for ")
        reasoning = transcript.thinking_text(second)
        assert reasoning.split()[0] in lines[2] and len(lines) > 10
        await pilot.press("t")
        assert transcript.thinking_open(second) is False
        assert lines_of(transcript, second)[1].startswith("▸ thought for ")


async def test_shift_t_and_alt_t_open_and_fold_all_thinking(build_app):
    app = build_app(model=THINKER)
    async with app.run_test(size=(100, 40)) as pilot:
        transcript, keys = await two_answers(pilot)
        await pilot.press("alt+t")  # from the prompt
        assert [transcript.thinking_open(k) for k in keys] == [True, True]
        await pilot.press("alt+t")
        assert [transcript.thinking_open(k) for k in keys] == [False, False]
        transcript.focus()
        await pilot.press("up", "t")  # one open: all open next, then all folded
        await pilot.press("T")
        assert [transcript.thinking_open(k) for k in keys] == [True, True]
        await pilot.press("T")
        assert [transcript.thinking_open(k) for k in keys] == [False, False]


async def test_a_reloaded_conversation_shows_its_thinking_folded(build_app, store: Store):
    app = build_app(model=THINKER)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "think a lot")
        conversation = screen.conversation.id
    (_, answer) = await store.messages(conversation)
    again = build_app(conversation_id=conversation)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        transcript = transcript_of(again)
        assert transcript.thinking_open(answer.id) is False
        assert transcript.thinking_text(answer.id) == answer.reasoning
        lines = lines_of(transcript, answer.id)
        assert lines[1] == f"▸ {thought_words(answer.reasoning_ms / 1000, 1240)}"
        assert answer.reasoning.split()[0] not in " ".join(lines[1:3])
        transcript.focus()
        await pilot.press("t")  # no cursor yet: the last message that thought
        assert transcript.thinking_open(answer.id) is True


async def test_encrypted_only_reasoning_shows_the_folded_line_without_text(build_app, store):
    conversation = await store.create_conversation("sealed", model="sim/reasoning-encrypted")
    await store.add_message(conversation.id, "user", "think in private")
    encrypted = [{"type": "reasoning.encrypted", "data": "c2VjcmV0IHRob3VnaHRz", "index": 0}]
    answer = await store.add_message(
        conversation.id,
        "assistant",
        "The answer, thought out in private.",
        reasoning_details=encrypted,
        reasoning_ms=3200.0,
        reasoning_tokens=512,
    )
    app = build_app(conversation_id=conversation.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        transcript = transcript_of(app)
        lines = lines_of(transcript, answer.id)
        assert lines[1] == "· thought for 3.2 s · 512 tokens · encrypted, not shown"
        assert not any("c2VjcmV0" in line for line in lines)
        assert transcript.toggle_thinking(answer.id) is False  # nothing to open
        assert lines_of(transcript, answer.id) == lines


async def test_comparison_columns_stream_fold_and_open_their_thinking(build_app):
    models = ("sim/reasoning:reasoning_tokens=300,reasoning_tps=60,tokens=40", THINKER)
    app = build_app()
    async with app.run_test(size=(140, 40)) as pilot:
        screen = await open_compare(pilot, models)
        await compare_send(pilot, "think side by side")
        slow = screen.lanes[0]
        transcript = slow.column.transcript
        await wait_until(pilot, lambda: slow.live.message_key is not None)
        key = slow.live.message_key
        await wait_until(pilot, lambda: transcript.thinking_text(key))
        assert transcript.thinking_open(key) is True  # live, above the coming answer
        await finish(pilot, screen)
        transcripts = [lane.column.transcript for lane in screen.lanes]
        answers = [(t, t.message_keys()[-1]) for t in transcripts]
        assert [t.thinking_open(k) for t, k in answers] == [False, False]
        labels = [lines_of(t, k)[1] for t, k in answers]
        assert labels[0].endswith(" s · 300 tokens") and labels[1].endswith(" s · 1,240 tokens")
        await pilot.press("alt+t")
        assert [t.thinking_open(k) for t, k in answers] == [True, True]
        await pilot.press("alt+t")
        assert [t.thinking_open(k) for t, k in answers] == [False, False]


async def test_help_lists_the_thinking_keys_of_the_chat_and_the_comparison(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        chat_keys = help_keys(app)
        await pilot.press("escape")
        await open_compare(pilot, ("openai/gpt-4o", "anthropic/claude-3.5-sonnet"))
        await pilot.press("f1")
        await pilot.pause()
        compare_keys = help_keys(app)
    assert chat_keys["chat.thinking"] == ("alt+t", "Open or fold all thinking")
    assert chat_keys["transcript.thinking"] == ("t", "Open or fold thinking")
    assert chat_keys["transcript.thinking_all"] == ("T", "Open or fold all thinking")
    assert compare_keys["compare.thinking"] == ("alt+t", "Open or fold all thinking")


def help_keys(app) -> dict[str, tuple[str, str]]:
    """The help screen's lines by binding id: (keys, description)."""
    return {
        entry.binding_id: (entry.key, entry.description)
        for table in app.screen.query(HelpTable)
        for entry in table.entries
    }
