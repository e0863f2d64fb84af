"""The colours Markdown and code are rendered with, resolved from the app's Textual theme."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from pygments.token import Token, _TokenType
from rich.style import Style
from rich.theme import Theme

if TYPE_CHECKING:
    from textual.app import App
    from textual.color import Color
    from textual.style import Style as TextualStyle

# Rich's Markdown style names, written with Textual theme variables so that rendered text
# follows the app's theme (dark or light) the way Textual's own widgets do.
MARKDOWN_STYLES: dict[str, str] = {
    "markdown.paragraph": "",
    "markdown.text": "",
    "markdown.em": "italic",
    "markdown.emph": "italic",
    "markdown.strong": "bold",
    "markdown.s": "strike",
    "markdown.h1": "bold underline $text-primary",
    "markdown.h2": "bold $text-primary",
    "markdown.h3": "bold $text-secondary",
    "markdown.h4": "bold",
    "markdown.h5": "bold italic",
    "markdown.h6": "italic $text 60%",
    "markdown.block_quote": "$text 70%",
    "markdown.block_quote.border": "$primary 60%",
    "markdown.list": "",
    "markdown.item": "",
    "markdown.item.bullet": "bold $text-primary",
    "markdown.item.number": "$text-primary",
    "markdown.hr": "$text 30%",
    "markdown.link": "underline $text-accent",
    "markdown.link_url": "$text 50%",
    "markdown.table.border": "$text 30%",
    "markdown.table.header": "bold $text-primary",
    "markdown.kbd": "bold",
    "markdown.html": "$text 60%",
}
INLINE_CODE = {True: "$text-warning 95% on $warning 10%", False: "$text-error 95% on $error 5%"}
CODE_BACKGROUND = "on $foreground 5%"
CODE_TEXT = "$text"


@dataclass(frozen=True)
class CodeStyles:
    """Rich styles for syntax-highlighted code: one per Pygments token type, and a background."""

    background: Style
    token_styles: dict[_TokenType, Style] = field(default_factory=dict)

    def for_token(self, token_type: _TokenType) -> Style:
        """The style of ``token_type``: its own, else its nearest ancestor's, else plain."""
        styles = self.token_styles
        style = styles.get(token_type)
        if style is None:
            parent = token_type.parent
            style = self.background if parent is None else self.for_token(parent)
            styles[token_type] = style  # memoise: token types repeat endlessly
        return style


@dataclass(frozen=True)
class RenderTheme:
    """Everything the renderers need to colour a message: Markdown styles and code styles."""

    markdown: Theme
    code: CodeStyles
    dark: bool = True


StyleResolver = Callable[[str], Style]
"""Turns a Textual style spec (``"bold $text-primary"``) into a Rich style."""


def build_theme(
    resolve: StyleResolver,
    code_resolve: StyleResolver,
    *,
    dark: bool,
    code_theme: str | None = None,
    ansi: bool = False,
) -> RenderTheme:
    """A theme from resolvers of Textual style specs (body text, and text on the code background).

    ``code_theme`` names a Pygments style to use for code instead of the app theme's colours.
    """
    styles = {name: resolve(spec) for name, spec in MARKDOWN_STYLES.items()}
    styles["markdown.code"] = resolve(INLINE_CODE[dark])
    if code_theme:
        code = pygments_code_styles(code_theme)
    else:
        code = textual_code_styles(code_resolve, dark=dark, ansi=ansi)
    return RenderTheme(markdown=Theme(styles, inherit=True), code=code, dark=dark)


def textual_code_styles(resolve: StyleResolver, *, dark: bool, ansi: bool = False) -> CodeStyles:
    """Code coloured like Textual's own highlighter, from the app theme's variables.

    ``resolve`` must give styles on the code background (see :func:`app_theme`).
    """
    from textual import highlight

    palette: type[highlight.HighlightTheme] = highlight.HighlightTheme
    if ansi:
        palette = highlight.ANSIDarkHighlightTheme if dark else highlight.ANSILightHighlightTheme
    background = resolve(CODE_TEXT)
    tokens = {Token: background}
    for token_type, spec in palette.STYLES.items():
        tokens[token_type] = background + resolve(spec) if spec else background
    return CodeStyles(background=background, token_styles=tokens)


@lru_cache(maxsize=8)
def pygments_code_styles(name: str) -> CodeStyles:
    """Code coloured by the Pygments style ``name`` (unknown names fall back to "monokai")."""
    from pygments.styles import get_style_by_name
    from pygments.util import ClassNotFound

    try:
        style_class = get_style_by_name(name)
    except ClassNotFound:
        style_class = get_style_by_name("monokai")
    background = Style(bgcolor=style_class.background_color)
    tokens: dict[_TokenType, Style] = {}
    for token_type, _ in style_class:
        spec = style_class.style_for_token(token_type)
        tokens[token_type] = background + Style(
            color=f"#{spec['color']}" if spec["color"] else None,
            bold=spec["bold"] or None,
            italic=spec["italic"] or None,
            underline=spec["underline"] or None,
        )
    return CodeStyles(background=background, token_styles=tokens)


