"""Benchmark: from a cancel key to the server seeing the socket close, in a real terminal.

Run on demand: ``python tests/bench/bench_escape.py [TRIALS] [BEFORE]``, where BEFORE is
an optional checkout of an earlier Parley (e.g. ``git archive`` of a commit, unpacked) to
measure as it was. It starts ``parley`` in a
tmux pane (120x40) against the simulator, sends a prompt to a slow stream, presses the key
with ``tmux send-keys`` and reads when the simulator saw the client leave. It compares
escape with Textual's old 100 ms escape delay (``ESCDELAY=100``), escape with Parley's
default, and ctrl+c, and prints the median and spread in milliseconds. The figures include
starting the tmux client for each key (a few ms), the same in every row.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # run from a checkout, uninstalled

from tui.simulator import Simulator  # noqa: E402

SESSION = "parley-bench-escape"
MODEL = "sim/slow:tps=40,tokens=20000"


def _tmux(*args: str) -> str:
    done = subprocess.run(["tmux", *args], capture_output=True, text=True, check=True)
    return done.stdout


def _chats(sim: Simulator) -> list:
    return [r for r in sim.requests() if r.path.endswith("/completions")]


def _wait(predicate, limit: float = 20.0) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        time.sleep(0.01)


def _trials(
    sim: Simulator, key: str, escdelay: str | None, count: int, root: Path = ROOT
) -> list[float]:
    data = Path(tempfile.mkdtemp(prefix="parley-bench-"))
    env = {"PARLEY_DATA_DIR": str(data / "data"), "PARLEY_CONFIG_DIR": str(data / "config")}
    if escdelay is not None:
        env["ESCDELAY"] = escdelay
    exports = " ".join(f"{k}={v}" for k, v in env.items())
    command = (
        f"cd {root} && env -u ESCDELAY {exports} PYTHONPATH={root} {sys.executable} -m tui "
        f"--base-url {sim.base_url} -m {MODEL}"
    )
    _tmux("new-session", "-d", "-s", SESSION, "-x", "120", "-y", "40", command)
    latencies = []
    try:
        _wait(lambda: "Help" in _tmux("capture-pane", "-p", "-t", SESSION))
        for trial in range(count):
            before = len(_chats(sim))
            _tmux("send-keys", "-t", SESSION, "-l", f"question {trial}")
            _tmux("send-keys", "-t", SESSION, "Enter")
            _wait(lambda n=before: len(_chats(sim)) > n and _chats(sim)[-1].first_byte_at)
            time.sleep(0.4)  # well into the stream
            record = _chats(sim)[-1]
            pressed = time.monotonic()
            _tmux("send-keys", "-t", SESSION, key)
            closed = sim.wait_for_disconnect(record.id, timeout=5)
            if closed is None:
                raise RuntimeError(f"{key}: the stream was not cancelled")
            latencies.append((closed - pressed) * 1000)
            time.sleep(0.4)  # the partial answer is stored; the prompt is back
    finally:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], check=False)
        shutil.rmtree(data, ignore_errors=True)
    return latencies


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    before = Path(sys.argv[2]).resolve() if len(sys.argv) > 2 else None
    rows = [
        ("escape, ESCDELAY=100 (Textual's default)", "Escape", "100", ROOT),
        ("escape, Parley's default", "Escape", None, ROOT),
        ("ctrl+c", "C-c", None, ROOT),
    ]
    if before is not None:
        rows.insert(0, (f"escape, as in {before.name}", "Escape", None, before))
    with Simulator() as sim:
        for label, key, escdelay, root in rows:
            figures = sorted(_trials(sim, key, escdelay, count, root))
            print(
                f"{label:52} median {statistics.median(figures):6.1f} ms  "
                f"min {figures[0]:6.1f}  max {figures[-1]:6.1f}  (n={len(figures)})"
            )


if __name__ == "__main__":
    os.environ.pop("ESCDELAY", None)
    main()
