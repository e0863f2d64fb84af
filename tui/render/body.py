"""One message's text as lines, re-rendering only its unfinished tail as the text grows."""

from __future__ import annotations

from collections.abc import Callable
from time import thread_time

from tui.render.blocks import BlockSplitter
from tui.render.lines import Line
from tui.render.plain import BLOCK_LIMIT, WRAP_BUDGET, PlainRows
from tui.render.sequence import LineSequence

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
        self.lines = LineSequence()
        """Frozen block lines, then the tail's lines."""
        self.width = 0
        """The width ``lines`` were rendered at (0: never rendered)."""
        self._frozen_blocks = 0  # how many of the splitter's blocks are in lines
        self._frozen_lines = 0  # how many lines will not change (frozen blocks, final rows)
        self._rendered_tail: str | None = None  # the tail text the tail lines show
        self._plain: tuple[int, PlainRows, int] | None = None  # block, rows, first line
        self._lowest = 0  # the first line that changed in the render under way
        self.freeze_seconds = 0.0
        """CPU seconds the last :meth:`render` spent on work done once (finished blocks,
        and the final rows of huge ones)."""

    def feed(self, text: str) -> None:
        """Append (already sanitized) text; nothing is rendered until :meth:`render`."""
        self._splitter.feed(text)

    @property
    def dirty(self) -> bool:
        """Whether :meth:`render` at the current width would change anything."""
        return (
            self._frozen_blocks < len(self._splitter.blocks)
            or self._rendered_tail != self._splitter.tail
            or (self._plain is not None and not self._plain[1].caught_up)
        )

    def invalidate(self) -> None:
        """Forget the rendered lines (the theme changed): the next render starts afresh."""
        self.width = 0

    def render(self, width: int) -> int | None:
        """Bring ``lines`` up to date at ``width``; the first changed line, or None.

        Huge blocks are wrapped a bounded amount at a time: while :attr:`dirty` stays true
        after a render, there is more to do.
        """
        if width != self.width:
            self.width = width
            self.lines = LineSequence()
            self._frozen_blocks = self._frozen_lines = 0
            self._rendered_tail = None
            self._plain = None
        if not self.dirty:
            return None
        old_frozen = self._lowest = self._frozen_lines
        old_tail = self.lines.since(old_frozen)
        self.lines.truncate(old_frozen)
        started = thread_time()
        budget = self._freeze_blocks(width)
        self.freeze_seconds = thread_time() - started
        tail_lines = self._tail_lines(width, budget)
        first_changed = self._lowest  # lower than the frozen lines if a huge block shrank
        self._frozen_lines = len(self.lines)
        new_tail = [BLANK, *tail_lines] if tail_lines and self.lines else tail_lines
        self.lines.extend(new_tail)
        if first_changed == old_frozen:
            # What follows the old frozen lines (blocks that froze, then the tail) was the
            # tail at the last render, and most of it is the same again: keeping those line
            # objects keeps their painted rows, and the repaint starts at the first change.
            first_changed += self.lines.reuse(old_frozen, old_tail) or 0
        return first_changed

    def _freeze_blocks(self, width: int) -> int:
        """Render finished blocks into lines, once; returns the wrapping budget left."""
        blocks = self._splitter.blocks
        budget = WRAP_BUDGET
        while self._frozen_blocks < len(blocks):
            index, block = self._frozen_blocks, blocks[self._frozen_blocks]
            if self._plain and self._plain[0] == index and len(block) <= BLOCK_LIMIT:
                self._drop_plain()  # the tail was huge, but not its first block: Markdown
            if len(block) > BLOCK_LIMIT:
                rows = self._plain_rows(index, width, len(block))
                budget = rows.wrap(block, budget, final=True)
                if not rows.caught_up:
                    return 0  # the rest at the next render
                self._plain = None
            else:
                self._append(self._render(block, width))
            self._frozen_blocks += 1
        return budget

    def _tail_lines(self, width: int, budget: int) -> list[Line]:
        """The lines of the unfinished tail: Markdown, or plain rows past the size limit."""
        tail = self._splitter.tail
        self._rendered_tail = tail
        index = len(self._splitter.blocks)
        if self._frozen_blocks < index:
            self._rendered_tail = None  # finished blocks wait: so does the tail
            return []
        if len(tail) > BLOCK_LIMIT or (self._plain and self._plain[0] == index):
            # Wrapping is done once per row, like freezing a block: not budgeted as a redraw.
            started = thread_time()
            rows = self._plain_rows(index, width, None)
            rows.wrap(tail, budget, final=False)
            self.freeze_seconds += thread_time() - started
            return rows.partial(tail)
        return self._render(tail, width) if tail.strip() else []

    def _plain_rows(self, index: int, width: int, length: int | None) -> PlainRows:
        """The plain rows of block ``index`` (the tail's if it is not finished), which
        ends at ``length`` if known."""
        if self._plain is not None and self._plain[0] == index:
            rows = self._plain[1]
            if length is not None and rows.length != length:  # it ends here: once
                rows.truncate(length)
                self._lowest = min(self._lowest, len(self.lines))
            return rows
        start = len(self.lines)
        if self.lines:
            self.lines.append(BLANK)
        rows = PlainRows(width)
        self.lines.attach(rows)
        self._plain = (index, rows, start)
        return rows

    def _drop_plain(self) -> None:
        assert self._plain is not None
        start = self._plain[2]
        self.lines.truncate(start)
        self._lowest = min(self._lowest, start)
        self._plain = None

    def _append(self, block_lines: list[Line]) -> None:
        if block_lines:
            if self.lines:
                self.lines.append(BLANK)
            self.lines.extend(block_lines)
