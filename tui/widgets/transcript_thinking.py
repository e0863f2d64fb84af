"""A message's thinking block: a one-line label, and the model's reasoning as lines when open."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text

from tui.render.body import BLANK, BlockRenderer
from tui.render.lines import Line
from tui.render.text_lines import TextLines
from tui.widgets.streamed_text import StreamedText

INDENT = 2
"""Cells the reasoning is set in from the answer (painted, not rendered: huge plain rows
are indented alike)."""

OPEN_MARK = "▾"
FOLDED_MARK = "▸"
TEXTLESS_MARK = "·"  # encrypted reasoning: nothing to open
LIVE_LABEL = "thinking…"
ENDED_LABEL = "thought"


class ThinkingSection(StreamedText):
    """The reasoning of one message, kept and rendered like its answer.

    Its text goes through the same neutraliser and the same incremental renderer as the
    answer's: finished blocks are rendered once, only the tail again. A folded section
    renders no reasoning at all (a loaded conversation pays nothing for it until opened).
    """

    def __init__(self, render: BlockRenderer, *, open: bool) -> None:
        super().__init__(render)
        self.open = open
        self.label: list[Line] = []  # rendered with the header (empty: not yet)

    def set_text(self, text: str, render: BlockRenderer, finished: bool) -> None:
        """Start again from ``text``."""
        self.restart(render)
        self.append(text)
        if finished:
            self.finish()

    @property
    def shown(self) -> bool:
        """Whether its reasoning lines are on screen (open, and there is text)."""
        return self.open and bool(self.pieces)

    def height(self, answer_lines: bool) -> int:
        """Its lines: the label, the open reasoning, a blank line before an answer."""
        count = len(self.label) + (len(self.body.lines) if self.shown else 0)
        return count + 1 if count and answer_lines else count

    def line(self, offset: int) -> Line:
        """The line at ``offset`` within the section (past the reasoning: the blank line)."""
        if offset < len(self.label):
            return self.label[offset]
        offset -= len(self.label)
        if self.shown and offset < len(self.body.lines):
            return self.body.lines[offset]
        return BLANK

    def is_reasoning(self, offset: int) -> bool:
        """Whether line ``offset`` of the section is reasoning text (painted dimmed, set in)."""
        offset -= len(self.label)
        return self.shown and 0 <= offset < len(self.body.lines)

    def lines(self, answer_lines: bool) -> list[Line]:
        return [self.line(offset) for offset in range(self.height(answer_lines))]


def render_label(
    section: ThinkingSection,
    words: str,
    live: bool,
    width: int,
    style: Style,
    renderer: TextLines,
) -> list[Line]:
    """The section's one line: a mark telling whether it is open, and ``words``
    (``thought for 12 s · 1,240 tokens``; "thinking…" while ``live`` and not told)."""
    mark = OPEN_MARK if section.open else FOLDED_MARK
    if not section.pieces:
        mark = TEXTLESS_MARK
    words = words or (LIVE_LABEL if live else ENDED_LABEL)
    return [renderer.line(Text(f"{mark} {words}", style, end=""), width)]
