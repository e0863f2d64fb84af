"""Deterministic, varied Markdown of an exact token count, for long answers and benchmarks."""

from __future__ import annotations

import functools
import itertools
import random
from collections.abc import Callable, Iterator

from tui.sim.answers import tokenize

_SUBJECTS = (
    "The renderer",
    "A streaming parser",
    "Each cached line",
    "The event loop",
    "A careful client",
    "The transcript view",
    "Every finished block",
    "The tail buffer",
    "A well-sized budget",
    "The SSE decoder",
    "The layout pass",
    "A frozen region",
)
_VERBS = (
    "keeps",
    "measures",
    "avoids",
    "reuses",
    "flushes",
    "batches",
    "reports",
    "trims",
    "tracks",
    "renders",
    "caches",
    "validates",
)
_OBJECTS = (
    "the unfinished tail",
    "every keep-alive comment",
    "a small number of widgets",
    "the width of the terminal",
    "each content delta",
    "the highlighted code",
    "the cost of a repaint",
    "the scroll position",
    "the usage report",
    "partial UTF-8 input",
    "a line-based scroll view",
    "the generation id",
)
_ENDINGS = (
    "so the cost stays linear.",
    "without blocking the input.",
    "when the terminal is resized.",
    "before the next update is due.",
    "even when the provider is slow.",
    "and nothing jumps on screen.",
    "so cancelling stays instant.",
    "while the answer is still streaming.",
    "for as long as the conversation lasts.",
    "at a steady pace.",
)
_EXTRAS = (
    "**linear**",
    "`render_line`",
    "`aiter_bytes()`",
    "**once**",
    "`[DONE]`",
    "*cheap*",
    "`ScrollView`",
    "**budgeted**",
)
_TITLES = (
    "Streaming without stalls",
    "Caching rendered lines",
    "Measuring the update budget",
    "Handling keep-alives",
    "Decoding bytes safely",
    "Cancelling a request",
    "Keeping the widget count flat",
    "Storing partial answers",
    "Resizing the terminal",
    "Following the bottom",
    "Counting tokens and cost",
    "Recovering from errors",
)
_NOUNS = ("tokens", "lines", "blocks", "chunks", "deltas", "events", "widths", "costs")
_VERBS_CODE = ("count", "merge", "render", "measure", "split", "collect", "trim", "score")


def _sentence(rng: random.Random) -> str:
    words = f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
    if rng.random() < 0.3:
        words += f" {rng.choice(('with', 'using', 'through'))} {rng.choice(_EXTRAS)}"
    return f"{words} {rng.choice(_ENDINGS)}"


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(2, 5)))


def _heading(rng: random.Random) -> str:
    return f"{'#' * rng.choice((2, 2, 3))} {rng.choice(_TITLES)}"


def _bullets(rng: random.Random) -> str:
    numbered = rng.random() < 0.3
    lines = []
    for i in range(rng.randint(3, 6)):
        marker = f"{i + 1}." if numbered else "-"
        lines.append(f"{marker} **{rng.choice(_NOUNS)}**: {_sentence(rng)}")
    return "\n".join(lines)


def _code(rng: random.Random) -> str:
    verb, noun = rng.choice(_VERBS_CODE), rng.choice(_NOUNS)
    k, m = rng.randint(2, 9), rng.randint(2, 5)
    return (
        "```python\n"
        f"def {verb}_{noun}(items: list[int], limit: int = {k * 10}) -> int:\n"
        f'    """{verb.capitalize()} the {noun} below the limit."""\n'
        "    total = 0\n"
        "    for item in items:\n"
        f"        if item % {k} == 0 and item < limit:\n"
        f"            total += item * {m}\n"
        "    return total\n"
        "\n"
        "\n"
        f"print({verb}_{noun}(list(range({rng.randint(10, 99)}))))\n"
        "```"
    )


def _table(rng: random.Random) -> str:
    rows = ["| step | time (ms) | note |", "| --- | ---: | --- |"]
    for _ in range(rng.randint(3, 5)):
        note = f"{rng.choice(_VERBS)} {rng.choice(_NOUNS)}"
        rows.append(f"| {rng.choice(_VERBS_CODE)} | {rng.randint(1, 250)} | {note} |")
    return "\n".join(rows)


def _quote(rng: random.Random) -> str:
    return f"> **Note:** {_sentence(rng)}"


def _section(index: int) -> Iterator[Callable[[random.Random], str]]:
    """The blocks of section ``index``: a regular rhythm, so every kind shows up early."""
    if index:
        yield _heading
    yield _paragraph
    yield _bullets if index % 2 == 0 else _code
    yield _paragraph
    if index % 4 == 3:
        yield _table
    elif index % 3 == 1:
        yield _quote


_CLOSERS = (
    "",
    "Done.",
    "Nothing more.",
    "That is all.",
    "The answer ends here.",
    "The answer ends right here.",
)


def _closing_words(rng: random.Random, count: int) -> list[str]:
    """Whole sentences totalling exactly ``count`` words."""
    words: list[str] = []
    while count > 0:
        if count < len(_CLOSERS):
            sentence = _CLOSERS[count].split()
        else:
            tries = (_sentence(rng).split() for _ in range(8))
            sentence = next((s for s in tries if len(s) <= count), _CLOSERS[-1].split())
        words.extend(sentence)
        count -= len(sentence)
    return words


def _filler(rng: random.Random, count: int, first: bool) -> list[str]:
    """A paragraph of exactly ``count`` pieces, to land on the requested length."""
    words = _closing_words(rng, count)
    if not words:
        return []
    sep = "" if first else "\n\n"
    return [sep + words[0], *(" " + word for word in words[1:])]


@functools.lru_cache(maxsize=8)
def long_answer(tokens: int, seed: int = 0) -> tuple[str, ...]:
    """Exactly ``tokens`` pieces of Markdown: headings, prose, lists, code and tables."""
    rng = random.Random(tokens * 7919 + seed)
    pieces = tokenize(f"# {rng.choice(_TITLES)}")
    if len(pieces) > tokens:
        return tuple(_filler(rng, tokens, first=True))
    for index in itertools.count():
        for maker in _section(index):
            block = tokenize("\n\n" + maker(rng))
            if len(pieces) + len(block) >= tokens:
                if len(pieces) + len(block) > tokens:
                    block = _filler(rng, tokens - len(pieces), first=False)
                return (*pieces, *block)
            pieces.extend(block)
    raise AssertionError("unreachable")
