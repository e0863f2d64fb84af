"""Benchmark: the chats browser (f2) in the app, headless, over 200,000 stored messages.

Run on demand: ``python tests/bench/bench_browser.py [--messages N] [--conversations N]
[--db PATH] [--repeats N]``. With ``--db`` naming an existing file, the fill is skipped.
Prints medians and worst wall times in milliseconds, each from the key to the list holding
the rows (or the spend) it asked for: opening the list, moving the highlight (the spend
below it follows), a keystroke of the filter, the key that reads the next page, sorting by
cost. Run once without and once with the proposed step 9 indexes (``STEP_9_STATEMENTS``).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout, uninstalled
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_store import fill
from store_scale import add_pinned_column, apply_step_9

from tui.api.client import OpenAICompatibleClient
from tui.app import ParleyApp
from tui.config import Settings
from tui.store import Store
from tui.widgets.conversations import ChatsPanel

SIZE = (120, 40)


async def until(pilot, predicate: Callable[[], object]) -> None:
    while not predicate():
        await pilot.pause(0.001)


async def measure(pilot, act: Callable[[], Awaitable[None]], done: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    await act()
    await until(pilot, done)
    return (time.perf_counter() - t0) * 1000


def by_cost(rows) -> bool:
    """Whether ``rows`` are in the cost order (the history has no pins)."""
    costs = [row.cost or 0.0 for row in rows]
    return len(costs) > 1 and costs == sorted(costs, reverse=True)


async def run_app(path: Path, repeats: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {}
    store = await Store.open(path)
    settings = Settings(base_url="http://127.0.0.1:9", db_path=path)
    async with OpenAICompatibleClient(settings.base_url) as client:
        app = ParleyApp(settings, store, client)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            panel = app.screen.query_one(ChatsPanel)
            chats = app.screen.parts.chats
            for _ in range(repeats):
                panel.rows.clear_options()
                took = await measure(
                    pilot, lambda: pilot.press("f2"), lambda: panel.rows.option_count > 0
                )
                times.setdefault("open (f2 to rows)", []).append(took)
                await until(pilot, lambda: chats.spend_shown_for == panel.rows.highlighted_id)
                await pilot.pause()
                took = await measure(
                    pilot,
                    lambda: pilot.press("down"),
                    lambda: chats.spend_shown_for == panel.rows.highlighted_id,
                )
                times.setdefault("down to its spend (80 ms rest incl.)", []).append(took)
                took = await measure(pilot, lambda: pilot.press("e"), lambda: chats._text == "e")
                times.setdefault("keystroke to store rows (50 ms pause incl.)", []).append(took)
                await pilot.press("ctrl+u")
                await until(pilot, lambda: chats._text == "")
                await pilot.pause()
                shown = panel.rows.option_count
                took = await measure(
                    pilot,
                    lambda: pilot.press("end"),
                    lambda shown=shown: panel.rows.option_count > shown,
                )
                times.setdefault("end (next page read)", []).append(took)
                took = await measure(
                    pilot,
                    lambda: pilot.press("ctrl+s"),
                    lambda: by_cost(chats.rows),
                )
                times.setdefault("sort by cost (all totalled)", []).append(took)
                await pilot.pause()
                await pilot.press("ctrl+s")
                await until(pilot, lambda: chats.sort == "recent")
                await pilot.press("f2")
                await pilot.pause()
    await store.close()
    return times


def report(title: str, times: dict[str, list[float]]) -> None:
    print(title)
    for name, values in times.items():
        print(f"  {name:42} median {statistics.median(values):7.1f} ms   worst {max(values):7.1f}")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--conversations", type=int, default=5_000)
    parser.add_argument("--db", type=Path, help="reuse (or create) this database file")
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "history.db"
        if not path.exists():
            store = await Store.open(path)
            await fill(store, args.conversations, args.messages, seed=1)
            await store.close()
        add_pinned_column(path)
        report("without step 9 indexes", await run_app(path, args.repeats))
        apply_step_9(path)
        report("with step 9 indexes", await run_app(path, args.repeats))


if __name__ == "__main__":
    asyncio.run(main())
