"""Flood scenarios: answers of megabytes in a few huge deltas, to test a client under load.

Model ids ``sim/flood-<MB>mb[-x<deltas>][-<shape>]``: ``<MB>`` megabytes of text in
``<deltas>`` content deltas (by default as many as keep each delta at most 5 MB), shaped as

- ``line``: one paragraph of words with no newline at all (the default);
- ``lines``: short lines, one newline apart, so the whole flood is one Markdown paragraph;
- ``code``: one fenced code block of short lines, closed only by the last delta;
- ``blob``: one "word" with neither space nor newline.

The text starts with :data:`START` and ends with :data:`END`. After the flood the stream
stays open for ``stall`` seconds (the usual option), trickling a short delta every tenth of
a second as a provider still generating would, and then finishes normally.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

START = "FLOOD-START "
END = " FLOOD-END"
MB = 1_000_000
MAX_DELTA = 5 * MB
TRICKLE_EVERY = 0.1
TRICKLE = " more"

_ID = re.compile(r"flood-(\d{1,4})mb(?:-x(\d{1,6}))?(?:-(line|lines|code|blob))?")
_WORDS = [
    "streaming",
    "floods",
    "must",
    "never",
    "freeze",
    "the",
    "screen",
    "nor",
    "hold",
    "the",
    "keys",
    "hostage",
]


@dataclass(frozen=True, slots=True)
class Flood:
    """One flood: its size in bytes (of ASCII text), how many deltas carry it, its shape."""

    size: int
    deltas: int
    shape: str = "line"


def parse_flood(name: str) -> Flood | None:
    """The flood a scenario name asks for, or None if it names no flood."""
    match = _ID.fullmatch(name)
    if match is None or int(match.group(1)) < 1:
        return None
    size = int(match.group(1)) * MB
    deltas = int(match.group(2) or math.ceil(size / MAX_DELTA))
    return Flood(size, max(1, deltas), match.group(3) or "line")


def flood_text(flood: Flood) -> str:
    """The whole flood as one string, exactly ``flood.size`` characters long."""
    inner = flood.size - len(START) - len(END)
    if flood.shape == "code":
        opening, closing = "\n```python\n", "\n```\n"
        body = _repeat("x = 'stream'  # a short line of code\n", inner - len(opening + closing))
        return START.rstrip() + opening + body.rstrip("\n") + closing + END.lstrip()
    if flood.shape == "lines":
        return START + _repeat("a short line of streamed text\n", inner) + END
    if flood.shape == "blob":
        return START + _repeat("x", inner) + END
    return START + _repeat(" ".join(_WORDS) + " ", inner) + END


def flood_pieces(flood: Flood) -> list[str]:
    """The flood cut into ``flood.deltas`` nearly equal deltas."""
    text = flood_text(flood)
    step = math.ceil(len(text) / flood.deltas)
    return [text[i : i + step] for i in range(0, len(text), step)]


def trickle(seconds: float) -> Iterator[float | str]:
    """After the flood: a pause (float seconds), then a short delta (str), for ``seconds``."""
    for _ in range(round(seconds / TRICKLE_EVERY)):
        yield TRICKLE_EVERY
        yield TRICKLE


def _repeat(unit: str, length: int) -> str:
    """``unit`` repeated to exactly ``length`` characters."""
    length = max(0, length)
    return (unit * (length // len(unit) + 1))[:length]
