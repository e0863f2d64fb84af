"""Scrollbar updates that repaint the bar only when its thumb visibly moves, only the rows
the move changed, and while the content grows, at most once a second."""

from __future__ import annotations

import time
from math import ceil
from weakref import WeakKeyDictionary

from textual.geometry import Region
from textual.scrollbar import ScrollBar

from tui.textual_compat.scrolling import set_scrollbar_quietly

EIGHTHS = 8  # Textual draws the thumb's ends with eighth-of-a-cell blocks

GROWTH_REPAINT = 1.0
"""Seconds between two repaints of a bar whose thumb moves because the content grew.

A streamed answer moves the thumb by an eighth of a cell on most screen updates, and a tall
bar costs as much to paint as the text beside it; nobody reads the thumb to the eighth
while text flows. In the comparison's narrow columns, the thumbs move on almost every
update: at two repaints a second, the three bars cost as much as the three columns of text
beside them. Scrolling by hand repaints at once, and so does an answer's end."""


Span = tuple[int, int]
"""A thumb's start and end, in eighths of a cell."""


class _Pending:
    __slots__ = ("due", "painted_at", "shown")

    def __init__(self) -> None:
        self.painted_at = 0.0
        self.due = False  # the thumb moved since the bar was last painted
        self.shown: tuple[int, Span | None] | None = None  # (size, thumb) last rendered


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
    size, before = _geometry(bar)
    set_scrollbar_quietly(bar, virtual, window, position)
    moved = thumb(size, virtual, window, bar.position) != before
    pending = _PENDING.get(bar)
    if pending is None:
        if not moved:
            return
        pending = _PENDING[bar] = _watched(bar)
    pending.due = pending.due or moved
    if not pending.due:
        return
    if growing and time.monotonic() - pending.painted_at < GROWTH_REPAINT:
        return  # painted with a later update of the text, or when the answer ends
    _repaint(bar, pending)


def flush_scrollbar(bar: ScrollBar) -> None:
    """Repaint ``bar`` now if its thumb moved since it was painted (the content stopped
    growing)."""
    pending = _PENDING.get(bar)
    if pending is not None and pending.due:
        _repaint(bar, pending)


def _geometry(bar: ScrollBar) -> tuple[int, Span | None]:
    size = bar.size.height if bar.vertical else bar.size.width
    return size, thumb(size, bar.window_virtual_size, bar.window_size, bar.position)


def _watched(bar: ScrollBar) -> _Pending:
    """A pending state for ``bar`` that learns what the bar shows each time it is rendered,
    whoever asked for it (Textual repaints the bar itself on a resize, a hover, a drag). Until
    it is first rendered so, what it shows is not known: its first repaint is whole."""
    pending = _Pending()
    render = bar.render

    def rendered() -> object:
        pending.shown = _geometry(bar)
        return render()

    bar.render = rendered  # type: ignore[method-assign]  # Textual paints what render() gives
    return pending


def changed_cells(shown: tuple[int, Span | None], now: tuple[int, Span | None]) -> list[Span]:
    """The runs of cells (first, end) that a move of the thumb from ``shown`` to ``now``
    changes; ValueError when the whole bar must be painted (its size changed, or the thumb
    came or went)."""
    (size, old), (new_size, new) = shown, now
    if size != new_size or old is None or new is None:
        raise ValueError("repaint the whole bar")
    cells: list[Span] = []
    # Only the cells where an end of the thumb was or now is change: the cells between the
    # ends are whole thumb cells, and those outside them keep their side (and their click).
    for before, after in zip(old, new, strict=True):
        if before == after:
            continue
        first = max(0, min(before, after) // EIGHTHS)
        end = min(size, max(before, after) // EIGHTHS + 1)
        if first >= end:
            continue
        if cells and first <= cells[-1][1]:
            cells[-1] = (cells[-1][0], max(end, cells[-1][1]))
        else:
            cells.append((first, end))
    return cells


def _repaint(bar: ScrollBar, pending: _Pending) -> None:
    pending.due = False
    pending.painted_at = time.monotonic()
    try:
        if pending.shown is None:
            raise ValueError("not rendered since it was watched")
        cells = changed_cells(pending.shown, _geometry(bar))
    except ValueError:
        bar.refresh()
        return
    width, height = bar.size
    for first, end in cells:
        if bar.vertical:
            bar.refresh(Region(0, first, width, end - first))
        else:
            bar.refresh(Region(first, 0, end - first, height))
