"""Benchmark: streaming long Markdown answers into the Transcript, headless.

Run on demand: ``python tests/bench/bench_transcript.py [--repeats N] [--paced-20k]
[--skip-paced] [--compare-speedups]``. Prints process CPU seconds, wall time to the final
frame, the transcript's budgeted redraws and Textual's screen updates, for 4,000 and 20,000
tokens streamed as fast as possible and paced at 100 tokens/s, with and without 500
earlier messages.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout, uninstalled

from textual.app import App, ComposeResult

from tui.widgets.transcript import MessageView, Transcript

SIZE = (120, 40)
CHARS_PER_TOKEN = 4

_PROSE = (
    "the stream parser keeps a buffer of bytes and splits events on blank lines while the "
    "client retries with backoff when the server answers with a rate limit and every request "
    "carries its parameters temperature top_p and max_tokens so the answer can be reproduced "
    "later from history where each message keeps its model usage cost and finish reason"
)
_WORDS = _PROSE.split()
_CODE = [
    "def parse(buffer: bytes) -> list[str]:",
    '    """Split a buffer into lines."""',
    "    lines = buffer.split(b'\\n')",
    "    for index, line in enumerate(lines):",
    "        if not line.strip():",
    "            continue",
    "        yield line.decode('utf-8', errors='replace')",
    "    return [x for x in lines if x]  # keep non-empty",
    "class Client:",
    "    def __init__(self, base_url: str, timeout: float = 30.0) -> None:",
    "        self.base_url = base_url",
    "        self.retries = {'429': 3, '503': 2}",
]


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(8, 22))
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**" if rng.random() < 0.5 else f"`{words[i]}`"
    return " ".join(words).capitalize() + "."


def markdown_answer(tokens: int, seed: int = 1) -> str:
    """Varied, realistic Markdown of about ``tokens`` tokens (4 characters each)."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < tokens * CHARS_PER_TOKEN:
        kind = rng.choices(["h", "p", "ul", "ol", "code", "quote"], [1, 5, 2, 1, 2, 0.5])[0]
        if kind == "h":
            block = "#" * rng.randint(1, 3) + " " + " ".join(rng.choices(_WORDS, k=4)).title()
        elif kind == "p":
            block = " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))
        elif kind in ("ul", "ol"):
            items = [_sentence(rng) for _ in range(rng.randint(3, 6))]
            marks = ["-"] * len(items) if kind == "ul" else [f"{i}." for i in range(1, 99)]
            block = "\n".join(f"{m} {item}" for m, item in zip(marks, items, strict=False))
        elif kind == "quote":
            block = "> " + _sentence(rng)
        else:
            start = rng.randrange(len(_CODE))
            body = [_CODE[(start + i) % len(_CODE)] for i in range(rng.randint(5, 18))]
            if rng.random() < 0.4:
                body.insert(len(body) // 2, "")  # a blank line inside the fence
            block = "```python\n" + "\n".join(body) + "\n```"
        parts.append(block)
        size += len(block) + 2
    return "\n\n".join(parts) + "\n"


def deltas(text: str, seed: int = 2) -> list[str]:
    """``text`` cut into deltas of 1–3 tokens."""
    rng = random.Random(seed)
    out, i = [], 0
    while i < len(text):
        n = rng.randint(1, 3) * CHARS_PER_TOKEN
        out.append(text[i : i + n])
        i += n
    return out


def history(n: int) -> list[MessageView]:
    """``n`` earlier messages, alternating questions and Markdown answers."""
    views = []
    for i in range(n):
        if i % 2 == 0:
            views.append(MessageView(f"h{i}", "user", f"Question {i}: how does the parser work?"))
        else:
            text = markdown_answer(random.Random(i).randint(60, 300), seed=i)
            views.append(MessageView(f"h{i}", "assistant", text, title="openai/gpt-4o"))
    return views


class BenchApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Transcript()


@dataclass
class Result:
    cpu: float
    wall: float
    redraws: int
    screen_updates: int
    quarters: list[float]  # share of one core in each quarter of the stream


def count_displays(app: App[None]) -> list[int]:
    """Count Textual's screen updates (each one a frame written to the terminal)."""
    count = [0]
    original = app._display

    def counting_display(*args: object, **kwargs: object) -> None:
        count[0] += 1
        original(*args, **kwargs)  # type: ignore[arg-type]

    app._display = counting_display  # type: ignore[method-assign]
    return count


async def stream(transcript: Transcript | None, pieces: list[str], tps: float | None) -> list:
    """Feed the deltas (to nothing when ``transcript`` is None); (cpu, wall) at each quarter."""
    marks = [(time.process_time(), time.perf_counter())]
    start = marks[0][1]
    quarter = max(1, len(pieces) // 4)
    sent_tokens = 0
    for index, piece in enumerate(pieces):
        if transcript is not None:
            transcript.append_text("a", piece)
        sent_tokens += max(1, len(piece) // CHARS_PER_TOKEN)
        if tps is None:
            await asyncio.sleep(0)
        else:
            await asyncio.sleep(max(0.0, start + sent_tokens / tps - time.perf_counter()))
        if (index + 1) % quarter == 0:
            marks.append((time.process_time(), time.perf_counter()))
    return marks


async def run_once(tokens: int, tps: float | None, earlier: int, idle: bool = False) -> Result:
    """Stream one answer of ``tokens`` tokens; ``idle``: time the feeding alone."""
    app = BenchApp()
    displays = count_displays(app)
    pieces = deltas(markdown_answer(tokens))
    async with app.run_test(size=SIZE) as pilot:
        transcript = app.query_one(Transcript)
        if earlier:
            transcript.set_messages(history(earlier))
            while not transcript.settled:
                await pilot.pause(0.05)
        transcript.add_message(MessageView("q", "user", "Explain the parser, at length."))
        transcript.add_message(MessageView("a", "assistant", "", "openai/gpt-4o", "", "streaming"))
        await pilot.pause()
        redraws0, displays0 = transcript.updates, displays[0]
        marks = await stream(None if idle else transcript, pieces, tps)
        transcript.update_message("a", status="complete", footer="openai/gpt-4o · done")
        await pilot.pause()
        await pilot.pause()
        cpu, wall = time.process_time() - marks[0][0], time.perf_counter() - marks[0][1]
        quarters = [
            (mark[0] - previous[0]) / max(1e-9, mark[1] - previous[1])
            for previous, mark in itertools.pairwise(marks[:5])
        ]
        redraws = transcript.updates - redraws0
        return Result(cpu, wall, redraws, displays[0] - displays0, quarters)


def report(label: str, results: list[Result]) -> float:
    cpu = statistics.median(r.cpu for r in results)
    wall = statistics.median(r.wall for r in results)
    redraws = statistics.median(r.redraws for r in results)
    updates = statistics.median(r.screen_updates for r in results)
    line = f"{label:<36} cpu {cpu:7.2f} s  wall {wall:7.2f} s  redraws {redraws:6.0f}"
    line += f"  screen updates {updates:6.0f}"
    if results[0].wall > 5 and len(results[0].quarters) == 4:
        shares = [statistics.median(r.quarters[q] for r in results) for q in range(4)]
        line += "  core share by quarter " + " ".join(f"{s:5.1%}" for s in shares)
    print(line, flush=True)
    return cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--paced-20k", action="store_true", help="also pace 20k fully (200 s)")
    parser.add_argument("--skip-paced", action="store_true", help="skip the 100 tok/s runs")
    parser.add_argument("--compare-speedups", action="store_true")
    args = parser.parse_args()
    if args.compare_speedups:
        compare_speedups(args)
        return
    speedups = os.environ.get("TEXTUAL_SPEEDUPS", "1") == "1"
    print(f"terminal {SIZE[0]}x{SIZE[1]}, textual-speedups {'on' if speedups else 'off'}")
    asyncio.run(run_once(500, None, 0))  # warm up: imports, lexers, caches
    for earlier in (0, 500):
        tag = f", {earlier} earlier" if earlier else ""
        for label, tps in (("fast", None), ("1000 tok/s", 1000.0)):
            cpu = {}
            for tokens in (4_000, 20_000):
                results = [asyncio.run(run_once(tokens, tps, earlier)) for _ in range(args.repeats)]
                cpu[tokens] = report(f"{tokens:>6} tokens {label}{tag}", results)
            print(f"{'':<36} ratio 20k/4k {cpu[20_000] / cpu[4_000]:.2f}", flush=True)
        if not args.skip_paced:
            paced = [asyncio.run(run_once(4_000, 100, earlier))]
            report(f"  4000 tokens 100 tok/s{tag}", paced)
            if args.paced_20k:
                paced = [asyncio.run(run_once(20_000, 100, earlier))]
                report(f" 20000 tokens 100 tok/s{tag}", paced)
    if not args.skip_paced:  # what the app and the feeding cost with nothing to draw
        report("  4000 tokens 100 tok/s, no drawing", [asyncio.run(run_once(4_000, 100, 0, True))])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


def compare_speedups(args: argparse.Namespace) -> None:
    for value in ("1", "0"):
        command = [sys.executable, __file__, "--repeats", str(args.repeats), "--skip-paced"]
        subprocess.run(command, env={**os.environ, "TEXTUAL_SPEEDUPS": value}, check=True)


if __name__ == "__main__":
    main()
