"""The transcript's bookkeeping: messages as regions of lines, and where each region starts."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Iterator
from dataclasses import dataclass, replace

from rich.cells import cell_len

from tui.render.body import BlockRenderer
from tui.render.lines import Line
from tui.sanitize import sanitize
from tui.widgets.streamed_text import StreamedText
from tui.widgets.transcript_thinking import ThinkingSection

ROLES = ("user", "assistant", "notice", "error", "system")
STATUSES = ("streaming", "complete", "cancelled", "error", "interrupted")


@dataclass(frozen=True, slots=True)
class MessageView:
    """What the transcript shows of one message; the screen builds these from its records.

    Attributes:
        key: Identifies the message in the transcript (a stored message id, say).
        role: ``user``, ``assistant``, ``notice``, ``error`` or ``system``.
        text: The message text (Markdown for user, assistant and system messages).
        title: The header: the model id for an answer ("You", "Assistant"… when empty).
        footer: A quiet provenance line under the message (model, tokens, cost…).
        status: ``streaming``, ``complete``, ``cancelled``, ``error`` or ``interrupted``.
        detail: Shown under the text, e.g. an error's hint.
        mark: The header's status mark, when the status's own word says too little
            (``connecting``, ``cut off · ctrl+g continues``).
        thought: The thinking block's one line (``thought for 12 s · 1,240 tokens``); a
            message with reasoning or with this shows the block above its text.
        reasoning: The model's readable reasoning (Markdown), shown when the block is open.
        branch: Where the message stands among its alternatives (``‹ 2/3 ›``), shown in
            the header; empty when it has none.
    """

    key: Hashable
    role: str
    text: str
    title: str = ""
    footer: str = ""
    status: str = "complete"
    detail: str = ""
    mark: str = ""
    thought: str = ""
    reasoning: str = ""
    branch: str = ""


def check_view(view: MessageView) -> MessageView:
    """``view`` with its one-line fields made safe, or ValueError for an unknown role/status."""
    if view.role not in ROLES:
        raise ValueError(f"unknown role {view.role!r}; expected one of {', '.join(ROLES)}")
    if view.status not in STATUSES:
        raise ValueError(f"unknown status {view.status!r}; expected one of {', '.join(STATUSES)}")
    return replace(
        view,
        title=sanitize(view.title).replace("\n", " "),
        footer=sanitize(view.footer).replace("\n", " "),
        detail=sanitize(view.detail),
        mark=sanitize(view.mark).replace("\n", " "),
        thought=sanitize(view.thought).replace("\n", " "),
        branch=sanitize(view.branch).replace("\n", " "),
    )


class MessageRegion(StreamedText):
    """One message's lines: an optional header, a thinking block, the body, detail and
    footer, then a spacer.

    Its view keeps no text: the text lives in ``pieces`` (as given) and, sanitized, in the
    body's block splitter; the reasoning likewise in ``thinking``.
    """

    def __init__(self, view: MessageView, render: BlockRenderer) -> None:
        self.view = replace(view, text="", reasoning="")
        self.thinking: ThinkingSection | None = None
        super().__init__(render)
        self.header: list[Line] = []
        self.trailer: list[Line] = []  # detail and footer lines
        self.chrome_width = 0  # the width header and trailer were rendered at (0: stale)
        self.estimated_height = 0  # lines assumed until the body is first rendered
        self.generation = 0  # the theme generation its lines were rendered in

    @property
    def key(self) -> Hashable:
        return self.view.key

    def set_text(self, text: str, render: BlockRenderer) -> None:
        """Start again from ``text``."""
        self.restart(render)
        self.append(text)
        if self.view.status != "streaming":
            self.finish()

    def add_thinking(self, render: BlockRenderer) -> ThinkingSection:
        """Its thinking block, made on first use: open while the model reasons live."""
        if self.thinking is None:
            live = self.view.status == "streaming" and not self.text
            self.thinking = ThinkingSection(render, open=live)
            self.chrome_width = 0
        return self.thinking

    def finish(self) -> None:
        super().finish()
        if self.thinking is not None:
            self.thinking.finish()

    @property
    def height(self) -> int:
        """Its lines, the spacer included (an estimate until its body is first rendered)."""
        if not self.body.width and not self.header and not self.trailer:
            return self.estimated_height + 1
        thinking = self.thinking_height
        return len(self.header) + thinking + len(self.body.lines) + len(self.trailer) + 1

    @property
    def thinking_height(self) -> int:
        thinking = self.thinking
        return 0 if thinking is None else thinking.height(bool(self.body.lines))

    def line(self, offset: int) -> Line | None:
        """The line at ``offset`` in the region; None for the spacer (drawn without gutter)."""
        header = len(self.header)
        if offset < header:
            return self.header[offset]
        offset -= header
        if self.thinking is not None:
            thinking = self.thinking.height(bool(self.body.lines))
            if offset < thinking:
                return self.thinking.line(offset)
            offset -= thinking
        lines = self.body.lines
        if offset < len(lines):
            return lines[offset]
        offset -= len(lines)
        if offset < len(self.trailer):
            return self.trailer[offset]
        return None

    def is_reasoning(self, offset: int) -> bool:
        """Whether line ``offset`` of the region is reasoning text."""
        return self.thinking is not None and self.thinking.is_reasoning(offset - len(self.header))

    def estimate(self, width: int) -> None:
        """Guess the height before the first render (header, text, detail and footer)."""
        view = self.view
        chrome = 1 + estimate_lines(view.detail, width) + (1 if view.footer else 0)
        if self.thinking is not None:  # its label and a blank line; the reasoning if open
            chrome += 2 + (estimate_lines(self.thinking.text, width) if self.thinking.open else 0)
        self.estimated_height = chrome + estimate_lines(self.text, width)


def estimate_lines(text: str, width: int) -> int:
    """A guess at how many lines ``text`` takes at ``width``, good enough for a scrollbar."""
    width = max(1, width)
    return sum(max(1, -(-cell_len(line) // width)) for line in text.split("\n")) if text else 0


class TranscriptLayout:
    """The regions in order, with the first line of each, kept up to date lazily.

    A region that changes height invalidates the starts after it only, so growing the
    last message (the streaming one) costs O(1), and locating a line costs O(log n).
    """

    def __init__(self) -> None:
        self._regions: list[MessageRegion] = []
        self._index: dict[Hashable, int] = {}
        self._starts: list[int] = [0]  # _starts[i]: first line of region i; last: total
        self._valid = 1  # how many leading entries of _starts are correct

    def __len__(self) -> int:
        return len(self._regions)

    def __iter__(self) -> Iterator[MessageRegion]:
        return iter(self._regions)

    def __getitem__(self, index: int) -> MessageRegion:
        return self._regions[index]

    def get(self, key: Hashable) -> MessageRegion | None:
        index = self._index.get(key)
        return None if index is None else self._regions[index]

    def index(self, key: Hashable) -> int | None:
        return self._index.get(key)

    def keys(self) -> list[Hashable]:
        return [region.key for region in self._regions]

    def append(self, region: MessageRegion) -> None:
        if region.key in self._index:
            raise KeyError(f"a message with key {region.key!r} is already in the transcript")
        self._index[region.key] = len(self._regions)
        self._regions.append(region)
        self.changed(len(self._regions) - 1)

    def remove(self, key: Hashable) -> int:
        """Remove the region of ``key``; returns the index it had."""
        index = self._index.pop(key)
        del self._regions[index]
        for later in self._regions[index:]:
            self._index[later.key] -= 1
        self.changed(index)
        return index

    def truncate(self, index: int) -> list[MessageRegion]:
        """Remove the regions from ``index`` on; returns them."""
        gone = self._regions[index:]
        del self._regions[index:]
        for region in gone:
            del self._index[region.key]
        self.changed(index)
        return gone

    def clear(self) -> None:
        self._regions.clear()
        self._index.clear()
        self.changed(0)

    def changed(self, index: int) -> None:
        """Region ``index`` changed height (or appeared or went): later starts are stale."""
        self._valid = min(self._valid, index + 1)

    def start(self, index: int) -> int:
        """The first line of region ``index`` (``len(self)`` gives the total)."""
        self._update(index)
        return self._starts[index]

    @property
    def total(self) -> int:
        """The number of lines of all regions."""
        return self.start(len(self._regions))

    def locate(self, y: int) -> tuple[int, int] | None:
        """(region index, line within it) of line ``y``, or None past the end."""
        if y < 0 or y >= self.total:
            return None
        index = bisect_right(self._starts, y) - 1
        return index, y - self._starts[index]

    def span(self, first: int, last: int) -> tuple[int, int]:
        """The indices of the first and last regions touching lines ``first``…``last``."""
        total = self.total
        if not self._regions or first >= total:
            return (len(self._regions), len(self._regions) - 1)
        low = bisect_right(self._starts, max(0, first)) - 1
        high = bisect_right(self._starts, min(last, total - 1)) - 1
        return low, min(high, len(self._regions) - 1)

    def _update(self, index: int) -> None:
        starts = self._starts
        if len(starts) != len(self._regions) + 1:
            del starts[self._valid :]
            starts.extend([0] * (len(self._regions) + 1 - len(starts)))
        regions = self._regions
        position = starts[self._valid - 1]
        for i in range(self._valid - 1, index):
            position += regions[i].height
            starts[i + 1] = position
        self._valid = max(self._valid, index + 1)
