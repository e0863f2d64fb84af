"""Store tests: shared helpers (a settable clock, running a script in another process)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import tui


class Clock:
    """A clock the test moves by hand (unix seconds)."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def python(script: str, *args: str, stdin: int | None = None) -> subprocess.Popen[str]:
    """Start ``script`` in a fresh Python process that can import this checkout's ``tui``."""
    root = str(Path(tui.__file__).resolve().parents[1])
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")])),
    }
    return subprocess.Popen(
        [sys.executable, "-c", script, *args],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
