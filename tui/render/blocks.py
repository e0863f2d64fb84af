"""Splits growing Markdown into blocks at blank lines outside fenced code, incrementally."""

from __future__ import annotations

import re

# A fence may sit at any indentation: inside list items it is legitimately indented, and a
# blank line inside any fence must never end a block.
_FENCE_OPEN = re.compile(r"[ \t]*(`{3,}|~{3,})(.*)")
_FENCE_CLOSE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t]*")
# The next line that could change the splitter's state: in a block with content and no
# blank line pending, only a blank line or a fence; inside a fence, only a closing fence.
_NEXT_BLANK_OR_FENCE = re.compile(r"\n(?=[^\S\n]*\n|[ \t]*(?:`{3}|~{3}))")
_NEXT_FENCE = re.compile(r"\n(?=[ \t]*(?:`{3}|~{3}))")


class BlockSplitter:
    """Cuts Markdown text, fed in pieces, into finished blocks and an unfinished tail.

    A block ends at a blank line outside fenced code, once the next non-blank line has
    arrived and is not indented (an indented line continues a list item or a code block,
    which must render with what precedes it). Decisions are taken on complete lines only,
    so feeding the text one character at a time gives the same blocks as feeding it at once;
    every character is classified once, however many pieces there are.
    """

    def __init__(self) -> None:
        self._blocks: list[str] = []
        self._pending = ""  # the text after the last finished block
        self._line_start = 0  # offset in _pending of the first unclassified line
        self._search_from = 0  # where to look for the next newline
        self._fence: tuple[str, int] | None = None  # (fence character, fence length) when open
        self._has_content = False  # the pending block has a non-blank line
        self._blank_at = -1  # where a blank run after content started, or -1

    @property
    def blocks(self) -> list[str]:
        """The finished blocks, oldest first (a list that only grows; do not modify it)."""
        return self._blocks

    @property
    def tail(self) -> str:
        """The text not yet part of a finished block (may end inside a line)."""
        return self._pending

    def feed(self, text: str) -> None:
        """Add ``text`` to the end and cut any blocks it finishes."""
        if not text:
            return
        self._pending += text
        while (newline := self._pending.find("\n", self._search_from)) >= 0:
            # _classify may cut a finished block off the front, rebasing the offsets
            self._classify(self._pending, self._line_start, newline)
            self._skip_plain_lines()
            self._search_from = self._line_start
        self._search_from = len(self._pending)

    def _skip_plain_lines(self) -> None:
        """Step over the complete lines that cannot change anything, without classifying
        them one by one (a flood of short lines would cost a Python call each)."""
        if self._fence is not None:
            pattern = _NEXT_FENCE
        elif self._has_content and self._blank_at < 0:
            pattern = _NEXT_BLANK_OR_FENCE
        else:
            return
        start = self._line_start
        found = pattern.search(self._pending, start - 1) if start else None
        if found is not None:
            self._line_start = max(start, found.start() + 1)
        elif start:
            self._line_start = max(start, self._pending.rfind("\n") + 1)

    def _classify(self, pending: str, start: int, end: int) -> None:
        line = pending[start:end]
        self._line_start = end + 1
        if self._fence is not None:
            self._check_fence_close(line)
            return
        if not line.strip():
            if self._has_content and self._blank_at < 0:
                self._blank_at = start
            return
        if not self._has_content:
            self._cut(start)  # drop leading blank lines
        elif self._blank_at >= 0:
            if line[0] in " \t":
                self._blank_at = -1  # an indented line continues the block
            else:
                self._blocks.append(pending[: self._blank_at])
                self._cut(start)
        self._has_content = True
        self._check_fence_open(line)

    def _cut(self, start: int) -> None:
        """Drop the first ``start`` characters of the pending text."""
        if start:
            self._pending = self._pending[start:]
            self._line_start -= start
        self._blank_at = -1

    def _check_fence_open(self, line: str) -> None:
        match = _FENCE_OPEN.fullmatch(line)
        if match is None:
            return
        marker, info = match.groups()
        if marker[0] == "`" and "`" in info:
            return  # ```like this``` is inline code, not a fence
        self._fence = (marker[0], len(marker))

    def _check_fence_close(self, line: str) -> None:
        match = _FENCE_CLOSE.fullmatch(line)
        assert self._fence is not None
        char, length = self._fence
        if match is not None and match.group(1)[0] == char and len(match.group(1)) >= length:
            self._fence = None
