"""Start-up imports: the one-shot commands never import Textual, and the app leaves what its
first screen does not need for later (each checked in a fresh process)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

# Runs the real entry point, then names every top-level package the process imported.
SCRIPT = (
    "import sys; from tui.cli import main; code = main(sys.argv[1:]); "
    "sys.stderr.write('\\nMODULES ' + ' '.join(sorted({m.split('.')[0] for m in sys.modules})));"
    "sys.exit(code)"
)


def _modules_after(*args: str) -> tuple[int, set[str], str]:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )
    head, _, modules = proc.stderr.rpartition("MODULES ")
    return proc.returncode, set(modules.split()), head + proc.stdout


@pytest.fixture
def stored(isolated_env, simulator) -> None:
    """One stored conversation, so ``history`` has something to list, show and export."""
    code, _, output = _modules_after(
        "ask", "-m", "sim/echo", "--base-url", simulator.base_url, "hi"
    )
    assert code == 0, output


def test_ask_never_imports_textual(stored, simulator) -> None:
    code, modules, output = _modules_after(
        "ask", "-m", "sim/echo", "--raw", "--base-url", simulator.base_url, "hello"
    )
    assert code == 0, output
    assert "tui" in modules and "httpx" in modules
    assert "textual" not in modules


@pytest.mark.parametrize(
    "args",
    [
        ("history", "list"),
        ("history", "show", "1"),
        ("history", "search", "hi"),
        ("history", "export", "1"),
        ("history", "export", "1", "--format", "json"),
    ],
    ids=" ".join,
)
def test_history_never_imports_textual(stored, args: tuple[str, ...]) -> None:
    code, modules, output = _modules_after(*args)
    assert code == 0, output
    assert "aiosqlite" in modules
    assert "textual" not in modules


def test_models_never_imports_textual(isolated_env, simulator) -> None:
    code, modules, output = _modules_after("models", "--base-url", simulator.base_url)
    assert code == 0, output
    assert "sim/echo" in output
    assert "textual" not in modules


# What the first screen does not need is imported when first used, after the paint.
NOT_BEFORE_FIRST_PAINT = (
    "httpx",
    "markdown_it",
    "tomlkit",
    "tui.api.client",
    "tui.api.events",
    "tui.attachments",
    "tui.controllers.live_turn",
    "tui.exporting",
    "tui.progress",
    "tui.render.code",
    "tui.render.markdown",
    "tui.presets",
    "tui.screens.compare",
    "tui.screens.help",
    "tui.screens.model_choice",
    "tui.screens.picker",
    "tui.screens.search",
    "tui.screens.welcome",
    "tui.simulator",
    "tui.turn",
    "tui.turn_history",
    "tui.turn_spec",
    "tui.widgets.param_fields",
    "tui.widgets.sidebar",
)


def test_the_app_entry_leaves_what_the_first_screen_does_not_need() -> None:
    script = (
        "import sys; import tui.commands.app, tui.app, tui.screens.chat; "
        "print(' '.join(sorted(sys.modules)))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    modules = set(proc.stdout.split())
    assert "textual.app" in modules and "tui.screens.chat" in modules
    assert sorted(modules.intersection(NOT_BEFORE_FIRST_PAINT)) == []
