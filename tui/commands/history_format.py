"""Where ``parley history`` takes its Markdown and JSON forms of a conversation from."""

from __future__ import annotations

from tui.exporting.format import (
    flat,
    message_markdown,
    path_json,
    path_markdown,
    quoted,
    thinking_block,
    tree_json,
    tree_markdown,
)

__all__ = [
    "flat",
    "message_markdown",
    "path_json",
    "path_markdown",
    "quoted",
    "thinking_block",
    "tree_json",
    "tree_markdown",
]
