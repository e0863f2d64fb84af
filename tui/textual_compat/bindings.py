"""Bindings as Textual keeps them privately: the chain past a modal, a widget's own keys.

Textual's public view of bindings (``Screen.active_bindings``) stops at a modal screen and
says nothing of a widget that is not focused; help and the chat screen's hints need both.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen

__all__ = ["bindings_past_modal", "own_bindings"]

# What these rely on; the canary in tests/unit/test_textual_compat_fences.py checks it live.
RELIES_ON = (
    "Screen._binding_chain: (node, BindingsMap-like key/binding pairs) from the focused "
    "widget out to the app",
    "Screen._modal_binding_chain: the same chain, cut at a modal screen (a prefix of it)",
    "DOMNode._bindings: a BindingsMap with key_to_bindings {key: [Binding, ...]}",
)


def bindings_past_modal(screen: Screen) -> list[tuple[DOMNode, Iterable[tuple[str, Binding]]]]:
    """The binding chain beyond a modal ``screen``: the nodes its active bindings leave out."""
    chain = screen._binding_chain
    return chain[len(screen._modal_binding_chain) :]


def own_bindings(node: DOMNode) -> Iterable[list[Binding]]:
    """``node``'s own bindings (its class's and any keymap's), a list per key."""
    return node._bindings.key_to_bindings.values()
