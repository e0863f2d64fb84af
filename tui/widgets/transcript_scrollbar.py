"""Scrollbar updates that repaint the bar only when its thumb visibly moves, and while the
content grows, at most a few times a second."""

from __future__ import annotations

import time
from math import ceil
from weakref import WeakKeyDictionary

from textual.scrollbar import ScrollBar
from textual.timer import Timer

from tui.textual_compat.scrolling import set_scrollbar_quietly

EIGHTHS = 8  # Textual draws the thumb's ends with eighth-of-a-cell blocks

GROWTH_REPAINT = 0.5
"""Seconds between two repaints of a bar whose thumb moves because the content grew.

A streamed answer moves the thumb by an eighth of a cell on most screen updates, and a tall
bar costs as much to paint as the text beside it; nobody reads the thumb to the eighth
while text flows. Scrolling by hand repaints at once."""


class _Pending:
    __slots__ = ("painted_at", "timer")

    def __init__(self) -> None:
        self.painted_at = 0.0
        self.timer: Timer | None = None


_PENDING: WeakKeyDictionary[ScrollBar, _Pending] = WeakKeyDictionary()


def thumb(size: int, virtual: float, window: float, position: float) -> tuple[int, int] | None:
    """The thumb's span in eighths of a cell, computed as Textual's ``ScrollBarRender`` does."""
    window = ceil(window if window < virtual else 0)
    virtual = ceil(virtual)
    if not (window and size and virtual and size != virtual):
        return None
    thumb_size = max(1, window / (virtual / size))
    offset = (size - thumb_size) * (position / (virtual - window))
    start = int(offset * EIGHTHS)
    return start, start + ceil(thumb_size * EIGHTHS)


def update_scrollbar(
    bar: ScrollBar, virtual: int, window: int, position: float, *, growing: bool = False
) -> None:
    """Set ``bar``'s geometry; repaint it only if that moves or resizes the thumb.

    Every reactive of a scrollbar repaints it, and a tall bar costs as much to draw as the
    text beside it; a growing transcript changes the geometry on every update while the
    thumb moves only now and then. ``growing``: the change comes from new content, so the
    repaint may wait (:data:`GROWTH_REPAINT`).
    """
    size = bar.size.height if bar.vertical else bar.size.width
    before = thumb(size, bar.window_virtual_size, bar.window_size, bar.position)
    set_scrollbar_quietly(bar, virtual, window, position)
    if thumb(size, virtual, window, bar.position) == before:
        return
    pending = _PENDING.get(bar)
    if pending is None:
        pending = _PENDING[bar] = _Pending()
    if pending.timer is not None:
        if growing:
            return  # a repaint is due already; it paints the geometry as it is then
        pending.timer.stop()
        pending.timer = None
    now = time.monotonic()
    wait = pending.painted_at + GROWTH_REPAINT - now
    if growing and wait > 0:
        pending.timer = bar.set_timer(wait, lambda: _repaint(bar, pending))
        return
    _repaint(bar, pending)


def flush_scrollbar(bar: ScrollBar) -> None:
    """Repaint ``bar`` now if a repaint is waiting (the content stopped growing)."""
    pending = _PENDING.get(bar)
    if pending is not None and pending.timer is not None:
        pending.timer.stop()
        _repaint(bar, pending)


def _repaint(bar: ScrollBar, pending: _Pending) -> None:
    pending.timer = None
    pending.painted_at = time.monotonic()
    bar.refresh()
