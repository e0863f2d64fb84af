"""One message's text as lines, re-rendering only its unfinished tail as the text grows."""

from __future__ import annotations

from collections.abc import Callable
from time import thread_time

from tui.render.blocks import BlockSplitter
from tui.render.lines import Line

BlockRenderer = Callable[[str, int], list[Line]]
"""Renders one block of text at a width into lines (no blank lines at either end)."""

BLANK: Line = ()


class MessageBody:
    """The rendered lines of one message's text at one width.

    Finished blocks are rendered once and kept; the unfinished tail is rendered again only
    when it changed. Blocks and tail go through the same renderer with one blank line
    between blocks, so the lines of a text streamed in pieces equal those of the same text
    rendered at once, and nothing moves when a block freezes.
    """

    def __init__(self, render: BlockRenderer) -> None:
        self._render = render
        self._splitter = BlockSplitter()
        self.lines: list[Line] = []
        """Frozen block lines, then the tail's lines."""
        self.width = 0
        """The width ``lines`` were rendered at (0: never rendered)."""
        self._frozen_blocks = 0  # how many of the splitter's blocks are in lines
        self._frozen_lines = 0  # how many lines belong to frozen blocks
        self._rendered_tail: str | None = None  # the tail text the tail lines show
        self.freeze_seconds = 0.0
        """CPU seconds the last :meth:`render` spent on finished blocks (work done once)."""

    def feed(self, text: str) -> None:
        """Append (already sanitized) text; nothing is rendered until :meth:`render`."""
        self._splitter.feed(text)

    @property
    def dirty(self) -> bool:
        """Whether :meth:`render` at the current width would change anything."""
        return (
            self._frozen_blocks < len(self._splitter.blocks)
            or self._rendered_tail != self._splitter.tail
        )

    def invalidate(self) -> None:
        """Forget the rendered lines (the theme changed): the next render starts afresh."""
        self.width = 0

    def render(self, width: int) -> int | None:
        """Bring ``lines`` up to date at ``width``; the first changed line, or None."""
        if width != self.width:
            self.width = width
            self.lines = []
            self._frozen_blocks = self._frozen_lines = 0
            self._rendered_tail = None
        if not self.dirty:
            return None
        first_changed = self._frozen_lines
        old_tail = self.lines[self._frozen_lines :]
        del self.lines[self._frozen_lines :]
        blocks = self._splitter.blocks
        started = thread_time()
        while self._frozen_blocks < len(blocks):
            self._append(self._render(blocks[self._frozen_blocks], width))
            self._frozen_blocks += 1
        self.freeze_seconds = thread_time() - started
        self._frozen_lines = len(self.lines)
        tail = self._splitter.tail
        self._append(self._render(tail, width) if tail.strip() else [])
        self._rendered_tail = tail
        if first_changed == self._frozen_lines:  # only the tail changed: keep equal lines
            first_changed += _reuse_equal(old_tail, self.lines, first_changed)
        return first_changed

    def _append(self, block_lines: list[Line]) -> None:
        if block_lines:
            if self.lines:
                self.lines.append(BLANK)
            self.lines.extend(block_lines)


def _reuse_equal(old: list[Line], lines: list[Line], start: int) -> int:
    """Put back the old line objects for lines that did not change (their painted versions
    stay cached); returns how many leading lines did not change."""
    unchanged = None
    for index, previous in enumerate(old):
        position = start + index
        if position >= len(lines):
            break
        if lines[position] == previous:
            lines[position] = previous
        elif unchanged is None:
            unchanged = index
    if unchanged is None:
        unchanged = min(len(old), len(lines) - start)
    return unchanged
