"""Scrollbar updates that repaint the bar only when its thumb visibly moves."""

from __future__ import annotations

from math import ceil

from textual.scrollbar import ScrollBar

from tui.textual_compat.scrolling import set_scrollbar_quietly

EIGHTHS = 8  # Textual draws the thumb's ends with eighth-of-a-cell blocks


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


def update_scrollbar(bar: ScrollBar, virtual: int, window: int, position: float) -> None:
    """Set ``bar``'s geometry; repaint it only if that moves or resizes the thumb.

    Every reactive of a scrollbar repaints it, and a tall bar costs as much to draw as the
    text beside it; a growing transcript changes the geometry on every update while the
    thumb moves only now and then.
    """
    size = bar.size.height if bar.vertical else bar.size.width
    before = thumb(size, bar.window_virtual_size, bar.window_size, bar.position)
    set_scrollbar_quietly(bar, virtual, window, position)
    if thumb(size, virtual, window, bar.position) != before:
        bar.refresh()
