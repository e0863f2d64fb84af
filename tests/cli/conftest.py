"""Fixtures for the one-shot commands: run `parley` in-process or as a real subprocess."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from tui.cli import main
from tui.store import Store


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def parley(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, simulator):
    """Run ``parley ARGS…`` in this process against the simulator; stdin is given or empty."""

    def run(*args: str, stdin: str | None = None, base_url: str | None = None) -> Result:
        argv = list(args)
        if argv and argv[0] in ("ask", "models") and "--base-url" not in argv:
            argv += ["--base-url", base_url or simulator.base_url]
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin if stdin is not None else ""))
        code = main(argv)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)


@pytest.fixture
def spawn(simulator, isolated_env: Path):
    """Start ``python -m tui ARGS…`` as a real process with the test's environment."""

    def start(*args: str, **overrides) -> subprocess.Popen[str]:
        options = {
            "stdin": subprocess.DEVNULL,
            "stdout": subprocess.PIPE,
            "stderr": subprocess.PIPE,
            "text": True,
            "env": dict(os.environ),
            # As a terminal's foreground job has it: a suite started in the background by a
            # non-interactive shell would otherwise pass SIGINT on ignored.
            "preexec_fn": _default_interrupt,
        } | overrides
        return subprocess.Popen([sys.executable, "-m", "tui", *args], **options)

    return start


@pytest.fixture
def history(isolated_env: Path):
    """Read what the commands stored: ``history(lambda store: store.messages(1))``."""
    db = isolated_env / "data" / "history.db"

    def read(query):
        async def go():
            store = await Store.open(db)
            try:
                return await query(store)
            finally:
                await store.close()

        return asyncio.run(go())

    return read
