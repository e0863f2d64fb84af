"""Benchmark: the whole app, headless, under a 5 MB and a 50 MB flood of content deltas.

Run on demand: ``python tests/bench/bench_flood.py [--repeats N] [--sizes 5,50]``.

Each run is a fresh process (so its peak RSS is its own) that opens an empty history, sends
a prompt to ``sim/flood-<MB>mb`` (deltas of at most 5 MB; the stream stays open after the
flood) and, the moment the last byte of the flood has reached the transcript, presses a key
the way a terminal does (from another thread, through the driver). It prints the medians of:

- escape: from the key to the socket closed, as the simulator (a subprocess) saw it;
- ctrl+q: from the key to the app no longer running;
- peak RSS of the app's process, and how long the flood took to arrive.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout, uninstalled

from simproc import SimulatorProcess  # run as a script: its folder is on sys.path
from textual import events

from tui.api.client import OpenAICompatibleClient
from tui.app import ParleyApp
from tui.config import Settings
from tui.screens.chat import ChatScreen
from tui.store import Store

SIZE = (120, 40)
MB = 1_000_000


class RecordingSimulator(SimulatorProcess):
    """The simulator in a subprocess that prints when a client goes away mid-reply."""

    command = (__file__, "--serve")

    def __enter__(self) -> RecordingSimulator:
        super().__enter__()
        self.disconnects: list[float] = []
        self.seen = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()
        return self

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.startswith("disconnected "):
                self.disconnects.append(float(line.split()[1]))
                self.seen.set()


def serve() -> None:
    """The simulator's side: report each disconnect's monotonic time (system-wide clock)."""
    from tui.simulator import Simulator

    with Simulator() as sim:
        print(f"listening on {sim.base_url}", flush=True)
        told: set[int] = set()
        while True:
            for record in sim.requests():
                if record.disconnected_at is not None and record.id not in told:
                    told.add(record.id)
                    print(f"disconnected {record.disconnected_at}", flush=True)
            time.sleep(0.002)


def press_when_flooded(app: ParleyApp, size: int, key: str, out: dict) -> threading.Event:
    """Press ``key`` from a thread, as a terminal's input thread does, once ``size``
    characters have reached the transcript; ``out['pressed']`` gets the time."""
    flooded = threading.Event()

    def press() -> None:
        flooded.wait()
        out["pressed"] = time.monotonic()
        app._driver.process_message(events.Key(key, None))  # type: ignore[union-attr]

    threading.Thread(target=press, daemon=True).start()
    return flooded


async def one_run(size_mb: int, key: str, folder: Path, sim: RecordingSimulator, out: dict) -> None:
    db = folder / "history.db"
    store = await Store.open(db)
    model = f"sim/flood-{size_mb}mb"
    settings = Settings(
        base_url=sim.base_url, model=model, config_path=folder / "c.toml", db_path=db
    )
    try:
        async with OpenAICompatibleClient(settings.base_url) as client:
            app = ParleyApp(settings, store, client)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                screen = app.screen
                assert isinstance(screen, ChatScreen)
                flooded = press_when_flooded(app, size_mb * MB, key, out)
                received = [0]
                original = screen.transcript.append_text

                def counting(k: object, piece: str) -> None:
                    original(k, piece)
                    received[0] += len(piece)
                    if received[0] >= size_mb * MB and not flooded.is_set():
                        out["flood_s"] = time.monotonic() - out["sent"]
                        flooded.set()

                screen.transcript.append_text = counting  # type: ignore[method-assign]
                screen.prompt.load("flood me")
                out["sent"] = time.monotonic()
                await pilot.press("enter")
                # Both ends are seen by other threads (the reader of the simulator's output)
                # or by the app's own shutdown: poll them, finely.
                while app.is_running and not (key == "escape" and sim.seen.is_set()):  # noqa: ASYNC110
                    await asyncio.sleep(0.001)
                out["ended"] = time.monotonic() if key == "ctrl+q" else sim.disconnects[-1]
                if app.is_running:
                    await screen.live.wait()
    finally:
        await store.close()


def child(size_mb: int, key: str) -> None:
    with RecordingSimulator() as sim, tempfile.TemporaryDirectory() as tmp:
        out: dict = {}
        try:
            asyncio.run(one_run(size_mb, key, Path(tmp), sim, out))
        except Exception as exc:  # the app failed after the key: still report the figures
            out["error"] = f"{type(exc).__name__}: {exc}"
            if key == "escape" and sim.disconnects:
                out["ended"] = sim.disconnects[-1]
        finish(out)
    print(json.dumps(out), flush=True)


def finish(out: dict) -> None:
    out["latency_ms"] = (out["ended"] - out["pressed"]) * 1000
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(size_mb: int, key: str) -> dict:
    command = [sys.executable, __file__, "--child", str(size_mb), key]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=600)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", default="5,50", help="flood sizes in MB, comma-separated")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--child", nargs=2, metavar=("MB", "KEY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve()
        return
    if args.child:
        child(int(args.child[0]), args.child[1])
        return
    print(f"terminal {SIZE[0]}x{SIZE[1]}, medians of {args.repeats} runs, one process each")
    print(f"{'flood':<8}{'key':<8}{'latency ms':>12}{'peak RSS MB':>13}{'flood s':>9}")
    for size_mb in (int(s) for s in args.sizes.split(",")):
        for key in ("escape", "ctrl+q"):
            runs = [measure(size_mb, key) for _ in range(args.repeats)]
            med = {k: statistics.median(r[k] for r in runs) for k in _MEDIANS}
            errors = sorted({r["error"].partition(":")[0] for r in runs if "error" in r})
            note = f"   app failed after the key: {', '.join(errors)}" if errors else ""
            print(
                f"{size_mb:>4} MB {key:<8}{med['latency_ms']:12.0f}{med['rss_mb']:13.0f}"
                f"{med['flood_s']:9.2f}{note}",
                flush=True,
            )


_MEDIANS = ("latency_ms", "rss_mb", "flood_s")


if __name__ == "__main__":
    main()
