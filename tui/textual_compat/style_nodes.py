"""Styles for the parts of a widget, nested, from the app's stylesheet.

Textual styles a widget's ``COMPONENT_CLASSES`` with a virtual node per class, a child of the
widget that is never mounted, and reads its Rich style through its parents (their backgrounds
blended, their colours and text styles inherited). A widget that draws what Textual would
draw as nested widgets (a footer's keys, each with a name and words) needs the same, one level
deeper: :class:`StyleNodes` makes such nodes, any depth, by the same means.
"""

from __future__ import annotations

from rich.style import Style
from textual.dom import DOMNode
from textual.widget import Widget

# What this relies on; the canary in tests/unit/test_textual_compat_fences.py checks it live.
RELIES_ON = (
    "DOMNode._attach(parent): sets the parent of a node that is not mounted",
    "Stylesheet.apply(node, animate=False): styles such a node by the rules that match it",
    "DOMNode.rich_style: a node's Rich style through its parents",
)


class StyleNodes:
    """The Rich styles of ``owner``'s parts: ``style("-item -hover", "-name")`` is the style
    of a node classed ``-name`` in a node classed ``-item -hover`` in ``owner``."""

    def __init__(self, owner: Widget) -> None:
        self._owner = owner
        self._styles: dict[tuple[str, ...], Style] = {}

    def style(self, *path: str) -> Style:
        """The style of the node at ``path`` (each step: its classes, space-separated)."""
        found = self._styles.get(path)
        if found is None:
            found = self._styles[path] = self._node(path).rich_style
        return found

    def clear(self) -> None:
        """Forget the styles (the owner was restyled: a theme, a stylesheet)."""
        self._styles.clear()

    def _node(self, path: tuple[str, ...]) -> DOMNode:
        parent: DOMNode = self._owner
        stylesheet = self._owner.app.stylesheet
        for classes in path:
            node = DOMNode(classes=classes)
            node._attach(parent)
            stylesheet.apply(node, animate=False)
            parent = node
        return parent
