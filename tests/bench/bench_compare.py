"""Benchmark: three comparison columns streaming at once, against one chat column.

Run on demand: ``python tests/bench/bench_compare.py [--tokens N] [--repeats N] [--tps T]``.

The simulator runs in a subprocess, so this process's CPU seconds are the app's alone. Each
repeat streams one answer of N Markdown tokens (``sim/long``, as fast as the simulator can)
into the chat screen, then three such answers at once into the comparison view, both in
fresh apps on fresh histories, headless at 120x40; it measures CPU seconds from enter until
every column is stored and drawn. It prints each run, the medians, and the ratio of three
columns to one (the aim: at most 3.5). ``--tps`` paces every answer at T tokens a second
and prints each run's share of one core too.
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

from simproc import SimulatorProcess  # run as a script: its folder is on sys.path

from tui.api.client import OpenAICompatibleClient
from tui.app import ParleyApp
from tui.config import Settings
from tui.screens.chat import ChatScreen
from tui.screens.compare import CompareScreen
from tui.store import Store

SIZE = (120, 40)
PROMPT = "Write me a thorough guide to streaming chat completions, with code and tables."
AIM = 3.5
PACE: list[float] = []  # tokens a second of every answer (empty: as fast as sent)


def model(tokens: int) -> str:
    return f"sim/long:tokens={tokens}" + (f",tps={PACE[0]:g}" if PACE else "")


async def _with_app(base_url: str, run) -> tuple[float, float]:
    """Run ``run(pilot)`` in a fresh headless app; return its (CPU s, wall s)."""
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "history.db"
        settings = Settings(
            base_url=base_url,
            model="openai/gpt-4o",
            config_path=Path(folder) / "c.toml",
            db_path=db,
        )
        async with await Store.open(db) as store, OpenAICompatibleClient(base_url) as client:
            app = ParleyApp(settings, store, client)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause()
                return await run(pilot)


async def _measured(pilot, screen, wait) -> tuple[float, float]:
    """Send the prompt from ``screen``'s editor; CPU and wall seconds until ``wait`` returns
    and the screen has drawn the end."""
    await pilot.pause()
    cpu, wall = time.process_time(), time.perf_counter()
    screen.query_one("PromptEditor").load(PROMPT)
    await pilot.press("enter")
    await wait()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return time.process_time() - cpu, time.perf_counter() - wall


async def one_column(base_url: str, tokens: int) -> tuple[float, float]:
    async def run(pilot) -> tuple[float, float]:
        screen = pilot.app.screen
        assert isinstance(screen, ChatScreen)
        screen.model = model(tokens)

        async def wait() -> None:
            await screen.live.wait()
            await pilot.app.workers.wait_for_complete()
            answer = screen.messages[-1]
            assert (answer.status, answer.completion_tokens) == ("complete", tokens), answer

        return await _measured(pilot, screen, wait)

    return await _with_app(base_url, run)


async def three_columns(base_url: str, tokens: int) -> tuple[float, float]:
    async def run(pilot) -> tuple[float, float]:
        screen = CompareScreen([model(tokens)] * 3)
        await pilot.app.push_screen(screen)

        async def wait() -> None:
            # enter returns once the prompt is handled: every column has started by then.
            assert all(lane.live is not None for lane in screen.lanes)
            for lane in screen.lanes:
                await lane.live.wait()
            await screen.settled()
            ends = [(lane.last.status, lane.last.completion_tokens) for lane in screen.lanes]
            assert ends == [("complete", tokens)] * 3, ends

        return await _measured(pilot, screen, wait)

    return await _with_app(base_url, run)


async def main(tokens: int, repeats: int) -> None:
    singles: list[float] = []
    triples: list[float] = []
    with SimulatorProcess() as simulator:
        await one_column(simulator.base_url, 200)  # warm up imports and caches
        for repeat in range(1, repeats + 1):
            single, single_wall = await one_column(simulator.base_url, tokens)
            triple, triple_wall = await three_columns(simulator.base_url, tokens)
            singles.append(single)
            triples.append(triple)
            print(
                f"run {repeat}: one column {single:6.2f} CPU s ({single_wall:5.1f} s wall) · "
                f"three columns {triple:6.2f} CPU s ({triple_wall:5.1f} s wall) · "
                f"{triple / single:4.2f}×"
                + (
                    f" · {single / single_wall:.1%} / {triple / triple_wall:.1%} of a core"
                    * bool(PACE)
                )
            )
    single, triple = statistics.median(singles), statistics.median(triples)
    ratio = triple / single
    verdict = "within" if ratio <= AIM else "ABOVE"
    print(
        f"median: one column of {tokens:,} tokens {single:.2f} CPU s · three columns "
        f"{triple:.2f} CPU s · {ratio:.2f}× ({verdict} the {AIM}× aim)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--tps", type=float, help="pace every answer (tokens a second)")
    args = parser.parse_args()
    PACE[:] = [args.tps] if args.tps else []
    asyncio.run(main(args.tokens, args.repeats))
