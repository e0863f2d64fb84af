"""An answer streamed to a terminal as Markdown, in the app's look, one line at a time."""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Callable
from contextlib import suppress
from typing import TextIO

from rich.color import ColorSystem
from rich.console import Console
from rich.style import Style

from tui.render.body import MessageBody
from tui.render.lines import STYLES, Line
from tui.render.markdown import MarkdownRenderer
from tui.render.theme import terminal_theme, text_style
from tui.sanitize import StreamSanitizer
from tui.terminal_out import write_control

_COLOR_SYSTEMS = {
    "standard": ColorSystem.STANDARD,
    "256": ColorSystem.EIGHT_BIT,
    "truecolor": ColorSystem.TRUECOLOR,
    "windows": ColorSystem.WINDOWS,
}
REDRAW_SECONDS = 1 / 30
"""How often the unfinished tail is drawn again at most: often enough to look live."""


def color_system() -> tuple[ColorSystem | None, bool]:
    """The terminal's colours as Rich detects them (TERM, COLORTERM), and whether NO_COLOR."""
    console = Console(force_terminal=True)
    return _COLOR_SYSTEMS.get(console.color_system or ""), console.no_color


class MarkdownStream:
    """Draws a growing answer on a terminal as rendered Markdown.

    Finished blocks are printed once. The unfinished tail is a live region below them,
    erased and drawn again as text arrives; it never grows past the screen's height, so
    everything it erases is still on screen. Lines pushed out of it stay printed as drawn.

    Text is made inert (:func:`tui.sanitize.visible`) before Rich sees it, and written
    through ``out`` (the terminal's neutralising writer); only the style sequences made here
    go through :func:`write_control`.
    """

    def __init__(
        self,
        out: TextIO,
        *,
        size: tuple[int, int] | None = None,
        colors: tuple[ColorSystem | None, bool] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        columns, rows = size or tuple(shutil.get_terminal_size())
        self._out = out
        self._width = max(20, columns)
        self._budget = max(1, rows - 1)  # the live region's most lines: all still on screen
        self._system, self._no_color = colors or color_system()
        renderer = MarkdownRenderer(terminal_theme())
        self._body = MessageBody(renderer.markdown)
        self._sanitizer = StreamSanitizer()
        self._printed = 0  # leading lines of the body that are final on screen
        self._shown: list[Line] = []  # the lines drawn below them, which may still change
        self._clock = clock
        self._drawn_at = float("-inf")
        self._interval = REDRAW_SECONDS
        self._later: asyncio.TimerHandle | None = None
        self._sgr: dict[int, tuple[str, str]] = {}

    def feed(self, text: str) -> None:
        """Add a piece of the answer; draw if the last draw was long enough ago."""
        self._body.feed(self._sanitizer.feed(text))
        wait = self._drawn_at + self._interval - self._clock()
        if wait <= 0:
            self.draw()
        elif self._later is None:
            # The text must show even if no more arrives for a while (a provider stalls).
            with suppress(RuntimeError):  # no loop: the next piece, or end(), draws it
                self._later = asyncio.get_running_loop().call_later(wait, self.draw)

    def draw(self) -> None:
        """Bring the screen up to date with the text fed so far."""
        if self._later is not None:
            self._later.cancel()
            self._later = None
        self._drawn_at = self._clock()
        started = time.perf_counter()
        if self._body.render(self._width) is None:
            return
        # A long unfinished block (a big code block) costs more to redraw: draw it less
        # often, so rendering never takes more than a quarter of the time.
        self._interval = max(REDRAW_SECONDS, 4 * (time.perf_counter() - started))
        lines = self._body.lines
        fresh = lines[self._printed :]
        keep = _common_prefix(self._shown, fresh)  # live lines that are still right
        if len(self._shown) > keep:
            # up to the first wrong live line, and erase from there down
            write_control(self._out, f"\x1b[{len(self._shown) - keep}F\x1b[J")
        for line in fresh[keep:]:
            self._write_line(line)
        # Lines beyond the screen's height become final: what scrolls away is never redrawn.
        self._printed = max(self._printed, len(lines) - self._budget)
        self._shown = lines[self._printed :]
        self._out.flush()

    def settle(self) -> None:
        """Keep what is drawn as it is: other output is about to follow it."""
        self._printed += len(self._shown)
        self._shown = []

    def end(self) -> None:
        """The answer is over (complete or not): draw its last state, for good."""
        self._body.feed(self._sanitizer.flush())
        self.draw()
        self.settle()

    def _write_line(self, line: Line) -> None:
        for text, number in _trimmed(line):
            style = STYLES.style(number)
            start, stop = self._sequences(number, style) if style else ("", "")
            if start:
                write_control(self._out, start)
            self._out.write(text)
            if stop:
                write_control(self._out, stop)
        self._out.write("\n")

    def _sequences(self, number: int, style: Style) -> tuple[str, str]:
        """The SGR sequences that open and close ``style`` on this terminal."""
        cached = self._sgr.get(number)
        if cached is None:
            if self._no_color:
                style = style.without_color
            style = text_style(style)  # no hyperlinks: a link's target is shown as text instead
            sample = style.render("\x00", color_system=self._system) if self._system else "\x00"
            start, _, stop = sample.partition("\x00")
            cached = self._sgr[number] = (start, stop)
        return cached


def _common_prefix(old: list[Line], new: list[Line]) -> int:
    count = 0
    for before, after in zip(old, new, strict=False):
        if before != after:
            break
        count += 1
    return count


def _trimmed(line: Line) -> Line:
    """``line`` without the padding Rich adds up to the width (it would wrap on a resize)."""
    pieces = list(line)
    while pieces:
        text, number = pieces[-1]
        style = STYLES.style(number)
        if style is not None and style.bgcolor is not None:
            break
        stripped = text.rstrip(" ")
        if stripped:
            pieces[-1] = (stripped, number)
            break
        pieces.pop()
    return tuple(pieces)
