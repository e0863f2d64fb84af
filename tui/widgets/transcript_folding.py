"""The transcript's thinking blocks: reasoning streamed in, and blocks opened or folded."""

from __future__ import annotations

from collections.abc import Hashable

from tui.widgets.transcript_layout import MessageRegion
from tui.widgets.transcript_render import TranscriptRendering


class TranscriptFolding(TranscriptRendering):
    """Streams reasoning into a message's thinking block, and opens or folds blocks.

    A block opens by itself when a message starts reasoning live and shows folded when
    loaded; whoever runs the turn folds it when the answer begins. Opening a block renders
    its reasoning then (visible blocks at once, the others in the background), so a folded
    block costs nothing but its label.
    """

    def append_reasoning(self, key: Hashable, piece: str) -> None:
        """Add streamed reasoning to a message's thinking block (made, open, on first use).
        Cheap: it is buffered and drawn when due, like answer text."""
        region = self._region(key)
        thinking = region.add_thinking(self._block_renderer(region.view))
        if piece and not thinking.pieces:
            region.chrome_width = 0  # its label's mark: there is something to open now
        thinking.append(piece)
        self._dirty.add(key)
        self._schedule()

    def thinking_open(self, key: Hashable) -> bool | None:
        """Whether a message's thinking block is open (None: it has none)."""
        thinking = self._region(key).thinking
        return None if thinking is None else thinking.open

    def thinking_text(self, key: Hashable) -> str:
        """A message's reasoning, as it was given (not sanitized)."""
        thinking = self._region(key).thinking
        return "" if thinking is None else thinking.text

    def set_thinking_open(self, key: Hashable, open: bool) -> None:
        """Open or fold a message's thinking block (drawn at once)."""
        index = self._layout.index(key)
        if index is None:
            raise KeyError(key)
        self._fold([index], open, render=True)

    def toggle_thinking(self, key: Hashable | None = None) -> bool:
        """Open or fold the thinking of ``key`` (by default the message under the cursor, or
        the last one that thought); False if that message has no reasoning to show."""
        index = self._thinking_target(key)
        if index is None:
            return False
        thinking = self._layout[index].thinking
        assert thinking is not None
        self._fold([index], not thinking.open, render=True)
        if self._width and self._layout[index].key == self.cursor_key:
            self._scroll_into_view(index)
        return True

    def all_thinking_open(self) -> bool | None:
        """Whether every thinking block with reasoning is open (None: there is none)."""
        regions = [region for region in self._layout if _readable(region)]
        if not regions:
            return None
        return all(region.thinking.open for region in regions)  # type: ignore[union-attr]

    def set_all_thinking(self, open: bool) -> None:
        """Open or fold every thinking block (opened ones render nearest the view first)."""
        indices = [i for i, region in enumerate(self._layout) if _readable(region)]
        self._fold(indices, open, render=False)

    def toggle_all_thinking(self) -> bool | None:
        """Open every thinking block if one is folded, else fold them all; the new state,
        or None when no message has reasoning to show."""
        state = self.all_thinking_open()
        if state is not None:
            self.set_all_thinking(not state)
            return not state
        return None

    def action_toggle_thinking(self) -> None:
        if not self.toggle_thinking():
            self.notify("No thinking to show here.", timeout=2)

    def action_toggle_all_thinking(self) -> None:
        if self.toggle_all_thinking() is None:
            self.notify("No thinking to show here.", timeout=2)

    def _thinking_target(self, key: Hashable | None) -> int | None:
        if key is None:
            key = self.cursor_key
        if key is None:
            found = [i for i, region in enumerate(self._layout) if _readable(region)]
            return found[-1] if found else None
        index = self._layout.index(key)
        return index if index is not None and _readable(self._layout[index]) else None

    def _fold(self, indices: list[int], open: bool, *, render: bool) -> None:
        """Set blocks open or folded; ``render``: render them now rather than when in view
        (many blocks opened at once render lazily, nearest the view first)."""
        anchor = self._anchor() if self._width else None
        changed = []
        for index in indices:
            region = self._layout[index]
            thinking = region.thinking
            if thinking is None or thinking.open == open:
                continue
            thinking.open = open
            region.chrome_width = 0  # the label's mark
            region.estimate(self._render_width)
            self._stale.add(region.key)
            self._layout.changed(index)
            changed.append(index)
        if not changed or not self._width:
            return
        if render:
            for index in changed:
                self._render_region(index)
        self._set_virtual_height()
        self._restore(anchor)
        self._ensure_visible_fresh()
        self._start_drain()
        self.refresh()

    def _region(self, key: Hashable) -> MessageRegion:
        region = self._layout.get(key)
        if region is None:
            raise KeyError(key)
        return region


def _readable(region: MessageRegion) -> bool:
    """Whether a message has reasoning to open (encrypted reasoning has a label only)."""
    return region.thinking is not None and bool(region.thinking.pieces)
