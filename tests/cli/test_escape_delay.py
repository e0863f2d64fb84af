"""`parley` (the app) shortens Textual's escape delay before Textual reads it; ESCDELAY wins."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from tests.trust.terminal import PtyProcess

# The real entry path up to the app's run, which prints the delay Textual ended up with.
SCRIPT = """
import sys
import tui.commands.app as entry
assert not any(m.startswith("textual") for m in sys.modules), "textual imported too early"

async def run(*args):
    import textual.constants
    print(textual.constants.ESCAPE_DELAY)
    return 0

entry._run = run
from tui.cli import main
sys.exit(main(["--base-url", "http://127.0.0.1:9/v1"]))
"""


@pytest.mark.parametrize(("environ", "delay"), [(None, "0.025"), ("30", "0.03"), ("100", "0.1")])
def test_the_app_waits_25_ms_for_an_escape_sequence_unless_escdelay_says(environ, delay):
    env = {k: v for k, v in os.environ.items() if k != "ESCDELAY"}
    if environ is not None:
        env["ESCDELAY"] = environ
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == delay


@pytest.mark.parametrize("key", [b"\x1b", b"\x03"], ids=["escape", "ctrl+c"])
def test_in_a_real_terminal_the_key_cancels_the_stream_and_the_app_stays(simulator, key):
    model = "sim/slow:tps=40,tokens=20000"
    process = PtyProcess("--base-url", simulator.base_url, "-m", model, rows=30, columns=100)
    try:
        process.wait_for("Ask anything")
        process.send(b"a long answer please\r")
        deadline = time.monotonic() + 20
        while not [r for r in simulator.requests() if r.path.endswith("/completions")]:
            assert time.monotonic() < deadline, "no request"
            process.settle(0.05, timeout=0.2)
        [chat] = [r for r in simulator.requests() if r.path.endswith("/completions")]
        process.settle(0.3, timeout=1)  # well into the stream
        pressed = time.monotonic()
        process.send(key)
        # Mid-reply (the answer would run for minutes) and after the key; how soon is a
        # figure of tests/bench/bench_escape.py, not something a busy machine can promise.
        closed = simulator.wait_for_disconnect(chat.id, timeout=10)
        assert closed is not None and closed >= pressed
        process.wait_for("cancelled")
        assert process.proc.poll() is None  # cancelled, not quit
    finally:
        process.close()