# The app theme's variables as the terminal's own palette (so a light or dark terminal both
# read well); used where no Textual app exists, e.g. ``parley ask`` on a terminal.
_TERMINAL_COLOURS = {
    "primary": "blue",
    "secondary": "cyan",
    "accent": "magenta",
    "warning": "yellow",
    "success": "green",
    "error": "red",
}
# Textual's own code palette (textual.highlight.HighlightTheme), for code without an app.
CODE_SPECS: dict[_TokenType, str] = {
    Token.Comment: "$text 60%",
    Token.Error: "$text-error",
    Token.Generic.Strong: "bold",
    Token.Generic.Emph: "italic",
    Token.Generic.Heading: "$text-primary underline",
    Token.Generic.Subheading: "$text-primary",
    Token.Keyword: "$text-accent",
    Token.Keyword.Constant: "bold $text-success",
    Token.Keyword.Namespace: "$text-error",
    Token.Keyword.Type: "bold",
    Token.Literal.Number: "$text-warning",
    Token.Literal.String: "$text-success",
    Token.Literal.String.Doc: "$text-success italic",
    Token.Name: "$text-primary",
    Token.Name.Attribute: "$text-warning",
    Token.Name.Builtin: "$text-accent",
    Token.Name.Builtin.Pseudo: "italic",
    Token.Name.Class: "$text-warning bold",
    Token.Name.Constant: "$text-error",
    Token.Name.Decorator: "$text-primary bold",
    Token.Name.Function: "$text-warning underline",
    Token.Name.Tag: "$text-primary bold",
    Token.Name.Variable: "$text-secondary",
    Token.Operator: "bold",
    Token.Operator.Word: "bold $text-error",
}


def terminal_style(spec: str) -> Style:
    """A Textual style spec in the terminal's palette: variables as ANSI colours, faint
    (``60%``) as dim, no backgrounds (the terminal's own shows through)."""
    words: list[str] = []
    skip = False
    for word in spec.split():
        if skip or word == "on":
            skip = word == "on"  # drop "on" and the background after it
            continue
        if word.endswith("%"):
            if int(word[:-1]) <= 70:
                words.append("dim")
        elif word.startswith("$"):
            name = word[1:].removeprefix("text-")
            if name in _TERMINAL_COLOURS:
                words.append(_TERMINAL_COLOURS[name])
        else:
            words.append(word)
    return Style.parse(" ".join(words)) if words else Style()


def terminal_theme() -> RenderTheme:
    """The app's Markdown and code styles in the terminal's palette, without Textual."""
    code = CodeStyles(
        background=Style(),
        token_styles={Token: Style()}
        | {token: terminal_style(spec) for token, spec in CODE_SPECS.items()},
    )
    styles = {name: terminal_style(spec) for name, spec in MARKDOWN_STYLES.items()}
    styles["markdown.code"] = terminal_style("bold $text-warning")
    return RenderTheme(markdown=Theme(styles, inherit=True), code=code)


def app_theme(app: App[object], background: Color) -> RenderTheme:
    """The theme of ``app``'s current Textual theme, for text drawn on ``background``.

    Text styles keep no background of their own (so a highlighted message can tint the
    background under them); code gets the code background everywhere. The app may name a
    Pygments style for code in an attribute ``code_theme`` (a string, or a callable taking
    ``dark``); by default code follows the app theme's colours.
    """
    from textual.style import Style as TextualStyle

    parse = app.stylesheet.parse_style
    dark = app.current_theme.dark
    base = TextualStyle(background=background)
    code_base = TextualStyle(background=(base + _parse(parse, CODE_BACKGROUND)).background)

    def resolve(spec: str) -> Style:
        parsed = _parse(parse, spec)
        rich = (base + parsed).rich_style
        return rich if parsed.background is not None else without_background(rich)

    def code_resolve(spec: str) -> Style:
        return (code_base + _parse(parse, spec)).rich_style

    code_theme = getattr(app, "code_theme", None)
    if callable(code_theme):
        code_theme = code_theme(dark)
    ansi = bool(getattr(app, "native_ansi_color", False))
    return build_theme(resolve, code_resolve, dark=dark, code_theme=code_theme, ansi=ansi)


def _parse(parse: Callable[[str], TextualStyle], spec: str) -> TextualStyle:
    from textual.style import Style as TextualStyle

    if not spec:
        return TextualStyle()
    try:
        return parse(spec)
    except Exception:  # a theme without a variable, a typo in a palette: plain beats a crash
        return TextualStyle()


def without_background(style: Style) -> Style:
    """``style`` with its background removed (so another background can show through)."""
    return text_style(style, background=False)


def text_style(style: Style, *, background: bool = True) -> Style:
    """The colours and text attributes of ``style``: no link, no meta (and, with
    ``background=False``, no background)."""
    return Style(
        color=style.color,
        bgcolor=style.bgcolor if background else None,
        bold=style.bold,
        dim=style.dim,
        italic=style.italic,
        underline=style.underline,
        strike=style.strike,
        reverse=style.reverse,
    )
