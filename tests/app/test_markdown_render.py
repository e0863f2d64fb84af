"""The block splitter, the Markdown renderer and incremental message bodies."""

from __future__ import annotations

import random

import pytest
from rich.segment import Segment
from rich.theme import Theme

from tests.rendering import streamed_and_at_once
from tui.render.blocks import BlockSplitter
from tui.render.body import MessageBody
from tui.render.lines import Line, unpack
from tui.render.markdown import MarkdownRenderer
from tui.render.theme import RenderTheme, pygments_code_styles

SAMPLE = """# Parley

Parley streams answers **token by token** and keeps `history`.

- first item
- second item

  continued inside the second item

1. one
2. two

```python
def greet(name):

    return f"hi {name}"
```

~~~
tilde fence

with a blank line
~~~

| model | cost |
| --- | --- |
| gpt-4o | $0.01 |

> a quote

The end.
"""


def feed_in_pieces(text: str, sizes: list[int]) -> BlockSplitter:
    splitter = BlockSplitter()
    position = 0
    for size in sizes:
        splitter.feed(text[position : position + size])
        position += size
    splitter.feed(text[position:])
    return splitter


def split_blocks(text: str) -> tuple[list[str], str]:
    """The finished blocks and the tail of ``text`` fed to a splitter at once."""
    splitter = BlockSplitter()
    splitter.feed(text)
    return list(splitter.blocks), splitter.tail


@pytest.fixture(scope="module")
def renderer() -> MarkdownRenderer:
    # Rich's default Markdown styles and a Pygments code style: no app needed.
    theme = RenderTheme(markdown=Theme({}, inherit=True), code=pygments_code_styles("monokai"))
    return MarkdownRenderer(theme)


def plain(lines: list[Line]) -> list[str]:
    return ["".join(segment.text for segment in unpack(line)).rstrip() for line in lines]


# -- the block splitter -------------------------------------------------------------------


def test_paragraphs_split_at_blank_lines():
    blocks, tail = split_blocks("one\n\ntwo\n\nthree\n")
    assert blocks == ["one\n", "two\n"]
    assert tail == "three\n"


def test_a_block_stays_in_the_tail_until_the_next_block_begins():
    splitter = BlockSplitter()
    splitter.feed("one\n\n")
    assert splitter.blocks == []
    splitter.feed("tw")
    assert splitter.blocks == []  # the next line is not complete yet
    splitter.feed("o\n")
    assert splitter.blocks == ["one\n"]
    assert splitter.tail == "two\n"


def test_blank_lines_inside_a_backtick_fence_do_not_split():
    blocks, tail = split_blocks("```python\na = 1\n\n\nb = 2\n```\n\nafter\n")
    assert blocks == ["```python\na = 1\n\n\nb = 2\n```\n"]
    assert tail == "after\n"


def test_blank_lines_inside_a_tilde_fence_do_not_split():
    blocks, _ = split_blocks("~~~\nx\n\ny\n~~~\n\nafter\n")
    assert blocks == ["~~~\nx\n\ny\n~~~\n"]


def test_a_shorter_or_different_marker_does_not_close_a_fence():
    blocks, tail = split_blocks("````\n```\n\n~~~\n\nstill code\n````\n\nafter\n")
    assert blocks == ["````\n```\n\n~~~\n\nstill code\n````\n"]
    assert tail == "after\n"


def test_an_unclosed_fence_keeps_everything_in_the_tail():
    blocks, tail = split_blocks("intro\n\n```\ncode\n\nmore code\n")
    assert blocks == ["intro\n"]
    assert tail == "```\ncode\n\nmore code\n"


def test_inline_triple_backticks_do_not_open_a_fence():
    blocks, _ = split_blocks("use ```x``` here\n\nnext\n\n")
    assert blocks == ["use ```x``` here\n"]


def test_an_indented_line_after_a_blank_continues_the_list():
    text = "- item\n\n  more of the item\n- next\n\nafter\n"
    blocks, tail = split_blocks(text)
    assert blocks == ["- item\n\n  more of the item\n- next\n"]
    assert tail == "after\n"


