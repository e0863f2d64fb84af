"""The details pane: everything the server told us about the highlighted model."""

from __future__ import annotations

import textwrap

from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from tui.api.types import ModelInfo
from tui.model_list import UNKNOWN, Mark, context_label, modality_label, price_label
from tui.words import count_of

LABEL_WIDTH = 13  # "top provider" and a space
_MARK_WORDS = {"favourite": "★ favourite", "recent": "↺ used lately", "": ""}
_CUSTOM_NOTE = (
    "Not in the server's list: picked as typed. Servers whose /models is incomplete "
    "still serve models by id."
)


def facts(model: ModelInfo) -> list[tuple[str, str]]:
    """The pane's labelled lines for ``model``, unknown values as "—"."""
    return [
        ("context", _tokens(model.context_length)),
        ("prices", _prices(model)),
        ("modality", modality_label(model.modality)),
        ("top provider", _top_provider(model)),
        ("parameters", ", ".join(model.supported_parameters) or UNKNOWN),
    ]


def _tokens(count: int | None) -> str:
    if not count:
        return UNKNOWN
    words = count_of(count, "token")
    return f"{words} ({context_label(count)})" if count >= 1000 else words


def _prices(model: ModelInfo) -> str:
    prompt, completion = price_label(model.prompt_price), price_label(model.completion_price)
    if prompt == completion == UNKNOWN:
        return UNKNOWN
    if prompt == completion == "free":
        return "free"
    return f"{_dollars(prompt)} in · {_dollars(completion)} out per M"


def _dollars(label: str) -> str:
    return label if label in (UNKNOWN, "free") else f"${label}"


def _top_provider(model: ModelInfo) -> str:
    parts = []
    if model.max_completion_tokens:
        parts.append(f"{model.max_completion_tokens:,} max output")
    if model.is_moderated is not None:
        parts.append("moderated" if model.is_moderated else "not moderated")
    return " · ".join(parts) or UNKNOWN


class ModelDetails(Widget):
    """Renders one model's facts, supported parameters and description (or a hint).

    Lines are wrapped here, by ``textwrap``, into one ``Text``: a rich ``Table`` took
    several times longer, and this pane is drawn again at every cursor move.
    """

    DEFAULT_CSS = """
    ModelDetails { height: 1fr; }
    ModelDetails > .model-details--label { color: $text-muted; }
    ModelDetails > .model-details--title { text-style: bold; color: $text-primary; }
    ModelDetails > .model-details--muted { color: $text-muted; }
    """
    COMPONENT_CLASSES = {  # noqa: RUF012 (Textual's own annotation)
        "model-details--label",
        "model-details--title",
        "model-details--muted",
    }

    def __init__(
        self,
        model: ModelInfo | None = None,
        *,
        mark: Mark = "",
        current: bool = False,
        custom: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.model, self.mark, self.current, self.custom = model, mark, current, custom

    def show(
        self,
        model: ModelInfo | None,
        *,
        mark: Mark = "",
        current: bool = False,
        custom: bool = False,
    ) -> None:
        if (model, mark, current, custom) != (self.model, self.mark, self.current, self.custom):
            self.model, self.mark, self.current, self.custom = model, mark, current, custom
            self.refresh()

    def render(self) -> Text:
        width = max(20, self.content_region.width or self.size.width)
        title = self.get_component_rich_style("model-details--title")
        muted = self.get_component_rich_style("model-details--muted")
        text = Text(no_wrap=True, overflow="crop", end="")
        model = self.model
        if model is None:
            text.append("No model highlighted.", muted)
        elif self.custom:
            text.append(model.id + "\n\n", title)
            text.append("\n".join(textwrap.wrap(_CUSTOM_NOTE, width)), muted)
        else:
            self._heading(text, model, title)
            self._facts(text, model, width)
            if model.description:
                text.append("\n\n" + "\n".join(textwrap.wrap(model.description, width)))
        return text

    def _heading(self, text: Text, model: ModelInfo, title: Style) -> None:
        text.append(model.name or model.id, title)
        if model.name:
            text.append(f"\n{model.id}", title)
        notes = [_MARK_WORDS[self.mark], "current" if self.current else ""]
        if any(notes):
            text.append("\n" + " · ".join(n for n in notes if n), Style(italic=True))
        text.append("\n")

    def _facts(self, text: Text, model: ModelInfo, width: int) -> None:
        label_style = self.get_component_rich_style("model-details--label")
        room = max(8, width - LABEL_WIDTH)
        indent = " " * LABEL_WIDTH
        for label, value in facts(model):
            lines = textwrap.wrap(value, room) or [value]
            text.append("\n" + label.ljust(LABEL_WIDTH), label_style)
            text.append(lines[0])
            for line in lines[1:]:
                text.append(f"\n{indent}{line}")
