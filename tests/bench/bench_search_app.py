"""Benchmark: the in-app search (ctrl+f) over 200,000 messages, a keystroke to its results painted.

Run on demand: ``python tests/bench/bench_search_app.py [--messages N] [--db PATH]
[--repeats N]``. With ``--db`` naming an existing file, the fill is skipped. Prints medians of
wall time (and of this process's CPU time) and the worst wall time, in milliseconds, from a
key sent as a terminal driver sends it to the first paint showing that query's results (the
debounce included), for words typed letter by letter, rare and common.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout, uninstalled

from textual import events

from tests.bench.bench_store import fill
from tui.api.client import OpenAICompatibleClient
from tui.app import ParleyApp
from tui.config import Settings
from tui.screens.search import SearchScreen
from tui.store import Store

SIZE = (120, 40)
WORDS = ("keepalive", "stream", "timeout", "zyxwv", "the model")
Timing = tuple[float, float]  # wall ms, CPU ms of this process


class BenchApp(ParleyApp):
    """The app, telling when a paint shows the results of the query awaited."""

    awaited: str | None = None
    painted: asyncio.Event

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        super()._display(screen, renderable)
        if renderable is None or not isinstance(screen, SearchScreen):
            return
        # Headless Textual skips making terminal output; make it, as a terminal would need.
        renderable.render_segments(self.console)
        if self.awaited is not None and screen.shown_query == self.awaited:
            self.painted.set()


def _clocks() -> Timing:
    return time.perf_counter(), time.process_time()


async def _key(app: BenchApp, key: str, char: str | None, query: str) -> Timing:
    app.painted.clear()
    app.awaited = query
    start = _clocks()
    app._driver.send_message(events.Key(key, char))  # what a terminal driver does
    await asyncio.wait_for(app.painted.wait(), 10)
    wall, cpu = _clocks()
    return (wall - start[0]) * 1000, (cpu - start[1]) * 1000


async def _typing(app: BenchApp, pilot, word: str) -> tuple[list[Timing], int]:  # type: ignore[no-untyped-def]
    """Type ``word`` letter by letter, then erase it: a timing per keystroke that queries."""
    times, typed = [], ""
    for char in word:
        typed += char
        key = "space" if char == " " else char
        if typed.strip():
            times.append(await _key(app, key, char, typed))
        else:
            await pilot.press(key)
        await pilot.pause()
    found = len(app.screen.hits) if isinstance(app.screen, SearchScreen) else 0
    while typed:
        typed = typed[:-1]
        times.append(await _key(app, "backspace", None, typed))
        await pilot.pause()
    return times, found


def _line(label: str, times: list[Timing]) -> str:
    wall = [t[0] for t in times]
    cpu = [t[1] for t in times]
    return (
        f"  {label:<34} {statistics.median(wall):6.1f} ms  (CPU {statistics.median(cpu):5.1f})"
        f"   worst {max(wall):6.1f}   n={len(times)}"
    )


async def bench(path: Path, repeats: int) -> None:
    store = await Store.open(path)
    settings = Settings(
        base_url="http://127.0.0.1:9/v1",
        model="openai/gpt-4o",
        config_path=path.parent / "config.toml",
        db_path=path,
    )
    try:
        async with OpenAICompatibleClient(settings.base_url) as client:
            app = BenchApp(settings, store, client)
            app.painted = asyncio.Event()
            async with app.run_test(size=SIZE) as pilot:
                await pilot.press("ctrl+f")
                await pilot.pause()
                debounce = app.screen.debounce if isinstance(app.screen, SearchScreen) else 0
                print(
                    f"keystroke → results painted ({SIZE[0]}x{SIZE[1]},"
                    f" debounce {debounce * 1000:.0f} ms):"
                )
                every: list[Timing] = []
                for word in WORDS:
                    times: list[Timing] = []
                    found = 0
                    for _ in range(repeats):
                        more, found = await _typing(app, pilot, word)
                        times += more
                    every += times
                    print(_line(f"“{word}” ({found} shown)", times))
                print(_line("all keystrokes", every))
    finally:
        await store.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--conversations", type=int, default=5_000)
    parser.add_argument("--db", type=Path, help="reuse (or create) this database file")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "history.db"
        if not path.exists():
            store = await Store.open(path)
            try:
                await fill(store, args.conversations, args.messages, args.seed)
            finally:
                await store.close()
        await bench(path, args.repeats)


if __name__ == "__main__":
    asyncio.run(main())
