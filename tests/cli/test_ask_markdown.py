"""`parley ask` on a terminal: Markdown rendered as it streams, never redrawing lost lines."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import textwrap

import pytest
from rich.color import ColorSystem

from tests.trust.terminal import read_to_end
from tui.commands.markdown_out import MarkdownStream
from tui.render.body import MessageBody
from tui.render.lines import unpack
from tui.render.markdown import MarkdownRenderer
from tui.render.theme import terminal_theme
from tui.terminal_out import TerminalWriter

ANSWER = textwrap.dedent(
    """\
    ## Cancelling a stream

    Press **escape** while the answer streams; the partial text is *kept*.
    A second sentence makes this paragraph long enough to wrap at a narrow width for sure.

    ```python
    for chunk in stream:
        print(chunk)
    ```

    - one item
    - two items

    > a quote to end with
    """
)
SGR = re.compile(r"\x1b\[[0-9;]*m")
MOVE_UP = re.compile(r"\x1b\[(\d+)F\x1b\[J")


class Terminal:
    """The few things MarkdownStream may do to a terminal, and a check that it only redraws
    lines still on screen: text, newline, SGR, and "up N lines, erase below"."""

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.lines: list[str] = [""]  # scrollback, then the screen; the cursor is on the last
        self.moves = 0

    def play(self, output: str) -> None:
        position = 0
        for match in MOVE_UP.finditer(output):
            self._text(output[position : match.start()])
            self._up(int(match.group(1)))
            position = match.end()
        self._text(output[position:])

    def _text(self, text: str) -> None:
        text = SGR.sub("", text)
        assert "\x1b" not in text, f"unexpected sequence in {text!r}"
        first, *rest = text.split("\n")
        self.lines[-1] += first
        self.lines.extend(rest)

    def _up(self, count: int) -> None:
        cursor = len(self.lines) - 1
        on_screen = min(len(self.lines), self.rows)
        assert count < on_screen, f"moved up {count} lines, {on_screen - 1} are on screen"
        del self.lines[cursor - count :]
        self.lines.append("")
        self.moves += 1

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.lines).strip("\n")


def rendered_at_once(text: str, width: int) -> str:
    body = MessageBody(MarkdownRenderer(terminal_theme()).markdown)
    body.feed(text)
    body.render(width)
    return "\n".join(
        "".join(segment.text for segment in unpack(line)).rstrip() for line in body.lines
    )


def stream(text: str, *, rows: int, columns: int = 60, piece: int = 3) -> tuple[Terminal, str]:
    out = io.StringIO()
    markdown = MarkdownStream(
        out,
        size=(columns, rows),
        colors=(ColorSystem.STANDARD, False),
        clock=iter(range(10**6)).__next__,
    )
    for start in range(0, len(text), piece):
        markdown.feed(text[start : start + piece])
    markdown.end()
    terminal = Terminal(rows)
    terminal.play(out.getvalue())
    return terminal, out.getvalue()


def test_streamed_pieces_end_as_the_whole_answer_rendered_at_once():
    terminal, output = stream(ANSWER, rows=40)
    assert terminal.text == rendered_at_once(ANSWER, 60)
    assert "Cancelling a stream" in terminal.text
    assert "##" not in terminal.text and "**" not in terminal.text and "```" not in terminal.text
    assert terminal.moves > 0  # the tail was drawn live, then redrawn
    assert "\x1b[1m" in output or "\x1b[1;" in output  # bold headings and emphasis


def test_a_tail_taller_than_the_screen_is_never_redrawn_above_it():
    paragraph = " ".join(f"word{i}" for i in range(400))  # one block, ~40 lines at 60 columns
    text = f"# Title\n\n{paragraph}\n\nlast block\n"
    terminal, _ = stream(text, rows=8)  # Terminal asserts every move stays on screen
    shown = terminal.text
    assert shown.index("Title") < shown.index("word0") < shown.index("word399")
    assert shown.index("word399") < shown.index("last block")
    for i in range(400):
        assert len(re.findall(rf"\bword{i}\b", shown)) == 1
    assert shown.count("Title") == 1


def test_finished_blocks_are_printed_once():
    blocks = [f"Paragraph number {i}." for i in range(30)]
    _, output = stream("\n\n".join(blocks) + "\n", rows=6)
    for block in blocks:
        assert SGR.sub("", output).count(block) == 1


def test_hostile_text_is_made_inert_before_rendering():
    evil = (
        "# Title \x1b]52;c;aGk=\x07\n\n`code \x1b[2J` and \x9b31m text \u202e\n\n"
        "```\n\x1b]0;pwned\x07\n```\n"
    )
    raw = io.StringIO()
    raw.isatty = lambda: True  # type: ignore[method-assign]
    writer = TerminalWriter(raw)
    markdown = MarkdownStream(writer, size=(80, 24), colors=(ColorSystem.TRUECOLOR, False))
    for char in evil:
        markdown.feed(char)
    markdown.end()
    shown = raw.getvalue()
    for payload in ("\x1b]52", "\x1b[2J", "\x1b]0;pwned", "\x9b", "\u202e", "\x07"):
        assert payload not in shown
    text = SGR.sub("", MOVE_UP.sub("", shown))
    for form in ("␛]52;c;aGk=␇", "␛[2J", "<U+009B>31m", "<U+202E>", "␛]0;pwned␇"):
        assert form in text


def test_no_color_keeps_the_layout_without_colours():
    out = io.StringIO()
    markdown = MarkdownStream(out, size=(60, 24), colors=(ColorSystem.TRUECOLOR, True))
    markdown.feed("## Heading\n\nSome `code`.\n")
    markdown.end()
    assert "Heading" in out.getvalue() and "##" not in out.getvalue()
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]", out.getvalue())  # no foreground colours


def _on_a_pty(simulator, *args: str) -> tuple[int, str, str]:
    """``parley ask ARGS`` with stdout on a pseudo-terminal, stderr on a pipe."""
    leader, follower = pty.openpty()
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="80", LINES="24")
    script = (
        "import sys; from tui.cli import main; code = main(sys.argv[1:]); "
        "sys.stderr.write('MODULES ' + ' '.join(sorted({m.split('.')[0] for m in sys.modules})));"
        "sys.exit(code)"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, "ask", "--no-save", "--base-url", simulator.base_url, *args],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    )
    os.close(follower)
    output = read_to_end(leader)
    _, err = proc.communicate(timeout=60)
    os.close(leader)
    return proc.returncode, output.decode(), err.decode()


def test_ask_on_a_terminal_renders_markdown_and_never_imports_textual(simulator):
    code, out, err = _on_a_pty(simulator, "-m", "sim/echo", "## Hello\n\nsome **bold** words")
    assert code == 0, err
    modules = err.split("MODULES ")[-1].split()
    assert "rich" in modules and "textual" not in modules
    text = SGR.sub("", out)
    assert "Hello" in text and "bold words" in text
    assert "##" not in text and "**" not in text


def test_raw_on_a_terminal_prints_the_text_as_received(simulator):
    code, out, err = _on_a_pty(simulator, "--raw", "-m", "sim/echo", "## Hello **bold**")
    assert code == 0, err
    assert "## Hello **bold**" in out
    assert "\x1b[" not in out


def test_piped_output_is_the_text_exactly(parley):
    result = parley("ask", "-m", "sim/echo", "--no-save", "## Hello **bold**\r\n")
    assert result.out == "## Hello **bold**\r\n"


@pytest.mark.parametrize("rows", [3, 5, 24])
def test_any_screen_height_shows_everything_in_order(rows):
    terminal, _ = stream(ANSWER * 3, rows=rows, piece=7)
    shown = terminal.text
    assert shown.count("Cancelling a stream") == 3
    assert shown.count("a quote to end with") == 3
