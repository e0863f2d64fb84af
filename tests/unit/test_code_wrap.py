"""Long code lines wrap between tokens, marked, and never inside a word."""

from __future__ import annotations

import re

import pytest
from pygments.token import Comment
from rich.cells import cell_len
from rich.theme import Theme

from tests.rendering import streamed_and_at_once
from tui.render.code import MARKER, highlight_lines, render_code, wrap_line
from tui.render.lines import Line, unpack
from tui.render.markdown import MarkdownRenderer
from tui.render.theme import RenderTheme, pygments_code_styles

LONG_LINE = (
    "    result = database_connection.execute_query(conversation_identifier, "
    "maximum_result_count=include_archived_conversations, order_by_last_activity=True)"
)
IDENTIFIERS = set(re.findall(r"\w+", LONG_LINE))


def monokai_theme() -> RenderTheme:
    return RenderTheme(markdown=Theme({}, inherit=True), code=pygments_code_styles("monokai"))


def line_text(line: Line) -> str:
    return "".join(segment.text for segment in unpack(line))


def line_width(line: Line) -> int:
    return cell_len(line_text(line))


@pytest.fixture(scope="module")
def renderer() -> MarkdownRenderer:
    return MarkdownRenderer(monokai_theme())


def rows_of(lines) -> list[str]:
    """The rows' code: without the block's padding and fill."""
    return [line_text(line)[1:-1].rstrip() for line in lines]


def wrapped(line: str, inner: int, language: str = "python") -> list[str]:
    """The rows ``line`` wraps into, as shown, without the block's padding and fill."""
    styles = monokai_theme().code
    [segments] = highlight_lines(line, language, styles)
    marker = styles.for_token(Comment)
    rows = wrap_line(segments, inner, styles.background, marker)
    assert all(sum(len(segment.text) for segment in row) <= inner for row in rows)
    return ["".join(segment.text for segment in row) for row in rows]


def unwrap(rows: list[str]) -> str:
    """The original line back from its rows: continued rows lose their indent and marker."""
    text = rows[0]
    for row in rows[1:]:
        indent, marker, rest = row.partition(MARKER)
        assert marker and not indent.strip(), row
        text += rest
    return text


@pytest.mark.parametrize("width", [40, 44, 62, 80])
def test_a_long_line_wraps_between_words_with_a_marker(renderer, width):
    lines = renderer.markdown(f"```python\n{LONG_LINE}\n```", width)
    rows = rows_of(lines)
    assert len(rows) > 1
    assert all(line_width(line) == width for line in lines)
    assert all(MARKER in row for row in rows[1:])  # every continued row says so
    assert MARKER not in rows[0]
    for row in rows:
        for word in re.findall(r"\w+", row.replace(MARKER, " ")):
            assert word in IDENTIFIERS, f"{word!r} is a piece of a split word in {row!r}"
    assert unwrap(wrapped(LONG_LINE, width - 2)) == LONG_LINE


def test_continued_rows_keep_the_lines_indentation(renderer):
    rows = rows_of(renderer.markdown(f"```python\n{LONG_LINE}\n```", 44))
    assert all(row.startswith("    " + MARKER) for row in rows[1:])


def test_a_word_longer_than_a_row_is_cut_and_still_marked():
    word = "x" * 50
    rows = wrapped(word, 18, "text")
    assert rows == ["x" * 18, MARKER + "x" * 16, MARKER + "x" * 16]
    lines = render_code(word, "text", 20, monokai_theme().code)
    assert [sum(len(segment.text) for segment in line) for line in lines] == [20, 20, 20]


def test_wrapped_code_keeps_its_colours(renderer):
    code = "```python\n" + LONG_LINE + "\n```"
    wide = renderer.markdown(code, 200)
    narrow = renderer.markdown(code, 44)

    def colours(lines) -> dict[str, object]:
        return {
            segment.text: segment.style.color
            for line in lines
            for segment in unpack(line)
            if segment.text.strip() and MARKER not in segment.text
        }

    wide_colours, narrow_colours = colours(wide), colours(narrow)
    assert narrow_colours["execute_query"] == wide_colours["execute_query"]
    assert narrow_colours["True"] == wide_colours["True"]
    assert narrow_colours["True"] != narrow_colours["execute_query"]
    markers = [s for line in narrow for s in unpack(line) if s.text == MARKER]
    assert markers and all(s.style.bgcolor for s in markers)  # on the code background


def test_wide_characters_never_overflow_the_row(renderer):
    line = "print('" + "漢字テキスト " * 12 + "')"
    lines = renderer.markdown(f"```python\n{line}\n```", 30)
    assert all(line_width(line) == 30 for line in lines)
    assert unwrap(wrapped(line, 28)) == line


@pytest.mark.parametrize("seed", range(3))
def test_wrapped_code_streamed_in_pieces_equals_it_rendered_at_once(renderer, seed):
    text = f"Here:\n\n```python\n{LONG_LINE}\n{LONG_LINE.strip()}\n```\n\nDone.\n"
    streamed, at_once = streamed_and_at_once(renderer.markdown, text, 44, seed, most=12)
    assert streamed == at_once
