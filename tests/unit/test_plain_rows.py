"""Huge blocks as plain rows: wrapped once and incrementally, the same however they arrive."""

from __future__ import annotations

import random

import pytest
from rich.cells import cell_len

from tui.render import blocks as blocks_module
from tui.render.blocks import BlockSplitter
from tui.render.body import MessageBody
from tui.render.lines import Line, unpack
from tui.render.plain import BLOCK_LIMIT, PlainRows


def text_of(line: Line) -> str:
    return "".join(segment.text for segment in unpack(line))


def plain(pieces: list[str], width: int) -> list[str]:
    """The rows of ``"".join(pieces)`` wrapped as the pieces arrive, then finished."""
    rows = PlainRows(width)
    text = ""
    for piece in pieces:
        text += piece
        rows.wrap(text, 10**9, final=False)
    rows.wrap(text, 10**9, final=True)
    return [text_of(line) for line in rows]


def cut(text: str, rng: random.Random) -> list[str]:
    points = sorted(rng.sample(range(1, len(text)), min(40, len(text) - 1)))
    return [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]


@pytest.mark.parametrize("seed", range(20))
def test_rows_do_not_depend_on_how_the_text_arrives(seed: int) -> None:
    rng = random.Random(seed)
    words = ["a", "streamed", "word", "x" * 30, "日本語の文", "tab\there", "\n", "  "]
    text = "".join(rng.choice(words) + rng.choice(" \n ") for _ in range(300))
    width = rng.randint(5, 40)
    whole = plain([text], width)
    assert plain(cut(text, rng), width) == whole
    assert all(cell_len(row) <= width for row in whole)
    assert "".join(whole).replace(" ", "") == text.replace("\t", " ").replace(" ", "").replace(
        "\n", ""
    )


def test_a_long_line_breaks_at_spaces_and_folds_a_long_word() -> None:
    assert plain(["one two three " + "z" * 12], 10) == ["one two", "three", "z" * 10, "zz"]


def test_wrapping_a_huge_text_is_spread_over_several_renders() -> None:
    rows = PlainRows(80)
    text = "word " * 1_000_000
    rows.wrap(text, 1_000_000, final=True)
    assert not rows.caught_up and 0 < len(rows) < 80_000
    while not rows.caught_up:
        rows.wrap(text, 1_000_000, final=True)
    assert len(rows) == -(-len(text.rstrip()) // 80)


def test_a_block_past_the_limit_renders_as_plain_rows_and_streams_like_whole() -> None:
    text = "# Title\n\nSome *Markdown*.\n\n" + "**not bold** " * (BLOCK_LIMIT // 10) + "\n\nEnd.\n"
    render = MessageBodyRenderer()
    streamed = MessageBody(render)
    for start in range(0, len(text), 7919):
        streamed.feed(text[start : start + 7919])
        while streamed.render(60) is not None and streamed.dirty:
            pass
    whole = MessageBody(render)
    whole.feed(text)
    while whole.render(60) is not None and whole.dirty:
        pass
    assert streamed.lines == whole.lines
    texts = [text_of(line) for line in whole.lines]
    assert texts[0] == "md:# Title" and texts[-1] == "md:End."
    assert "**not bold**" in texts[6]  # plain: the markup shows as it is


class MessageBodyRenderer:
    """A stand-in Markdown renderer: one line per source line, marked, to tell them apart."""

    def __call__(self, text: str, width: int) -> list:
        return [((f"md:{line}", -1),) for line in text.strip("\n").split("\n")]


@pytest.mark.parametrize("seed", range(10))
def test_skipping_plain_lines_cuts_the_same_blocks(seed: int, monkeypatch) -> None:
    rng = random.Random(seed)
    lines = ["text", "", "   ", "  indented", "```py", "```", "~~~", "- item", "````", "\t"]
    text = "\n".join(rng.choice(lines) for _ in range(400))
    fast = BlockSplitter()
    for piece in cut(text, rng):
        fast.feed(piece)
    monkeypatch.setattr(blocks_module.BlockSplitter, "_skip_plain_lines", lambda self: None)
    slow = BlockSplitter()
    slow.feed(text)
    assert (fast.blocks, fast.tail) == (slow.blocks, slow.tail)


def test_a_message_s_lines_slice_like_a_list() -> None:
    from tui.render.sequence import LineSequence

    made = [((f"line {n}", 0),) for n in range(5)]
    lines = LineSequence()
    lines.extend(made)
    assert lines[2:] == made[2:]
    assert lines[:-1] == made[:-1]
    assert lines[5:] == []