def test_a_table_is_one_block():
    blocks, _ = split_blocks("| a | b |\n| - | - |\n| 1 | 2 |\n\nafter\n")
    assert blocks == ["| a | b |\n| - | - |\n| 1 | 2 |\n"]


def test_leading_blank_lines_are_dropped():
    blocks, tail = split_blocks("\n\n  \none\n\ntwo\n")
    assert blocks == ["one\n"]
    assert tail == "two\n"


def test_feeding_one_character_at_a_time_gives_the_same_blocks():
    whole = BlockSplitter()
    whole.feed(SAMPLE)
    by_char = feed_in_pieces(SAMPLE, [1] * len(SAMPLE))
    assert by_char.blocks == whole.blocks
    assert by_char.tail == whole.tail
    assert len(whole.blocks) == 8


@pytest.mark.parametrize("seed", range(5))
def test_feeding_random_pieces_gives_the_same_blocks(seed):
    rng = random.Random(seed)
    pieces = feed_in_pieces(SAMPLE, [rng.randint(1, 12) for _ in range(len(SAMPLE))])
    assert (pieces.blocks, pieces.tail) == split_blocks(SAMPLE)


def test_blocks_and_tail_put_back_together_give_the_text_minus_blank_runs():
    blocks, tail = split_blocks(SAMPLE)
    assert "\n".join([*blocks, tail]) == SAMPLE


# -- the Markdown renderer ----------------------------------------------------------------


def test_headings_are_flush_left(renderer):
    lines = plain(renderer.markdown("# Title", 40))
    assert lines == ["Title"]


def test_emphasis_is_styled(renderer):
    line = unpack(renderer.markdown("some **bold** and *italic*", 40)[0])
    styles = {segment.text: segment.style for segment in line}
    assert styles["bold"].bold
    assert styles["italic"].italic


def test_lists_get_bullets_and_numbers(renderer):
    assert plain(renderer.markdown("- a\n- b", 40)) == [" • a", " • b"]
    assert plain(renderer.markdown("3. c\n4. d", 40)) == [" 3 c", " 4 d"]


def test_block_quotes_get_a_bar(renderer):
    assert plain(renderer.markdown("> quoted", 40)) == ["▌ quoted"]


def test_tables_render_their_cells(renderer):
    text = "\n".join(plain(renderer.markdown("| a | b |\n|---|---|\n| 1 | 2 |", 40)))
    assert "a" in text and "2" in text and "─" in text


def test_code_blocks_are_highlighted_on_a_background(renderer):
    lines = renderer.markdown("```python\ndef f():\n    return 1\n```", 30)
    assert plain(lines) == [" def f():", "     return 1"]
    segments = [segment for line in lines for segment in unpack(line)]
    colours = {segment.style.color for segment in segments if segment.text.strip()}
    assert len(colours) > 1  # keywords and names differ
    assert all(segment.style.bgcolor for segment in segments)
    assert all(Segment.get_line_length(unpack(line)) == 30 for line in lines)


def test_long_code_lines_wrap_within_the_width(renderer):
    lines = renderer.markdown("```\n" + "x" * 50 + "\n```", 20)
    assert len(lines) == 3
    assert all(Segment.get_line_length(unpack(line)) == 20 for line in lines)


def test_unknown_languages_render_as_plain_code(renderer):
    assert plain(renderer.markdown("```nosuchlang\nhello\n```", 20)) == [" hello"]


def test_inline_code_has_its_own_style(renderer):
    line = unpack(renderer.markdown("run `make`", 40)[0])
    code = next(segment for segment in line if segment.text == "make")
    assert code.style != next(segment for segment in line if segment.text.startswith("run")).style


def test_link_targets_are_shown(renderer):
    text = plain(renderer.markdown("[docs](https://example.com) and <https://x.org>", 60))
    assert text == ["docs (https://example.com) and https://x.org"]


