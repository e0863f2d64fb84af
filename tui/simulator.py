"""The OpenRouter protocol simulator for tests, benchmarks and ``--demo``; runnable with -m."""

from __future__ import annotations

import argparse
import contextlib
import threading

from tui.sim.recording import RecordedRequest
from tui.sim.server import Simulator

__all__ = ["RecordedRequest", "Simulator", "main"]


def main(argv: list[str] | None = None) -> int:
    """Serve the simulator until interrupted."""
    parser = argparse.ArgumentParser(
        prog="python -m tui.simulator",
        description="Serve Parley's OpenRouter simulator: model ids sim/<scenario> pick "
        "behaviours, any other id gets the demo answer.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--require-key", metavar="KEY", help="answer 401 unless this key is sent")
    parser.add_argument("--time-scale", type=float, default=1.0, help="multiplies every delay")
    parser.add_argument("--tps", type=float, help="pace of demo answers, tokens per second")
    args = parser.parse_args(argv)
    sim = Simulator(args.host, args.port, args.require_key, args.time_scale, demo_tps=args.tps)
    with sim:
        print(f"Parley simulator listening on {sim.base_url} (ctrl+c to stop)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
