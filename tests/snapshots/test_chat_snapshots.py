"""How the chat app looks: each snapshot reviewed by eye before it was accepted."""

from __future__ import annotations

from pathlib import Path

from tests.app.pilot_helpers import wait_until
from tui.widgets.prompt import PromptEditor
from tui.widgets.status import StatusLine


async def _send(pilot, text: str, *, wait: bool = True) -> None:
    screen = pilot.app.screen
    editor = screen.query_one(PromptEditor)
    editor.load(text)
    await pilot.press("enter")
    if wait:
        await screen.live.wait()
        await pilot.app.workers.wait_for_complete()
        await screen.workers.wait_for_complete()
    else:
        # The turn has begun: its conversation is stored and titled, as the picture shows
        # (the status line names the title once it has drawn it).
        await wait_until(pilot, lambda: screen.conversation is not None)
        status = screen.query_one(StatusLine)
        await wait_until(pilot, lambda: text[:20] in status.render().plain)
    await pilot.pause()
    screen.query_one("Transcript").flush()
    await pilot.pause()


def test_empty_app(snap_compare, snap_app):
    """You should see an empty conversation, the status line reading "ready" with the model
    openai/gpt-4o on its right, the prompt editor with its placeholder, and the footer keys."""
    assert snap_compare(snap_app(), terminal_size=(120, 40))


def test_streamed_markdown_answer_with_code(snap_compare, snap_app):
    """You should see "You" with the prompt, then the model's Markdown answer about using
    Parley from Python: a heading, a list, a highlighted fenced code block, and a quiet
    provenance footer (model, tokens, cost); the status line says "done"."""

    async def before(pilot):
        await _send(pilot, "How do I use parley ask from a python script?")

    assert snap_compare(snap_app(), terminal_size=(120, 40), run_before=before)


def test_waiting_for_the_first_token(snap_compare, snap_app):
    """You should see the prompt, an empty answer marked "connecting…", and the status line
    with a spinner and "connecting · 0 s" while the server has not answered yet."""

    async def before(pilot):
        await _send(pilot, "Are you there?", wait=False)

    app = snap_app(model="sim/stall-before:stall=5")
    assert snap_compare(app, terminal_size=(120, 40), run_before=before)


def test_cancelled_answer(snap_compare, snap_app, snap_exchange):
    """You should see a partial answer (a haiku cut off mid-line) marked "cancelled" with a
    note that ctrl+g continues it."""
    conversation = snap_exchange(
        "openai/gpt-4o",
        "Write a haiku about terminals",
        "Green cursor blinking\nin the quiet of the",
        status="cancelled",
    )
    assert snap_compare(snap_app(conversation_id=conversation), terminal_size=(120, 40))


def test_error_block(snap_compare, snap_app):
    """You should see the prompt, then an error block under the answer's header: "HTTP 402"
    with the server's message about credits and the hint to add credits; the status line
    shows the error."""

    async def before(pilot):
        await _send(pilot, "Hello?")

    assert snap_compare(snap_app(model="sim/http-402"), terminal_size=(120, 40), run_before=before)


def test_help_screen(snap_compare, snap_app):
    """You should see the help panel over the chat: the keys everywhere, then every binding
    of the chat view (cancel, new chat, chats, retry, edit last prompt, copy …) and of the
    focused prompt editor (send, new line, history)."""
    assert snap_compare(snap_app(), terminal_size=(120, 40), press=["f1"])


def test_first_run_screen(snap_compare, snap_app):
    """You should see the first-run screen: how to set OPENROUTER_API_KEY, a masked field to
    paste a key, where it will be saved, and buttons to save, try the demo, or quit."""
    # A fixed path keeps the snapshot the same on every machine; nothing is written to it.
    config = Path.home() / ".config" / "parley" / "config.toml"
    app = snap_app(base_url="https://openrouter.ai/api/v1", config_path=config)
    assert snap_compare(app, terminal_size=(120, 40))


def test_main_view_at_80x24(snap_compare, snap_app):
    """You should see, in a narrow 80x24 terminal, a full conversation that still reads well:
    the answer wrapped to the width, the status line, the prompt and the footer."""

    async def before(pilot):
        await _send(pilot, "What keys does Parley use?")

    assert snap_compare(snap_app(), terminal_size=(80, 24), run_before=before)


def test_demo_mode_says_so(snap_compare, snap_app):
    """You should see the demo notice at the top of the empty conversation and "DEMO" in the
    status line."""
    assert snap_compare(snap_app(demo=True), terminal_size=(100, 30))
