"""Benchmark: how soon a cancel reaches the server, and how soon the simulator notices a close.

Run on demand: ``python tests/bench/bench_cancel.py [--repeats N]``.

The tests assert the order of these events (the socket is closed by the time a cancelled
task ends; the simulator records the close of a silent reply); this prints how long they take
on this machine, in milliseconds: from cancelling a task that consumes a stream to the server
recording the disconnect, and from closing a raw socket on a stalled reply to the record.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout, uninstalled

from tests.api.client_support import PACED, consuming
from tui.api.client import OpenAICompatibleClient
from tui.api.types import ChatMessage, ChatRequest
from tui.simulator import Simulator


async def cancel_lag(client: OpenAICompatibleClient, simulator: Simulator) -> float:
    """Seconds from cancelling a consuming task to the server seeing its socket close."""
    task = await consuming(client, ChatRequest(PACED, (ChatMessage("user", "hello"),), {}))
    record = simulator.last_request()
    cancelled_at = time.monotonic()
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    closed = await asyncio.to_thread(simulator.wait_for_disconnect, record.id, 5.0)
    if closed is None:
        raise SystemExit("the server never saw the socket close")
    return closed - cancelled_at


def close_lag(simulator: Simulator) -> float:
    """Seconds from closing a raw socket on a stalled reply to the simulator's record of it."""
    port = int(simulator.base_url.split(":")[2].split("/")[0])
    body = json.dumps(
        {"model": "sim/stall", "messages": [{"role": "user", "content": "Hi"}], "stream": True}
    ).encode()
    request = (
        b"POST /api/v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    )
    simulator.reset()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(request)
        sock.recv(65536)
        [record] = simulator.wait_for_requests(1)
        closed_at = time.monotonic()
    when = simulator.wait_for_disconnect(record.id, timeout=5)
    if when is None:
        raise SystemExit("the simulator never recorded the close")
    return when - closed_at


def report(name: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    print(
        f"{name}: median {statistics.median(ms):.1f} ms · min {ms[0]:.1f} · max {ms[-1]:.1f} "
        f"({len(ms)} runs)"
    )


async def main(repeats: int) -> None:
    with Simulator() as simulator:
        async with OpenAICompatibleClient(simulator.base_url) as client:
            await cancel_lag(client, simulator)  # warm up the connection pool and imports
            lags = [await cancel_lag(client, simulator) for _ in range(repeats)]
        report("cancel → server sees the socket close", lags)
        report(
            "socket closed → simulator records it", [close_lag(simulator) for _ in range(repeats)]
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=20)
    asyncio.run(main(parser.parse_args().repeats))
