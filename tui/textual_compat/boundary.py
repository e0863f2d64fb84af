"""Textual's render path, hooked: it becomes the terminal boundary.

Rich and Textual print a plain string's OSC, DCS and C1 characters as they are, so a model id
or an error message could write the clipboard or retitle the terminal. These hooks make every
widget safe, whoever wrote it and whatever it shows:

- ``Content.__init__`` (every Static, Label, Button, OptionList, toast, Footer and Header
  text, and Rich ``Text`` a widget renders): unsafe characters take their visible form
  (``␛``, ``<U+202E>``) before layout, styled spans moved along with them.
- Rich's ``strip_control_codes``: BEL, BS, VT and FF in a Rich ``Text`` are shown, not dropped.
- ``Strip.render`` (where segments become the bytes written to the terminal): whatever is
  still unsafe, from a Line-API widget or a Rich renderable, is dropped. Rich measures those
  characters as zero cells, so dropping them leaves every line exactly as wide as laid out.
"""

from __future__ import annotations

import inspect
from operator import itemgetter
from typing import Any

from rich import text as rich_text
from rich.segment import Segment
from textual import content as content_module
from textual.content import Content, Span
from textual.strip import Strip

from tui.sanitize import UNSAFE, strip_unsafe, visible, visible_moving

# What the hooks rely on; a Textual upgrade that changes any of it must be looked at again.
EXPECTED_SIGNATURES = {
    "Strip.render": ["self", "console"],
    "Content.__init__": ["self", "text", "spans", "cell_length", "strip_control_codes"],
    "textual.content._strip_control_codes": ["text", "_translate_table"],
    "rich.text.strip_control_codes": ["text", "_translate_table"],
}


_TEXT, _STYLE = itemgetter(0), itemgetter(1)


class TextualChanged(RuntimeError):
    """Textual's render path is not the one Parley's terminal boundary was written for."""


def _targets() -> dict[str, Any]:
    return {
        "Strip.render": getattr(Strip, "render", None),
        "Content.__init__": getattr(Content, "__init__", None),
        "textual.content._strip_control_codes": getattr(
            content_module, "_strip_control_codes", None
        ),
        "rich.text.strip_control_codes": getattr(rich_text, "strip_control_codes", None),
    }


def compat_problems() -> list[str]:
    """What no longer matches (empty when the hooks fit this Textual)."""
    problems = []
    for name, function in _targets().items():
        original = getattr(function, "__wrapped__", function)
        if original is None:
            problems.append(f"{name} is gone")
            continue
        found = list(inspect.signature(original).parameters)
        if found != EXPECTED_SIGNATURES[name]:
            problems.append(f"{name} takes {found}, not {EXPECTED_SIGNATURES[name]}")
    if "_render_cache" not in getattr(Strip, "__slots__", ()):
        problems.append("Strip has no _render_cache slot")
    return problems


def install() -> None:
    """Hook Textual's render path (once per process); raise if Textual changed under us."""
    if getattr(Strip.render, "__wrapped__", None) is not None:
        return
    problems = compat_problems()
    if problems:
        raise TextualChanged(
            "Parley's terminal boundary does not fit this Textual version ("
            + "; ".join(problems)
            + "): see tui/textual_compat/boundary.py"
        )
    Strip.render = _guarded_render(Strip.render)  # type: ignore[method-assign]
    Content.__init__ = _visible_content_init(Content.__init__)  # type: ignore[method-assign]
    content_module._strip_control_codes = _visible_markup(content_module._strip_control_codes)
    rich_text.strip_control_codes = _visible_rich_controls(rich_text.strip_control_codes)


def _guarded_render(render: Any) -> Any:
    def guarded(self: Strip, console: Any) -> str:
        if self._render_cache is None and _unsafe(self._segments):
            self._render_cache = render(_clean_strip(self), console)
        return render(self, console)

    guarded.__wrapped__ = render  # type: ignore[attr-defined]
    return guarded


def _unsafe(segments: list[Segment]) -> bool:
    # C-level scans first: every unsafe character is non-printable, and almost every line is
    # printable throughout, so the regex and the per-segment work are rarely reached.
    text = "".join(map(_TEXT, segments))
    if not text.isprintable() and UNSAFE.search(text) is not None:
        return True
    # A link target is written inside an OSC 8 sequence: it must not be able to end it.
    return any(
        style is not None and style._link and UNSAFE.search(style._link) is not None
        for style in map(_STYLE, segments)
    )


def _clean_strip(strip: Strip) -> Strip:
    segments = []
    for text, style, control in strip._segments:
        if style is not None and style._link and UNSAFE.search(style._link):
            style = style.update_link(strip_unsafe(style._link))
        segments.append(Segment(strip_unsafe(text), style, control))
    return Strip(segments, strip.cell_length)


def _visible_content_init(init: Any) -> Any:
    def visible_init(
        self: Content,
        text: str = "",
        spans: list[Span] | None = None,
        cell_length: int | None = None,
        strip_control_codes: bool = True,
    ) -> None:
        # Derived content (slices, joins, padding) passes False: its text is already safe.
        if strip_control_codes and text and not text.isprintable() and UNSAFE.search(text):
            text, spans = _visible_text_and_spans(text, spans)
            cell_length = None
        init(self, text, spans, cell_length, strip_control_codes)

    visible_init.__wrapped__ = init  # type: ignore[attr-defined]
    return visible_init


def _visible_text_and_spans(text: str, spans: list[Span] | None) -> tuple[str, list[Span] | None]:
    if not spans:
        return visible(text), spans
    edges = [edge for span in spans for edge in (span.start, span.end)]
    shown, moved = visible_moving(text, edges)
    return shown, [Span(moved[2 * i], moved[2 * i + 1], span.style) for i, span in enumerate(spans)]


def _visible_markup(strip_codes: Any) -> Any:
    # Markup is made visible before it is parsed, so its spans are computed on what is shown.
    def visible_markup(text: str, _translate_table: Any = None) -> str:
        return strip_codes(visible(text))

    visible_markup.__wrapped__ = strip_codes  # type: ignore[attr-defined]
    return visible_markup


# Rich's Text drops BEL, BS, VT and FF before Textual sees the text, so a status line would
# hide them where the transcript shows them. Their pictures are one character each, so every
# span Rich was given still points at the same characters. CR is still dropped, as Rich does.
_RICH_PICTURES = {7: "\u2407", 8: "\u2408", 11: "\u240b", 12: "\u240c", 13: None}


def _visible_rich_controls(strip_codes: Any) -> Any:
    def visible_controls(text: str, _translate_table: Any = None) -> str:
        return text.translate(_RICH_PICTURES)

    visible_controls.__wrapped__ = strip_codes  # type: ignore[attr-defined]
    return visible_controls
