"""Benchmark: moving the whole history out and back in — ``history export --all`` (JSON lines
and Markdown) and ``history import`` of that file, first time and again, at two sizes.

Run on demand: ``python tests/bench/bench_history_move.py [--messages N ...]``. Each command
runs as a real process; its peak memory (max RSS) shows whether it streams: it should stay
flat as the history grows tenfold.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout, uninstalled

from tests.bench.bench_store import fill
from tui.store import Store


def run(data: Path, *args: str) -> tuple[float, float]:
    """Seconds and peak MB of ``parley ARGS`` on the history in ``data``."""
    env = dict(os.environ, PARLEY_DATA_DIR=str(data))
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "tui", *args], env=env, stdout=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - start
    assert os.waitstatus_to_exitcode(status) == 0, args
    kib = usage.ru_maxrss / (1024 if sys.platform == "darwin" else 1)  # macOS counts bytes
    return elapsed, kib / 1024


async def build(data: Path, messages: int) -> None:
    async with await Store.open(data / "history.db") as store:
        await fill(store, max(1, messages // 20), messages, seed=7)
        await store.optimize()


def bench(root: Path, messages: int) -> None:
    source, target = root / f"src{messages}", root / f"dst{messages}"
    asyncio.run(build(source, messages))
    lines = root / f"all{messages}.jsonl"
    export = ("history", "export", "--all")
    steps = [
        ("export --all json", source, (*export, "--format", "json", "-o", str(lines))),
        ("export --all md", source, (*export, "-o", str(root / f"md{messages}"))),
        ("import (new)", target, ("history", "import", str(lines))),
        ("import (again)", target, ("history", "import", str(lines))),
    ]
    for name, data, args in steps:
        seconds, peak = run(data, *args)
        print(f"{messages:>8,} messages  {name:<18} {seconds:6.1f} s  peak {peak:6.1f} MB")
    print(f"{'':>8}           JSON lines file {lines.stat().st_size / 1e6:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, nargs="+", default=[20_000, 200_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for messages in args.messages:
            bench(Path(folder), messages)


if __name__ == "__main__":
    main()
