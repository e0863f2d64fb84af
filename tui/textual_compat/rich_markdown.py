"""Rich's ``Markdown`` built from tokens already parsed, with a public hook on its token stream.

Rich's ``Markdown.__init__`` builds a new markdown-it parser for every document, and its token
stream can only be changed through the private ``_flatten_tokens``. Parley renders a growing
answer block by block, so it shares one parser and filters the stream; both reach into Rich,
and both are here. Imports no Textual: ``parley ask`` renders Markdown without it.
"""

from __future__ import annotations

from collections.abc import Iterable

from markdown_it.token import Token
from rich import markdown as rich_markdown

# What Rich's Markdown.__init__ sets; the canary in tests/unit/test_textual_compat_fences.py
# checks that Rich sets exactly these, and that _flatten_tokens still feeds the renderer.
INIT_ATTRIBUTES = frozenset(
    {
        "markup",
        "parsed",
        "code_theme",
        "justify",
        "style",
        "hyperlinks",
        "inline_code_lexer",
        "inline_code_theme",
    }
)


class ParsedMarkdown(rich_markdown.Markdown):
    """Rich's Markdown over ``parsed`` tokens; a subclass may filter them in ``filter_tokens``."""

    def __init__(self, markup: str, parsed: list[Token], *, hyperlinks: bool = True) -> None:
        # Rich's __init__ would parse again with a parser of its own: set what it sets instead.
        self.markup = markup
        self.parsed = parsed
        self.code_theme = "monokai"
        self.justify = None
        self.style = "none"
        self.hyperlinks = hyperlinks
        self.inline_code_lexer = None
        self.inline_code_theme = None

    def filter_tokens(self, tokens: Iterable[Token]) -> Iterable[Token]:
        """The flattened tokens as they are rendered (here: unchanged)."""
        return tokens

    def _flatten_tokens(self, tokens: Iterable[Token]) -> Iterable[Token]:
        return self.filter_tokens(super()._flatten_tokens(tokens))
