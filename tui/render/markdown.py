"""Markdown rendered to lines of a fixed width, with Rich, in the app's colours."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import ClassVar

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich import box
from rich import markdown as rich_markdown
from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.table import Table

from tui.render.code import render_code
from tui.render.lines import Line
from tui.render.text_lines import TextLines
from tui.render.theme import CodeStyles, RenderTheme
from tui.textual_compat.rich_markdown import ParsedMarkdown


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # Rich builds a parser per document; one shared parser saves that on every block.
    return MarkdownIt().enable("strikethrough").enable("table")


class _Heading(rich_markdown.Heading):
    """Headings flush left, like the text around them (Rich centres level one)."""

    LEVEL_ALIGN = dict.fromkeys(("h1", "h2", "h3", "h4", "h5", "h6"), "left")


class _CodeBlock(rich_markdown.TextElement):
    """A fenced or indented code block, highlighted with the theme's code colours."""

    style_name = "markdown.code_block"

    @classmethod
    def create(cls, markdown: rich_markdown.Markdown, token: Token) -> _CodeBlock:
        assert isinstance(markdown, ChatMarkdown)
        return cls((token.info or "").partition(" ")[0], markdown.code_styles)

    def __init__(self, language: str, styles: CodeStyles) -> None:
        self.language = language
        self.styles = styles

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        code = str(self.text).rstrip("\n")
        new_line = Segment.line()
        for line in render_code(code, self.language, options.max_width, self.styles):
            yield from line
            yield new_line


class _BlockQuote(rich_markdown.BlockQuote):
    """A block quote whose bar has a colour of its own."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        render_options = options.update(width=options.max_width - 2)
        lines = console.render_lines(self.elements, render_options, style=self.style)
        bar = Segment("▌ ", console.get_style("markdown.block_quote.border", default="none"))
        new_line = Segment.line()
        for line in lines:
            yield bar
            yield from line
            yield new_line


class _Table(rich_markdown.TableElement):
    """A table with a rule under its header and no empty edge lines."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        table = Table(
            box=box.SIMPLE_HEAD,
            show_edge=False,
            pad_edge=False,
            collapse_padding=True,
            border_style="markdown.table.border",
        )
        if self.header is not None and self.header.row is not None:
            for column in self.header.row.cells:
                table.add_column(column.content.copy(), header_style="markdown.table.header")
        if self.body is not None:
            for row in self.body.rows:
                table.add_row(*(cell.content for cell in row.cells))
        yield table


class _RawBlock(rich_markdown.TextElement):
    """An HTML block, shown as the text it is rather than silently dropped."""

    style_name = "markdown.html"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        text = self.text
        text.rstrip()
        yield text


class ChatMarkdown(ParsedMarkdown):
    """Rich's Markdown with left headings, themed code, shown HTML and visible link targets."""

    elements: ClassVar[dict[str, type[rich_markdown.MarkdownElement]]] = {
        **rich_markdown.Markdown.elements,
        "heading_open": _Heading,
        "fence": _CodeBlock,
        "code_block": _CodeBlock,
        "blockquote_open": _BlockQuote,
        "html_block": _RawBlock,
        "table_open": _Table,
    }

    def __init__(self, markup: str, code_styles: CodeStyles) -> None:
        # Rich would build a new parser per document: parse with the shared one.
        # Links show their target: a model's link text must not hide where it points.
        super().__init__(markup, _parser().parse(markup), hyperlinks=False)
        self.code_styles = code_styles

    def filter_tokens(self, tokens: Iterable[Token]) -> Iterable[Token]:
        return _plain_autolinks(_visible_html(tokens))


def _visible_html(tokens: Iterable[Token]) -> Iterator[Token]:
    """Inline HTML as text (Rich drops it), except the <kbd> tags Rich styles."""
    for token in tokens:
        if token.type == "html_inline" and token.content not in ("<kbd>", "</kbd>"):
            yield Token("text", "", 0, content=token.content)
        else:
            yield token


def _plain_autolinks(tokens: Iterable[Token]) -> Iterator[Token]:
    """``<https://…>`` as its URL once, not "URL (URL)"."""
    inside = False
    for token in tokens:
        if token.type == "link_open" and token.markup in ("autolink", "linkify"):
            inside = True
        elif inside and token.type == "link_close":
            inside = False
        else:
            yield token


class MarkdownRenderer(TextLines):
    """Renders Markdown or plain text into lines of a given width."""

    def __init__(self, theme: RenderTheme) -> None:
        # The console's theme carries the Markdown colours.
        super().__init__(theme.markdown)
        self.theme = theme

    def markdown(self, text: str, width: int) -> list[Line]:
        """``text`` as Markdown, without leading or trailing blank lines."""
        return self._lines(ChatMarkdown(text, self.theme.code), width)
