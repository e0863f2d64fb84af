"""Web search in the chat: f9 switches it, the answer's sources follow it, and a stored
chat shows its prompts' files and its answers' sources again."""

from __future__ import annotations

from tests.app.pilot_helpers import (
    catalog_loaded,
    last_chat,
    send,
    settle,
    status_text,
    wait_until,
)
from tests.app.test_attachments_app import attach
from tui.store import StoredCitation
from tui.widgets.transcript import Transcript


async def test_web_search_sends_the_plugin_and_numbers_the_sources(build_app, store, simulator):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        await pilot.press("f9")
        await pilot.pause()
        assert "web search" in status_text(app)
        await send(pilot, "What is new in Textual")
        screen = await settle(pilot)
        assert last_chat(simulator).body["plugins"] == [{"id": "web"}]
        _user, answer = await store.messages(screen.conversation.id)
        stored = (await store.citations_of([answer.id]))[answer.id]
        assert len(stored) == 5
        detail = screen.query_one(Transcript).message_view(answer.id).detail
        lines = detail.splitlines()
        assert lines[0] == "Sources:"
        assert lines[1] == f"[1] {stored[0].title} — {stored[0].url}"
        assert lines[5].startswith("[5] ") and stored[4].url in lines[5]

        await pilot.press("f9")
        await pilot.pause()
        assert "web search" not in status_text(app)
        await send(pilot, "And without")
        await settle(pilot)
        assert "plugins" not in last_chat(simulator).body


async def test_a_stored_chat_shows_its_files_and_sources(build_app, store, tmp_path):
    (tmp_path / "todo.txt").write_text("milk")
    first = build_app(model="sim/echo")
    async with first.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        await attach(pilot, tmp_path / "todo.txt")
        await pilot.press("f9")
        await send(pilot, "Plan my day")
        screen = await settle(pilot)
        conversation_id = screen.conversation.id
    user, answer = await store.messages(conversation_id)
    cited = (await store.citations_of([answer.id]))[answer.id]

    again = build_app(model="sim/echo", conversation_id=conversation_id)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        transcript = again.screen.query_one(Transcript)
        await settle(pilot)
        assert "todo.txt · text · 4 bytes" in transcript.message_view(user.id).detail
        detail = transcript.message_view(answer.id).detail
        assert detail.splitlines()[1] == f"[1] {cited[0].title} — {cited[0].url}"
        assert "web search" not in status_text(again)  # the switch is the session's


async def test_hostile_sources_reach_the_transcript_inert(build_app, store):
    conversation = await store.create_conversation(model="sim/echo")
    await store.add_message(conversation.id, "user", "q")
    answer = await store.add_message(conversation.id, "assistant", "a", model_requested="sim/echo")
    await store.set_citations(
        answer.id, [StoredCitation("https://x.example/\x1b]8;;evil\x07", "T\x1b[2Jitle")]
    )
    app = build_app(model="sim/echo", conversation_id=conversation.id)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        detail = app.screen.query_one(Transcript).message_view(answer.id).detail
        assert "\x1b" not in detail and "\x07" not in detail
        assert "https://x.example/" in detail and "itle" in detail


async def test_sources_show_while_the_answer_still_streams(build_app):
    # sim/tools cites a source halfway through its answer; the rest trickles in after it.
    app = build_app(model="sim/tools:tps=15")
    async with app.run_test(size=(100, 30)) as pilot:
        await send(pilot, "Weather, with sources")
        screen = app.screen
        transcript = screen.query_one(Transcript)

        def live_detail() -> str:
            key = screen._live.message_key if screen._live else None
            return transcript.message_view(key).detail if key is not None else ""

        await wait_until(pilot, lambda: "Sources:" in live_detail())
        assert screen.streaming  # shown before the answer ended, not only once stored
        assert live_detail().splitlines()[1].startswith("[1] ")
        await settle(pilot)
