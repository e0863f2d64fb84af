"""What the first screen leaves unimported still works on first use, in a fresh process
(in this one, other tests have imported everything already)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(simulator, folder: Path, *extra: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.app.lazy_first_use", simulator.base_url, str(folder), *extra],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PARLEY_API_KEY": "sk-test"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_a_file_attached_and_sent_first_then_a_stored_chat_with_files_answered_again(
    simulator, tmp_path: Path
) -> None:
    first = _run(simulator, tmp_path)
    assert first["at_first_paint"] == []
    assert first["chips"] == ["notes.md · text · 15 bytes"]

    resumed = _run(simulator, tmp_path, str(first["conversation"]))
    assert resumed["at_first_paint"] == ["tui.attachments"]  # its files' sizes are shown
    assert "notes.md · text · 15 bytes" in resumed["detail"]
    assert resumed["answers"] == ["complete", "complete"]
