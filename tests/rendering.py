"""Rendering checks shared by the Markdown and code tests."""

from __future__ import annotations

import random
from collections.abc import Callable

from tui.render.body import MessageBody


def streamed_and_at_once(
    markdown: Callable, text: str, width: int, seed: int, most: int
) -> tuple[list, list]:
    """The lines of ``text`` fed in random pieces of 1..``most`` (rendered after each), and
    of ``text`` fed whole: a streamed answer must end up drawn exactly as a stored one."""
    rng = random.Random(seed)
    streamed = MessageBody(markdown)
    position = 0
    while position < len(text):
        size = rng.randint(1, most)
        streamed.feed(text[position : position + size])
        position += size
        streamed.render(width)
    at_once = MessageBody(markdown)
    at_once.feed(text)
    at_once.render(width)
    return streamed.lines, at_once.lines
