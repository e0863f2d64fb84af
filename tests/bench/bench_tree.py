"""Benchmark: conversation trees — schema step 6 over 200,000 messages, and a branched chat.

Run on demand: ``python tests/bench/bench_tree.py [--messages N] [--repeats N]``. Prints
how long opening an old (schema 5) history takes while it is linked into trees, opening it
again, and the tree's reads and writes on a 500-message chat with 5 siblings at 50 points.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout, uninstalled

from tui.store import Store
from tui.store.migrations import migrate

PER_CONVERSATION = 100
TEXT = "a message of ordinary length, some forty words or so, " * 4


def build_schema5(path: Path, messages: int) -> None:
    """An old history: chats of 100 messages, every tenth a two-column comparison."""
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, target=5)
    conn.execute("BEGIN")
    conversations = messages // PER_CONVERSATION
    conn.executemany(
        "INSERT INTO conversations (id, title, kind, created_at, updated_at)"
        " VALUES (?, 'old', ?, 1.0, 1.0)",
        [(c, "compare" if c % 10 == 0 else "chat") for c in range(1, conversations + 1)],
    )
    rows = []
    message_id = 0
    for c in range(1, conversations + 1):
        for seq in range(1, PER_CONVERSATION + 1):
            message_id += 1
            if c % 10 == 0:  # prompt, left, right, prompt, …
                lane = {1: None, 2: 0, 0: 1}[seq % 3]
                role = "user" if lane is None else "assistant"
            else:
                lane, role = None, "user" if seq % 2 else "assistant"
            rows.append((message_id, c, seq, lane, role, TEXT))
    conn.executemany(
        "INSERT INTO messages (id, conversation_id, seq, lane, role, content, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, 1.0, 1.0)",
        rows,
    )
    conn.execute("COMMIT")
    conn.close()


async def timed_open(path: Path) -> float:
    started = time.perf_counter()
    store = await Store.open(path)
    elapsed = time.perf_counter() - started
    await store.close()
    return elapsed


async def branched_chat(store: Store) -> tuple[int, list[int]]:
    """500 messages on the chosen path; 4 more answers beside each of 50 of them."""
    cid = (await store.create_conversation("branched")).id
    ids = []
    for index in range(500):
        role = "user" if index % 2 == 0 else "assistant"
        ids.append((await store.add_message(cid, role, f"{role} {index} {TEXT}")).id)
    points = [ids[i] for i in range(1, 500, 10)]  # 50 answers
    for answer in points:
        message = await store.get_message(answer)
        assert message is not None
        for n in range(4):
            await store.add_message(cid, "assistant", f"again {n}", parent_id=message.parent_id)
        await store.choose(answer)
    return cid, points


async def median_ms(action: Callable[[], Awaitable[object]], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        await action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


async def bench_branched(folder: Path, repeats: int) -> None:
    async with await Store.open(folder / "branched.db") as store:
        cid, points = await branched_chat(store)
        middle = points[25]
        figures = {
            "chosen path with ‹ i/n › (500 messages)": lambda: store.chosen_path(cid),
            "active path (500 messages)": lambda: store.active_path(cid),
            "siblings of a message": lambda: store.siblings(middle),
            "step to the next sibling (one write)": lambda: store.step_sibling(middle, +1),
            "step back": lambda: store.step_sibling(middle, -1),
            "path to a message (ancestry)": lambda: store.path_to(points[-1]),
        }
        for name, action in figures.items():
            print(f"  {name:45s} {await median_ms(action, repeats):8.2f} ms")
        path = await store.active_path(cid)
        print(f"  (chosen path: {len(path)} messages)")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.db"
        started = time.perf_counter()
        build_schema5(path, args.messages)
        print(
            f"built a schema-5 history of {args.messages:,} messages in "
            f"{time.perf_counter() - started:.1f} s"
        )
        print(f"  first open (schema step 6 links every message) {await timed_open(path):8.2f} s")
        print(f"  second open (nothing to do)                    {await timed_open(path):8.3f} s")
        print("a 500-message chat with 5 siblings at 50 points (medians):")
        await bench_branched(Path(folder), args.repeats)


if __name__ == "__main__":
    asyncio.run(main())