def test_html_is_shown_not_dropped(renderer):
    assert plain(renderer.markdown("<div>raw</div>", 40)) == ["<div>raw</div>"]
    assert plain(renderer.markdown("a <b>tag</b>", 40)) == ["a <b>tag</b>"]


def test_rendered_blocks_have_no_blank_lines_at_either_end(renderer):
    lines = renderer.markdown("\n\n---\n\n", 20)
    assert len(lines) == 1


def test_plain_text_wraps_and_keeps_line_breaks(renderer):
    assert plain(renderer.plain("one two three\nfour", 8)) == ["one two", "three", "four"]


# -- message bodies -----------------------------------------------------------------------


class CountingRenderer:
    def __init__(self, renderer: MarkdownRenderer) -> None:
        self.renderer = renderer
        self.calls: list[str] = []

    def __call__(self, text: str, width: int) -> list[Line]:
        self.calls.append(text)
        return self.renderer.markdown(text, width)


@pytest.mark.parametrize("seed", range(3))
def test_a_body_streamed_in_pieces_equals_the_body_rendered_at_once(renderer, seed):
    streamed, at_once = streamed_and_at_once(renderer.markdown, SAMPLE, 50, seed, most=15)
    assert streamed == at_once


def test_finished_blocks_are_never_rendered_again(renderer):
    counting = CountingRenderer(renderer)
    body = MessageBody(counting)
    for position, character in enumerate(SAMPLE):
        finished, _ = split_blocks(SAMPLE[:position])
        calls_before = len(counting.calls)
        body.feed(character)
        body.render(50)
        for text in counting.calls[calls_before:]:
            assert not any(block in text for block in finished)


def test_nothing_is_rendered_when_nothing_changed(renderer):
    counting = CountingRenderer(renderer)
    body = MessageBody(counting)
    body.feed("hello\n\nworld")
    body.render(40)
    calls = len(counting.calls)
    assert body.render(40) is None
    assert len(counting.calls) == calls


def test_blocks_are_separated_by_one_blank_line(renderer):
    body = MessageBody(renderer.markdown)
    body.feed("one\n\n\n\ntwo\n\nthree")
    body.render(40)
    assert plain(body.lines) == ["one", "", "two", "", "three"]


def test_a_new_width_renders_every_block_again(renderer):
    body = MessageBody(renderer.markdown)
    body.feed("a long sentence that will need wrapping\n\nnext")
    body.render(60)
    assert len(body.lines) == 3
    assert body.render(12) == 0
    assert all(Segment.get_line_length(unpack(line)) <= 12 for line in body.lines)
    assert len(body.lines) > 3


def test_growing_the_tail_reports_and_replaces_only_the_lines_that_changed(renderer):
    body = MessageBody(renderer.markdown)
    body.feed("first block\n\nalpha beta gamma delta epsilon zeta eta")
    body.render(20)
    assert plain(body.lines) == ["first block", "", "alpha beta gamma", "delta epsilon zeta", "eta"]
    kept = body.lines[2]
    body.feed(" theta")
    assert body.render(20) == 4  # only the last line changed
    assert body.lines[2] is kept  # unchanged lines keep their (already painted) strips
    assert plain(body.lines)[-1] == "eta theta"


def test_a_block_that_freezes_keeps_the_lines_it_had_as_the_tail(renderer):
    body = MessageBody(renderer.markdown)
    body.feed("first block\n\nalpha beta gamma delta epsilon zeta eta")
    body.render(20)
    shown = list(body.lines)
    # The paragraph ends and the next begins: it is rendered again, as a finished block.
    body.feed("\n\nnext one")
    assert body.render(20) == 5  # the paragraph's lines did not change: only what follows
    assert all(now is before for now, before in zip(body.lines, shown, strict=False))
    assert plain(body.lines) == [
        "first block",
        "",
        "alpha beta gamma",
        "delta epsilon zeta",
        "eta",
        "",
        "next one",
    ]
