"""The demo's first screen shows its notice without importing Markdown (checked in a fresh
process: in this one, other tests have imported everything already)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.app.demo_first_paint import DEFERRED
from tui.controllers.chat_session import DEMO_NOTICE

ROOT = Path(__file__).resolve().parents[2]


def test_the_demo_paints_its_notice_before_importing_markdown_and_imports_it_while_idle(
    tmp_path: Path,
) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.app.demo_first_paint", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=dict(os.environ),
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert report["at_first_paint"] == []
    assert "Demo mode: answers come from Parley's built-in simulator" in report["shown"]
    assert DEMO_NOTICE.startswith("Demo mode:")
    # While the app waits for the first prompt, the Markdown renderer is brought in, so
    # the first answer does not wait for it; the prompt's Markdown then renders.
    assert report["before_prompt"] == sorted(DEFERRED)
    assert "tui.render.markdown" in report["after_prompt"]
