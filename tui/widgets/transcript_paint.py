"""How the transcript looks: role gutters, header and footer lines, the cursor's highlight."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.strip import Strip

from tui.render.lines import Line, unpack
from tui.render.text_lines import TextLines
from tui.sanitize import link_spans
from tui.widgets.transcript_layout import ROLES, MessageView
from tui.widgets.transcript_thinking import INDENT

GUTTER = 2  # the role bar and a space
RIGHT_MARGIN = 1
BAR = "▎"
CURSOR_BAR = "▌"
RULE = "─"

DEFAULT_TITLES = {"user": "You", "assistant": "Assistant", "system": "System", "error": "Error"}
STATUS_MARKS = {
    "streaming": "streaming…",
    "cancelled": "cancelled",
    "interrupted": "interrupted",
    "error": "failed",
}
COMPONENT_CLASSES = frozenset(
    {
        "transcript--user",
        "transcript--assistant",
        "transcript--notice",
        "transcript--error",
        "transcript--system",
        "transcript--cursor",
        "transcript--footer",
        "transcript--rule",
        "transcript--detail",
        "transcript--detail-error",
        "transcript--streaming",
        "transcript--stopped",
        "transcript--failed",
        "transcript--notice-text",
        "transcript--error-text",
        "transcript--thinking",
        "transcript--thinking-label",
    }
)


@dataclass(frozen=True)
class Palette:
    """The widget's styles, looked up once per style change (component classes are dear)."""

    base: Style
    cursor: Style
    roles: dict[str, Style]
    footer: Style
    rule: Style
    detail: Style
    detail_error: Style
    status: dict[str, Style]
    notice_text: Style
    error_text: Style
    thinking: Style
    """Reasoning text, laid over its own colours as lines are painted (dimmed)."""
    thinking_label: Style

    @classmethod
    def from_widget(cls, get: Callable[[str], Style], base: Style, cursor: Style) -> Palette:
        """Build from ``get(component_class)``, the widget's own style and the cursor's."""
        stopped, failed = get("transcript--stopped"), get("transcript--failed")
        return cls(
            base=base,
            cursor=cursor,
            roles={role: get(f"transcript--{role}") for role in ROLES},
            footer=get("transcript--footer"),
            rule=get("transcript--rule"),
            detail=get("transcript--detail"),
            detail_error=get("transcript--detail-error"),
            status={
                "streaming": get("transcript--streaming"),
                "cancelled": stopped,
                "interrupted": stopped,
                "error": failed,
            },
            notice_text=get("transcript--notice-text"),
            error_text=get("transcript--error-text"),
            thinking=get("transcript--thinking"),
            thinking_label=get("transcript--thinking-label"),
        )

    def baked(self) -> tuple[object, ...]:
        """The styles rendered lines keep (all but the ones applied as lines are painted)."""
        return (
            tuple(self.roles.items()),
            tuple(self.status.items()),
            self.footer,
            self.rule,
            self.detail,
            self.detail_error,
            self.notice_text,
            self.error_text,
            self.thinking_label,
        )

    def role(self, role: str) -> Style:
        return self.roles.get(role) or self.roles["notice"]

    def body_text(self, role: str) -> Style:
        """The text style of messages shown as plain text (notices and errors)."""
        return self.error_text if role == "error" else self.notice_text


def text_width(width: int) -> int:
    """The width message text is rendered at, inside a transcript ``width`` cells wide."""
    return max(8, width - GUTTER - RIGHT_MARGIN)


def render_header(
    view: MessageView, width: int, palette: Palette, renderer: TextLines
) -> list[Line]:
    """The header line: who speaks (or the model id) and a quiet status mark; none for notices."""
    title = view.title or DEFAULT_TITLES.get(view.role, "")
    mark = view.mark or STATUS_MARKS.get(view.status, "")
    if view.role == "error" and view.status == "error":
        mark = ""  # an error message says so already
    if not title and not mark and not view.branch:
        return []
    text = Text(end="")
    text.append(title, palette.role(view.role) + Style(bold=True))
    if view.branch:  # after the title, so stepping siblings moves nothing else
        text.append("  " if title else "")
        text.append(view.branch, palette.footer)
    if mark:
        text.append("  " if title else "")
        text.append(mark, palette.status.get(view.status, palette.status["cancelled"]))
    rule = width - text.cell_len - 1
    if rule > 0:  # a faint rule tells the header from headings in the text
        text.append(" " + RULE * rule, palette.rule)
    return [renderer.line(text, width)]


def linked(text: str, style: Style) -> Text:
    """``text`` (neutralised already) in ``style``, its http(s) URLs terminal hyperlinks."""
    out = Text(text, style=style, end="")
    for start, end, url in link_spans(text):
        out.stylize(Style(link=url), start, end)
    return out


def render_trailer(
    view: MessageView, width: int, palette: Palette, renderer: TextLines
) -> list[Line]:
    """The detail (wrapped, in the error colour for failures) and the footer (one line)."""
    lines: list[Line] = []
    if view.detail:
        failed = view.role == "error" or view.status == "error"
        style = palette.detail_error if failed else palette.detail
        lines.extend(renderer.wrapped(linked(view.detail, style), width))
    if view.footer:
        lines.append(renderer.line(Text(view.footer, palette.footer, end=""), width))
    return lines


class LinePainter:
    """Composes the visible strips: gutter bar, content, cursor tint; caching the results."""

    def __init__(self) -> None:
        self._cache: LRUCache[tuple[int, bool, int, str, bool], tuple[Line, Strip]]
        self._cache = LRUCache(256)
        self._blanks: dict[tuple[int, Style], Strip] = {}

    def clear(self) -> None:
        self._cache.clear()
        self._blanks.clear()

    def blank(self, width: int, style: Style) -> Strip:
        key = (width, style)
        strip = self._blanks.get(key)
        if strip is None:
            strip = self._blanks[key] = Strip.blank(width, style)
        return strip

    def paint(
        self,
        content: Line,
        role: str,
        selected: bool,
        width: int,
        p: Palette,
        reasoning: bool = False,
    ) -> Strip:
        """``content`` behind its role's bar, ``width`` cells wide, tinted when ``selected``;
        ``reasoning`` lines set in and dimmed."""
        key = (id(content), selected, width, role, reasoning)
        cached = self._cache.get(key)
        if cached is not None and cached[0] is content:  # the id may belong to a dead strip
            return cached[1]
        base = p.cursor if selected else p.base
        bar = Segment(CURSOR_BAR if selected else BAR, base + p.role(role))
        segments = [bar, Segment(" "), *unpack(content)]
        if reasoning:  # the reasoning's own colours, muted; its place, set in
            body = Segment.apply_style(segments[2:], post_style=p.thinking)
            segments = [bar, Segment(" " * (1 + INDENT)), *body]
        # Fewer segments make every later step cheaper: Textual crops, divides and
        # filters each painted line again on each screen update.
        strip = Strip(segments).crop_extend(0, width, None).apply_style(base).simplify()
        self._cache[key] = (content, strip)
        return strip
