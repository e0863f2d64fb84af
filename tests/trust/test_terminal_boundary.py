"""No server text can act on the terminal: each hostile field through each CLI sink, as bytes.

Every command runs as a real process on a pseudo-terminal (so it knows it writes to one)
against the simulator's hostile scenarios; the test reads the bytes the terminal would get.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tui.sim.hostile import PAYLOAD, PAYLOADS, answer

from .terminal import (
    VISIBLE_JSON,
    VISIBLE_TEXT,
    PtyProcess,
    assert_inert,
    assert_shown,
    run_cli,
    run_sink,
)

# The server field each scenario fills with the payload, and the stderr line it reaches.
ERROR_FIELDS = {
    "error.message and error.code": "sim/evil-400",
    "HTML error page <title>": "sim/evilpage-502:retry_after=0",
    "text/plain 200 body": "sim/evil-text",
    "JSON error in a 200 body": "sim/evil-json200",
    "mid-stream error chunk": "sim/evil-mid",
    "mid-stream error, finish_reason null": "sim/evil-mid-null",
    "event: error line": "sim/evil-event",
    "429 retry line": "sim/evil-429:retry_after=0",
    "503 retry line": "sim/evil-503:retry_after=0",
}
RETRIED = {"HTML error page <title>", "429 retry line", "503 retry line"}
# A prompt cannot carry NUL (it travels in argv); the stored title carries the rest.
TITLE_PAYLOAD = PAYLOAD.replace(PAYLOADS["nul"], "")


def _hostile_base(simulator) -> str:
    return simulator.base_url.replace("/api/v1", "/hostile/api/v1")


@pytest.mark.parametrize("field", ERROR_FIELDS)
def test_ask_error_and_retry_lines_on_stderr_are_inert_and_visible(simulator, field):
    model = ERROR_FIELDS[field]
    code, text = run_cli("ask", "--no-save", "-m", model, "--base-url", simulator.base_url, "hi")
    assert code != 0
    assert "parley: " in text
    assert_shown(text, VISIBLE_TEXT)
    if field in RETRIED:
        assert "retrying in" in text


def test_ask_answer_on_stdout_is_inert_and_visible(simulator):
    base = simulator.base_url
    code, text = run_cli("ask", "--no-save", "-m", "sim/evil-content", "--base-url", base, "hi")
    assert code == 0
    assert_shown(text, VISIBLE_TEXT)


# Server text inside every Markdown construct the renderer styles (the prompt is echoed back).
MARKDOWN_WITH_PAYLOAD = (
    f"# Heading {TITLE_PAYLOAD}\n\n**bold {TITLE_PAYLOAD}** and `code {TITLE_PAYLOAD}`\n\n"
    f"```python\nx = '{TITLE_PAYLOAD}'\n```\n\n- item {TITLE_PAYLOAD}\n\n"
    f"> quote {TITLE_PAYLOAD}\n\n| a | b |\n|---|---|\n"
    f"| {TITLE_PAYLOAD} | [link](http://x/{TITLE_PAYLOAD}) |\n"
)


@pytest.mark.parametrize("raw", [False, True], ids=["rendered", "--raw"])
def test_ask_markdown_rendered_on_a_terminal_is_inert_and_visible(simulator, raw):
    base = simulator.base_url
    flags = ("--raw",) if raw else ()
    args = ("ask", "--no-save", *flags, "-m", "sim/echo", "--base-url", base)
    code, text = run_cli(*args, MARKDOWN_WITH_PAYLOAD)
    assert code == 0
    assert text.count("␛]52;c;aGk=␇") >= 6  # each construct shows its payload
    assert_shown(text, VISIBLE_TEXT)
    assert ("# Heading" in text) is raw  # rendered: the heading marker is gone, styled instead
    assert ("\x1b[1m" in text or "\x1b[1;" in text) is not raw


@pytest.mark.parametrize("model", ["sim/evil-content", "sim/evil-400"])
def test_ask_json_on_a_terminal_escapes_every_payload_and_stays_valid(simulator, model):
    base = simulator.base_url
    code, text = run_cli("ask", "--json", "--no-save", "-m", model, "--base-url", base, "hi")
    document = text.split("\r\nparley: ")[0]  # stderr's error lines follow the JSON
    assert_shown(document, VISIBLE_JSON)
    reply = json.loads(document)
    if code == 0:
        assert reply["content"] == answer()
    else:
        assert reply["error"]["message"] == "server says " + PAYLOAD
        assert_shown(text[len(document) :], VISIBLE_TEXT)


def test_models_table_shows_hostile_ids_names_and_descriptions_inertly(simulator):
    code, text = run_cli("models", "--refresh", "--base-url", _hostile_base(simulator))
    assert code == 0
    assert "evil/model" in text
    assert_shown(text, VISIBLE_TEXT)


def test_models_json_on_a_terminal_is_escaped_and_parses_to_the_served_values(simulator):
    base = _hostile_base(simulator)
    code, text = run_cli("models", "--json", "--refresh", "evil/model", "--base-url", base)
    assert code == 0
    assert_shown(text, VISIBLE_JSON)
    [model] = json.loads(text)
    assert model["id"] == "evil/model" + PAYLOAD
    assert model["description"] == "description " + PAYLOAD


def _parley_piped(*args: str, stdin: str = "") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin.encode(),
        capture_output=True,
        env=dict(os.environ),
        timeout=60,
        check=False,
    )


@pytest.fixture
def stored(simulator) -> None:
    """Conversation 1: a hostile title and answer, then a mid-stream error with the payload."""
    base = simulator.base_url
    first = _parley_piped("ask", "-m", "sim/evil-content", "--base-url", base, TITLE_PAYLOAD)
    assert first.returncode == 0, first.stderr
    second = _parley_piped("ask", "--continue", "-m", "sim/evil-mid", "--base-url", base, "more")
    assert second.returncode == 6, second.stderr


HISTORY_SINKS = {
    "history list": (("history", "list"), VISIBLE_TEXT),
    "history show": (("history", "show", "1"), VISIBLE_TEXT),
    "history search": (("history", "search", "answer"), VISIBLE_TEXT),
    "history export (Markdown)": (("history", "export", "1"), VISIBLE_TEXT),
    "history export --format json": (("history", "export", "1", "--format", "json"), VISIBLE_JSON),
    "history show --json": (("history", "show", "1", "--json"), VISIBLE_JSON),
    "history list --json": (("history", "list", "--json"), VISIBLE_JSON),
}


@pytest.mark.usefixtures("stored")
@pytest.mark.parametrize("sink", HISTORY_SINKS)
def test_history_written_to_a_terminal_is_inert_and_visible(sink):
    args, forms = HISTORY_SINKS[sink]
    run_sink(*args, forms=forms)


@pytest.mark.usefixtures("stored")
def test_the_delete_question_shows_a_hostile_title_inertly():
    process = PtyProcess("history", "delete", "1")
    try:
        process.wait_for("[y/N]")
        process.send(b"n\r")
        assert process.finish() == 0
        text = assert_inert(process.output)
    finally:
        process.close()
    assert_shown(text, VISIBLE_TEXT)
    assert "Kept." in text


def test_piped_ask_keeps_the_content_byte_exact(simulator):
    base = simulator.base_url
    result = _parley_piped("ask", "--no-save", "-m", "sim/evil-content", "--base-url", base, "hi")
    assert result.returncode == 0
    assert result.stdout == (answer() + "\n").encode()


def test_piped_json_and_export_keep_the_payload_exact(simulator, stored):
    base = simulator.base_url
    args = ("ask", "--json", "--no-save", "-m", "sim/evil-content", "--base-url", base, "hi")
    result = _parley_piped(*args)
    raw = result.stdout.decode()
    # json.dumps escapes C0 itself; C1 and bidi stay the characters they are (ensure_ascii=False)
    assert PAYLOADS["c1_csi"] in raw and PAYLOADS["bidi"] in raw
    assert json.loads(result.stdout)["content"] == answer()
    export = _parley_piped("history", "export", "1")
    assert export.returncode == 0
    assert answer().encode() in export.stdout and TITLE_PAYLOAD.encode() in export.stdout
