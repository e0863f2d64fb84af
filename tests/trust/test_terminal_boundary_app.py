"""No server text can act on the terminal: each hostile field through each sink of the app.

The real app runs on a pseudo-terminal against the hostile simulator; the test reads the
bytes Textual writes there (what ``Strip.render`` produced), not the screen model.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tui.sim.hostile import PAYLOAD, PAYLOADS

from .terminal import PtyProcess, assert_inert

# The parts of the visible form that fit every sink's width (an id is cropped with "…").
OSC52_SHOWN, BIDI_SHOWN = "␛]52;c;aGk=␇", "<U+202E>"
EVIL_MODEL = "evil/model" + PAYLOAD.replace(PAYLOADS["nul"], "")  # argv cannot carry NUL
ERROR_LINES = {
    "error.message and error.code": ("sim/evil-400", "server says"),
    "HTML error page <title>": ("sim/evilpage-502:retry_after=0", "proxy"),
    "text/plain 200 body": ("sim/evil-text", "plain text"),
    "JSON error in a 200 body": ("sim/evil-json200", "server says"),
    "mid-stream error chunk": ("sim/evil-mid", "stream broke"),
    "event: error line": ("sim/evil-event", "stream broke"),
    "503 after retries": ("sim/evil-503:retry_after=0", "server says"),
}


def _app(*args: str, ready: str = "Ask anything") -> PtyProcess:
    app = PtyProcess(*args, rows=40, columns=160)
    app.wait_for(ready, timeout=30)
    return app


def _quit(app: PtyProcess) -> str:
    app.settle()
    app.send(b"\x11")  # ctrl+q
    try:
        assert app.finish() == 0
    finally:
        app.close()
    return assert_inert(app.output)


@pytest.mark.parametrize("field", ERROR_LINES)
def test_the_error_line_shows_a_hostile_error_inertly(simulator, field):
    model, marker = ERROR_LINES[field]
    app = _app("--base-url", simulator.base_url, "-m", model)
    app.send(b"hi\r")
    app.wait_for(marker)
    text = _quit(app)
    assert OSC52_SHOWN in text and BIDI_SHOWN in text


def test_status_bar_titles_and_footers_show_a_hostile_model_id_inertly(simulator):
    app = _app("--base-url", simulator.base_url, "-m", EVIL_MODEL)
    app.send(b"hi\r")
    app.wait_for("evil/model", timeout=20)
    app.wait_for(BIDI_SHOWN)
    text = _quit(app)
    assert text.count(OSC52_SHOWN) >= 2  # the status bar and the answer's title at least


def test_picker_list_and_details_show_a_hostile_catalog_inertly(simulator):
    base = simulator.base_url.replace("/api/v1", "/hostile/api/v1")
    app = _app("--base-url", base)
    app.send(b"\x1bOS")  # f4: the model picker
    app.wait_for("type to filter")
    app.send(b"evil/model")
    app.wait_for("description ")  # the details pane shows the highlighted model
    text = _quit(app)
    assert text.count(OSC52_SHOWN) >= 2 and BIDI_SHOWN in text  # list, name, description


def test_compare_columns_and_the_winner_notification_show_a_hostile_id_inertly(simulator):
    models = f"{EVIL_MODEL},openai/gpt-4o"
    app = _app("--base-url", simulator.base_url, "--compare", models, ready="Ask every model")
    app.send(b"hi\r")
    app.settle(quiet=1.0)
    app.send(b"\x1bw")  # alt+w: the first column wins
    app.wait_for("Continuing with")
    text = _quit(app)
    assert OSC52_SHOWN in text[text.index("Continuing with") :]
    assert BIDI_SHOWN in text


def test_a_resumed_conversation_shows_its_hostile_title_and_answer_inertly(simulator):
    title = PAYLOAD.replace(PAYLOADS["nul"], "")
    ask = ("ask", "-m", "sim/evil-content", "--base-url", simulator.base_url, "title " + title)
    stored = subprocess.run(
        [sys.executable, "-m", "tui", *ask],
        capture_output=True,
        env=dict(os.environ),
        timeout=60,
        check=False,
    )
    assert stored.returncode == 0, stored.stderr
    app = PtyProcess("--base-url", simulator.base_url, "-c", "1", rows=40, columns=160)
    app.wait_for("Here is an answer", timeout=30)
    text = _quit(app)
    assert text.count(OSC52_SHOWN) >= 2  # the title and the answer
    assert BIDI_SHOWN in text


def test_hostile_reasoning_shows_inertly_live_and_in_an_opened_thinking_block(simulator):
    app = _app("--base-url", simulator.base_url, "-m", "sim/reasoning-evil")
    app.send(b"hi\r")
    app.wait_for("thought for")  # the answer began: the block folded to its line
    app.settle()
    app.send(b"\x1bt")  # alt+t: open every thinking block
    app.wait_for("▾ thought for")
    app.settle()
    text = _quit(app)
    opened = text[text.index("▾ thought for") :]
    assert "Thinking it over" in opened
    assert OSC52_SHOWN in opened and BIDI_SHOWN in opened
