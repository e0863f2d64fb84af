"""Benchmark: what the terminal boundary costs Textual's render path, hooked versus not.

Run on demand: ``python tests/bench/bench_boundary.py``. It times ``Strip.render`` on fresh
(uncached) strips shaped like the transcript's and the picker's lines, ``Content`` built from
plain strings and from Rich ``Text``, and :func:`tui.sanitize.visible` on stream deltas,
before and after :func:`tui.textual_compat.boundary.install`, and prints microseconds per call.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout, uninstalled

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.content import Content
from textual.strip import Strip

from tui.sanitize import visible
from tui.textual_compat import boundary as textual_compat

CONSOLE = Console(color_system="truecolor", force_terminal=True)
STYLES = [Style(color="red"), Style(bold=True), Style(color="#808080", bgcolor="#101010"), None]
WORDS = ["the", "quick", "brown", "fox", "jumps", "over", "the", "lazy", "dog"]


def _segments(count: int) -> list[Segment]:
    return [
        Segment(" ".join(WORDS[i % 7 : i % 7 + 3]) + " ", STYLES[i % len(STYLES)])
        for i in range(count)
    ]


LINES = {name: _segments(n) for name, n in (("short line", 3), ("transcript line", 12))}
HOSTILE = [Segment("id \x1b]52;c;aGk=\x07 \u202e", STYLES[0]), *_segments(4)]


def _per_call(func, number: int) -> float:
    return min(timeit.repeat(func, number=number, repeat=5)) / number * 1e6


def _measure() -> dict[str, float]:
    figures = {}
    for name, segments in LINES.items():
        figures[f"Strip.render, {name}"] = _per_call(
            lambda s=segments: Strip(s).render(CONSOLE), 20000
        )
    figures["Strip.render, hostile line"] = _per_call(lambda: Strip(HOSTILE).render(CONSOLE), 20000)
    figures["Content(str)"] = _per_call(lambda: Content("Continuing with openai/gpt-4o."), 50000)
    rich_text = Text.assemble(("openai/gpt-4o", "bold"), " · 1,234 tokens · $0.0012")
    figures["Content.from_rich_text"] = _per_call(
        lambda: Content.from_rich_text(rich_text, CONSOLE), 20000
    )
    return figures


def main() -> None:
    before = _measure()
    textual_compat.install()
    after = _measure()
    print(f"{'':34} {'plain µs':>9} {'hooked µs':>10} {'overhead':>9}")
    for name, plain in before.items():
        hooked = after[name]
        print(f"{name:34} {plain:9.2f} {hooked:10.2f} {(hooked / plain - 1) * 100:8.1f}%")
    delta = "some streamed words, " * 2
    print(f"visible() on a 40-char clean delta: {_per_call(lambda: visible(delta), 200000):.3f} µs")


if __name__ == "__main__":
    main()
