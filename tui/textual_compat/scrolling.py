"""A scroll view's virtual size and scrollbars, set without the layout their reactives cost.

Setting ``ScrollView.virtual_size`` or a ``ScrollBar``'s geometry through their reactives
repaints (and for the virtual size, lays out the screen) on every change; a streaming
transcript changes them on every update. These set the values quietly and redo by hand only
what the reactives' watchers would have done. Hot paths import the functions by name, so a
call costs one plain function call.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.scrollbar import ScrollBar

# What these rely on; the canary in tests/unit/test_textual_compat_fences.py checks it live.
RELIES_ON = (
    "ScrollView._scroll_update(virtual_size): shows or hides the scrollbars for a virtual "
    "size and sets their geometry, as a layout pass would",
    "DOMNode.set_reactive(reactive, value): sets a reactive without its watcher or a repaint",
    "ScrollView.virtual_size, ScrollBar.window_virtual_size / window_size / position: "
    "reactives of those names",
)

_scroll_update = ScrollView._scroll_update
_virtual_size = ScrollView.virtual_size
_window_virtual_size = ScrollBar.window_virtual_size
_window_size = ScrollBar.window_size
_position = ScrollBar.position


def set_virtual_size_quietly(view: ScrollView, size: Size) -> None:
    """Set ``view``'s virtual size with no layout, no repaint and no scrollbar update."""
    view.set_reactive(_virtual_size, size)


def update_scrollbars(view: ScrollView, size: Size) -> None:
    """Show or hide ``view``'s scrollbars and size them for ``size``, as a layout would."""
    _scroll_update(view, size)


def set_scrollbar_quietly(bar: ScrollBar, virtual: int, window: int, position: float) -> None:
    """Set ``bar``'s geometry with no repaint; ``position`` is validated as the reactive would."""
    bar.set_reactive(_window_virtual_size, virtual)
    bar.set_reactive(_window_size, window)
    bar.set_reactive(_position, bar.validate_position(position))
