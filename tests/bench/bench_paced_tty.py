"""Benchmark: the whole app's share of a core while an answer streams, in a real terminal.

Run on demand: ``python tests/bench/bench_paced_tty.py [--runs N] [--against TREE]
[--tokens N] [--tps N] [--compare N] [--size WxH]``.

Each run starts ``python -m tui`` in a fresh tmux session (120x40 unless ``--size``) against
the simulator (in its own process), types a prompt and presses enter; the answer is a
4,000-token Markdown answer paced at 100 tokens/s. The app process's CPU (user + system,
from /proc) is read at enter and then every 0.25 s until the answer is stored as complete;
the figure is CPU over wall, for the whole answer and for each quarter of it (the last quarter
must be no dearer than the second). ``--compare N`` starts the app comparing N models, each
streaming that answer at that pace. ``--against`` names another source tree (e.g. ``git
archive main | tar -x -C /tmp/main``); its runs are interleaved with this tree's, so both
see the same machine load. Medians over ``--runs``.
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from simproc import SimulatorProcess  # run as a script: its folder is on sys.path

HERE = Path(__file__).resolve().parents[2]
PLACEHOLDER = "Ask anything"
SAMPLE = 0.25
TIMEOUT = 600.0
TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def _finished(db: Path, answers: int) -> bool:
    """True once ``answers`` assistant messages are stored and none is still streaming."""
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=0.05) as conn:
            rows = conn.execute("SELECT status FROM messages WHERE role = 'assistant'").fetchall()
    except sqlite3.Error:
        return False
    return len(rows) >= answers and all(status != "streaming" for (status,) in rows)


def run_once(tree: Path, sim_url: str, model: str, compare: int, size: str) -> list[float]:
    """One answer: [(cpu, wall) at enter, at each quarter] flattened as shares, whole first."""
    home = Path(tempfile.mkdtemp(prefix="parley-bench-"))
    (home / "config").mkdir()
    (home / "data").mkdir()
    session = f"parley-paced-{uuid.uuid4().hex[:8]}"
    env = {
        "PYTHONPATH": str(tree),
        "PARLEY_CONFIG_DIR": str(home / "config"),
        "PARLEY_DATA_DIR": str(home / "data"),
        "BENCH_KEY": "sk-bench-not-a-real-key",
        "TERM": "xterm-256color",
    }
    models = ",".join([model] * compare) if compare > 1 else model
    which = f"--compare {models}" if compare > 1 else f"-m {model}"
    command = (
        "env -u PYTHONDONTWRITEBYTECODE "
        + " ".join(f"{k}={v}" for k, v in env.items())
        + f" {sys.executable} -m tui --base-url {sim_url} --api-key-env BENCH_KEY {which}"
    )
    width, height = size.split("x")
    # Started in the tree: ``python -m`` puts the working directory ahead of PYTHONPATH.
    _tmux("new-session", "-d", "-s", session, "-x", width, "-y", height, "-c", str(tree), command)
    try:
        pid = int(_tmux("display", "-p", "-t", session, "#{pane_pid}").strip())
        start = time.monotonic()
        while PLACEHOLDER not in _tmux("capture-pane", "-p", "-t", session):
            if time.monotonic() - start > 20:
                raise RuntimeError("no prompt after 20 s")
            time.sleep(0.05)
        time.sleep(1.0)  # the model list and the key's spend, fetched after the first paint
        _tmux("send-keys", "-t", session, "-l", "Write me a thorough guide, with code.")
        samples = [(_cpu(pid), time.monotonic())]
        _tmux("send-keys", "-t", session, "Enter")
        db = home / "data" / "history.db"
        while not _finished(db, compare):
            if time.monotonic() - samples[0][1] > TIMEOUT:
                raise RuntimeError("the answer did not finish")
            time.sleep(SAMPLE)
            samples.append((_cpu(pid), time.monotonic()))
        return shares(samples)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
        shutil.rmtree(home, ignore_errors=True)


def shares(samples: list[tuple[float, float]]) -> list[float]:
    """CPU over wall for the whole span, then for each quarter of its wall time."""
    (cpu0, t0), (cpu1, t1) = samples[0], samples[-1]
    out = [(cpu1 - cpu0) / (t1 - t0)]
    marks = [t0 + (t1 - t0) * q / 4 for q in range(5)]

    def cpu_at(t: float) -> float:  # linear between samples
        for (ca, ta), (cb, tb) in itertools.pairwise(samples):
            if ta <= t <= tb:
                return ca + (cb - ca) * (t - ta) / max(1e-9, tb - ta)
        return cpu1

    for q in range(4):
        out.append((cpu_at(marks[q + 1]) - cpu_at(marks[q])) / (marks[q + 1] - marks[q]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--against", type=Path, help="another source tree to weigh against")
    parser.add_argument("--tokens", type=int, default=4000)
    parser.add_argument("--tps", type=float, default=100.0)
    parser.add_argument("--compare", type=int, default=1, help="models side by side")
    parser.add_argument("--size", default="120x40")
    args = parser.parse_args()
    if shutil.which("tmux") is None or not Path("/proc/self/stat").exists():
        sys.exit("tmux and /proc are needed")
    trees = {"this": HERE}
    if args.against:
        trees["against"] = args.against.resolve()
    model = f"sim/long:tokens={args.tokens},tps={args.tps:g}"
    print(f"{model} x{args.compare} in {args.size}; load {os.getloadavg()[0]:.2f}")
    results: dict[str, list[list[float]]] = {name: [] for name in trees}
    with SimulatorProcess() as sim:
        for _ in range(args.runs):
            for name, tree in trees.items():
                got = run_once(tree, sim.base_url, model, args.compare, args.size)
                results[name].append(got)
                quarters = " ".join(f"{s:.1%}" for s in got[1:])
                print(f"  {name:<8} {got[0]:6.2%} of a core   quarters {quarters}", flush=True)
    for name, runs in results.items():
        whole = statistics.median(r[0] for r in runs)
        quarters = " ".join(f"{statistics.median(r[q] for r in runs):.1%}" for q in range(1, 5))
        print(f"{name:<8} median {whole:6.2%} of a core   quarters {quarters}   n={len(runs)}")
    print(f"load after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
