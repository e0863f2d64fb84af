"""Benchmark: the model picker with 1,000 cached models, headless.

Run on demand: ``python tests/bench/bench_picker.py [--repeats N] [--models N]``. Prints
medians of wall time (and of this process's CPU time, steadier on a shared machine) and the
worst wall time, in milliseconds, for: a first read of the cached list from a real store; a
key press to the picker's first paint (the catalog's list, the marks, pushing the screen);
pushing the picker to its first paint; and a keystroke in the filter to the filtered paint.
A paint is Textual's screen update, turned into terminal output as a real terminal would be.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout, uninstalled

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static

from tui.api.types import ModelInfo
from tui.catalog import ModelCatalog, model_to_json
from tui.screens.picker import ModelPicker
from tui.store import Store
from tui.widgets.model_table import ModelTable

SIZE = (120, 40)
_VENDORS = {
    "openai": ("OpenAI", ["gpt-4o", "gpt-4.1", "o3", "o4-mini", "gpt-3.5-turbo", "gpt-oss"]),
    "anthropic": ("Anthropic", ["claude-3.5-sonnet", "claude-3.7-sonnet", "claude-opus-4"]),
    "google": ("Google", ["gemini-2.5-pro", "gemini-2.0-flash", "gemma-3", "gemini-flash-1.5"]),
    "meta-llama": ("Meta", ["llama-3.1", "llama-3.3", "llama-4-scout", "llama-4-maverick"]),
    "mistralai": ("Mistral", ["mistral-large", "mistral-small", "codestral", "mixtral"]),
    "deepseek": ("DeepSeek", ["deepseek-r1", "deepseek-chat", "deepseek-v3", "deepseek-coder"]),
    "qwen": ("Qwen", ["qwen-2.5", "qwen3", "qwq", "qwen-2.5-coder"]),
    "cohere": ("Cohere", ["command-r", "command-r-plus", "command-a"]),
    "x-ai": ("xAI", ["grok-3", "grok-3-mini", "grok-4"]),
    "nvidia": ("NVIDIA", ["llama-3.1-nemotron", "nemotron-nano"]),
    "microsoft": ("Microsoft", ["phi-4", "phi-3-medium", "wizardlm-2"]),
    "nousresearch": ("Nous", ["hermes-3-llama-3.1", "hermes-2-pro"]),
    "amazon": ("Amazon", ["nova-pro-v1", "nova-lite-v1", "nova-micro-v1"]),
    "perplexity": ("Perplexity", ["sonar", "sonar-pro", "sonar-reasoning"]),
}
_SIZES = ["", "-8b", "-70b", "-405b", "-7b", "-32b", "-72b", "-3b", "-1b", "-27b", "-mini"]
_TAILS = ["", "-instruct", "-chat", "-preview", "-0613", "-2024-08-06", "-exp", "-turbo"]
_VARIANTS = ["", ":free", ":nitro", ":beta", ":extended", ":thinking"]
_MODALITIES = ["text->text", "text+image->text", "text+image+file->text", "text->image"]
_PARAMS = ["max_tokens", "temperature", "top_p", "stop", "seed", "tools", "top_k", "reasoning"]


def make_models(count: int, seed: int = 7) -> list[ModelInfo]:
    """``count`` realistic, distinct models: ids, names, prices, context and modality."""
    rng = random.Random(seed)
    combos = [
        (vendor, family, size, tail, variant)
        for vendor, (_, families) in _VENDORS.items()
        for family in families
        for size, tail, variant in itertools.product(_SIZES, _TAILS, _VARIANTS)
    ]
    rng.shuffle(combos)
    models = []
    for vendor, family, size, tail, variant in combos[:count]:
        label, _ = _VENDORS[vendor]
        free = variant == ":free"
        prompt = 0.0 if free else rng.choice([0.05, 0.15, 0.5, 1, 2.5, 3, 5, 15]) / 1e6
        name = f"{label}: {family.replace('-', ' ').title()}{size.upper()}{tail}"
        models.append(
            ModelInfo(
                id=f"{vendor}/{family}{size}{tail}{variant}",
                name=name + (" (free)" if free else ""),
                description=f"{name}: a model by {label}. " * 6,
                context_length=rng.choice([8192, 32768, 128000, 131072, 200000, 1048576]),
                prompt_price=prompt,
                completion_price=prompt * rng.choice([2, 3, 4, 5]),
                supported_parameters=tuple(rng.sample(_PARAMS, rng.randint(3, len(_PARAMS)))),
                created=1_700_000_000 + rng.randint(0, 50_000_000),
                modality=rng.choice(_MODALITIES),
                max_completion_tokens=rng.choice([None, 4096, 8192, 16384, 65536]),
                is_moderated=rng.choice([True, False]),
            )
        )
    return models


class BenchApp(App[None]):
    """A blank screen; ctrl+o opens the picker from the cache, as the chat screen does."""

    BINDINGS = [("ctrl+o", "open_picker", "Models")]  # noqa: RUF012

    def __init__(self, catalog: ModelCatalog, store: Store) -> None:
        super().__init__()
        self.catalog = catalog
        self.store = store
        self.painted = asyncio.Event()
        self.table_lines = 0

    def compose(self) -> ComposeResult:
        yield Static("chat screen stand-in")

    async def action_open_picker(self) -> None:
        snapshot = await self.catalog.cached()
        marks = await self.store.model_marks()
        self.push_screen(
            ModelPicker(
                snapshot.models,
                current="openai/gpt-4o",
                favourites=marks.favourites,
                recent=marks.recent,
                fetched_at=snapshot.fetched_at,
            )
        )

    def _display(self, screen, renderable) -> None:  # type: ignore[no-untyped-def]
        super()._display(screen, renderable)
        if renderable is None or not isinstance(screen, ModelPicker) or not self.table_lines:
            return
        # Headless Textual skips making terminal output; make it, as a terminal would need.
        renderable.render_segments(self.console)
        self.painted.set()


def _count_table_lines(app: BenchApp) -> None:
    original = ModelTable.render_line

    def counted(table: ModelTable, y: int):  # type: ignore[no-untyped-def]
        app.table_lines += 1
        return original(table, y)

    ModelTable.render_line = counted  # type: ignore[method-assign]


Timing = tuple[float, float]  # wall ms, CPU ms of this process


def _clocks() -> Timing:
    return time.perf_counter(), time.process_time()


async def _until_painted(app: BenchApp, start: Timing) -> Timing:
    await asyncio.wait_for(app.painted.wait(), 5)
    wall, cpu = _clocks()
    return (wall - start[0]) * 1000, (cpu - start[1]) * 1000


async def _send_key(app: BenchApp, key: str, char: str | None) -> Timing:
    app.painted.clear()
    app.table_lines = 0
    start = _clocks()
    app._driver.send_message(events.Key(key, char))  # what a terminal driver does
    return await _until_painted(app, start)


async def _open_by_key(app: BenchApp, pilot) -> Timing:  # type: ignore[no-untyped-def]
    took = await _send_key(app, "ctrl+o", None)
    await pilot.pause()
    app.pop_screen()
    await pilot.pause()
    return took


async def _push(app: BenchApp, pilot, models: list[ModelInfo]) -> Timing:  # type: ignore[no-untyped-def]
    app.painted.clear()
    app.table_lines = 0
    start = _clocks()
    app.push_screen(
        ModelPicker(models, current=None, favourites=(), recent=(), fetched_at=time.time())
    )
    took = await _until_painted(app, start)
    await pilot.pause()
    app.pop_screen()
    await pilot.pause()
    return took


async def _typing(app: BenchApp, pilot, word: str) -> list[Timing]:  # type: ignore[no-untyped-def]
    """Type ``word`` letter by letter, then erase it: one timing per keystroke."""
    times = []
    for char in word:
        times.append(await _send_key(app, char, char))
        await pilot.pause()
    for _ in word:
        times.append(await _send_key(app, "backspace", None))
        await pilot.pause()
    return times


def _line(label: str, times: list[Timing]) -> str:
    wall = [t[0] for t in times]
    cpu = [t[1] for t in times]
    return (
        f"  {label:<46} {statistics.median(wall):6.1f} ms  (CPU {statistics.median(cpu):5.1f})"
        f"   worst {max(wall):6.1f}   n={len(times)}"
    )


async def run(repeats: int, count: int) -> None:
    models = make_models(count)
    with tempfile.TemporaryDirectory() as folder:
        store = await Store.open(Path(folder) / "history.db")
        await store.cache_models((m.id, model_to_json(m)) for m in models)
        for model_id in [m.id for m in models[:5]]:
            await store.set_favourite(model_id, True)
            await store.mark_model_used(model_id)
        reads = []
        for _ in range(repeats):
            start = _clocks()
            await ModelCatalog(None, store).cached()  # a new catalog reads the store again
            wall, cpu = _clocks()
            reads.append(((wall - start[0]) * 1000, (cpu - start[1]) * 1000))
        catalog = ModelCatalog(None, store)
        app = BenchApp(catalog, store)
        _count_table_lines(app)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            cold = await _open_by_key(app, pilot)
            by_key = [await _open_by_key(app, pilot) for _ in range(repeats)]
            pushes = [await _push(app, pilot, models) for _ in range(repeats)]
            app.push_screen(
                ModelPicker(models, current=None, favourites=(), recent=(), fetched_at=None)
            )
            await pilot.pause()
            typed: list[Timing] = []
            for word in ["gpt", "claude", "llama 70b", "qwen coder"][: max(1, repeats // 5)]:
                typed += await _typing(app, pilot, word)
        await store.close()
    print(f"model picker, {count:,} models, {SIZE[0]}x{SIZE[1]}, headless Textual; medians")
    print(_line("first read of the cache (store, JSON, ModelInfo)", reads))
    print(_line("key → first paint, the first time", [cold]))
    print(_line("key → first paint (cached list, marks, push)", by_key))
    print(_line("push → first paint", pushes))
    print(_line("keystroke → filtered paint", typed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--models", type=int, default=1000)
    args = parser.parse_args()
    asyncio.run(run(args.repeats, args.models))


if __name__ == "__main__":
    main()
