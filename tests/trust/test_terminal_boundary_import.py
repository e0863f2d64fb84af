"""Strings from an imported file reach the terminal through the same neutraliser, as bytes:
titles and texts once imported, and the title an import error quotes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.import_files import chatgpt_short, write_json
from tui.sim.hostile import PAYLOAD

from .terminal import VISIBLE_JSON, VISIBLE_TEXT, assert_shown, run_cli, run_sink


def hostile_export() -> list[dict]:
    conversation = chatgpt_short()
    conversation["title"] = "trip " + PAYLOAD
    conversation["mapping"]["b"]["message"]["content"]["parts"] = ["answer " + PAYLOAD]
    return [conversation]


@pytest.fixture
def imported(isolated_env: Path) -> None:
    path = write_json(isolated_env / "conversations.json", hostile_export())
    # Imported through a pipe: what the terminal sees is judged by the commands below.
    done = subprocess.run(
        [sys.executable, "-m", "tui", "history", "import", str(path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


SINKS = {
    "history show": (("history", "show", "1"), VISIBLE_TEXT),
    "history list": (("history", "list"), ()),
    "history show --json": (("history", "show", "1", "--json"), VISIBLE_JSON),
    "history export --all --format json": (
        ("history", "export", "--all", "--format", "json"),
        VISIBLE_JSON,
    ),
}


@pytest.mark.usefixtures("imported")
@pytest.mark.parametrize("sink", SINKS)
def test_an_imported_hostile_title_and_text_are_inert_on_a_terminal(sink):
    args, forms = SINKS[sink]
    if sink == "history export --all --format json":
        code, text = run_cli(*args)  # stdout and the summary share the terminal
        assert code == 0
        assert_shown(text, forms)
        return
    text = run_sink(*args, forms=forms)
    assert "trip" in text


def test_a_hostile_title_quoted_by_an_import_error_is_inert(isolated_env: Path):
    broken = hostile_export()
    del broken[0]["mapping"]["b"]["message"]["author"]
    path = write_json(isolated_env / "conversations.json", broken)
    code, text = run_cli("history", "import", str(path))
    assert code == 1
    assert "has no author" in text and "␛]0;pwned␇" in text
