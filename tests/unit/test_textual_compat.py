"""Textual's render path as Parley hooks it: a canary for upgrades, and what the hooks do."""

from __future__ import annotations

from rich.console import Console
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.content import Content, Span
from textual.strip import Strip

from tui.textual_compat import boundary as textual_compat

HOSTILE = "a\x1b]52;c;aGk=\x07b\x9b31m\u202ec\x00"
CONSOLE = Console(color_system="truecolor", force_terminal=True, width=80)


def test_the_hooked_textual_functions_are_still_the_ones_parley_was_written_for():
    problems = textual_compat.compat_problems()
    assert not problems, (
        "Textual changed under Parley's terminal boundary; re-check tui/textual_compat/boundary.py "
        f"against this Textual before trusting it: {problems}"
    )


def test_install_is_idempotent_and_keeps_the_originals_reachable():
    textual_compat.install()
    render = Strip.render
    textual_compat.install()
    assert Strip.render is render
    assert getattr(Strip.render, "__wrapped__", None) is not None
    assert textual_compat.compat_problems() == []


def test_a_strip_never_writes_an_unsafe_character_and_keeps_its_width():
    textual_compat.install()
    strip = Strip([Segment(HOSTILE, Style(color="red")), Segment(" tail")])
    out = strip.render(CONSOLE)
    assert "\x1b]52" not in out and "\x9b" not in out and "\u202e" not in out
    assert "\x00" not in out and "\x07" not in out
    assert "a]52;c;aGk=b31mc\x1b[0m tail" in out
    assert strip.cell_length == len("a]52;c;aGk=b31mc tail")


def test_a_link_target_cannot_end_its_osc_8_sequence():
    textual_compat.install()
    style = Style(link="https://x.test/\x1b]0;pwned\x07")
    out = Strip([Segment("link", style)]).render(CONSOLE)
    assert "\x1b]0;pwned" not in out and "\x07" not in out
    assert "https://x.test/]0;pwned" in out


def test_content_shows_unsafe_characters_visibly_and_moves_spans_with_them():
    textual_compat.install()
    content = Content("x\x9by", [Span(2, 3, "bold")])
    assert content.plain == "x<U+009B>y"
    assert content.plain[content.spans[0].start : content.spans[0].end] == "y"
    marked = Content.from_markup("[b]id[/b] \x1b]0;pwned\x07")
    assert marked.plain == "id ␛]0;pwned␇"
    rich = Content.from_rich_text(Text.assemble(("\u202eevil", "red"), " ok"))
    assert rich.plain == "<U+202E>evil ok"
    assert rich.plain[rich.spans[0].start : rich.spans[0].end] == "<U+202E>evil"


def test_plain_content_is_left_exactly_as_it_was():
    textual_compat.install()
    content = Content("plain — ünï 你好\n\ttab", [Span(0, 5, "bold")])
    assert content.plain == "plain — ünï 你好\n\ttab"
    assert content.spans == [Span(0, 5, "bold")]


def test_a_rich_text_shows_a_bell_it_used_to_drop_and_keeps_its_spans():
    textual_compat.install()
    text = Text("ok\x07bell\x08", spans=[])
    text.stylize("bold", 2, 3)
    assert text.plain == "ok\u2407bell\u2408"
    assert text.spans[0].start == 2 and text.spans[0].end == 3
    assert Text("a\r\nb").plain == "a\nb"  # CR is still dropped, as Rich does
