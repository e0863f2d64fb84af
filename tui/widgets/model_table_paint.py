"""How the model table looks: column widths for a width, and each painted line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.model_list import UNKNOWN, ModelRow, context_label, modality_label, price_label
from tui.render.theme import without_background
from tui.sanitize import one_line, visible_moving

MARKS = {"favourite": "★", "recent": "↺", "": " "}
CHOSEN_MARK = "✓"
GUTTER = 2  # the mark and a space
NUMBER_WIDTHS = (7, 8, 8)  # context, $/M in, $/M out
MODEL_MIN, NAME_MIN = 24, 16
MODALITY_MIN, MODALITY_MAX = 10, 17  # " text→text" .. " text+image+file→…"
HEADERS = ("model", "name", "context", "$/M in", "$/M out", "modality")
COMPONENT_CLASSES = frozenset(
    {
        "model-table--header",
        "model-table--cursor",
        "model-table--match",
        "model-table--mark",
        "model-table--current",
        "model-table--muted",
        "model-table--free",
        "model-table--custom",
    }
)


@dataclass(frozen=True, slots=True)
class Columns:
    """How wide each column is at one table width (0: the column is left out)."""

    model: int
    name: int
    modality: int

    @property
    def total(self) -> int:
        """The cells a row takes: every column and the space after it."""
        extra = (self.name + 1 if self.name else 0) + (self.modality + 1 if self.modality else 0)
        return GUTTER + self.model + 1 + sum(w + 1 for w in NUMBER_WIDTHS) + extra

    @classmethod
    def fit(cls, width: int, longest_id: int) -> Columns:
        """Ids first (they are what one picks), then modality, then names if room is left."""
        rest = width - GUTTER - sum(w + 1 for w in NUMBER_WIDTHS)
        model = min(max(longest_id, MODEL_MIN), rest - MODALITY_MIN - 1)
        # The modality column starts with a space: "—" in both price and modality would
        # otherwise read as one "— —" mark.
        modality = min(MODALITY_MAX, rest - model - 1)
        if modality < MODALITY_MIN:
            return cls(max(rest, 1), 0, 0)
        name = rest - model - modality - 2
        if name < NAME_MIN:
            return cls(rest - modality - 1, 0, modality)
        return cls(model, name, modality)


@dataclass(frozen=True, slots=True)
class Palette:
    """The table's styles, looked up once per style change (component styles are dear)."""

    base: Style
    header: Style
    cursor: Style
    match: Style
    mark: Style
    current: Style
    muted: Style
    free: Style
    custom: Style

    @classmethod
    def from_widget(cls, get: Callable[[str], Style], base: Style) -> Palette:
        """Built from ``get(component_class)`` (full styles) and the widget's own style."""

        # Full styles, so translucent colours ($text-muted) blend with the background;
        # then the background is dropped, so the cursor's shows through.
        def fg(name: str) -> Style:
            return without_background(get(name))

        return cls(
            base=base,
            header=base + fg("model-table--header"),
            cursor=base + get("model-table--cursor"),
            match=fg("model-table--match"),
            mark=fg("model-table--mark"),
            current=fg("model-table--current"),
            muted=fg("model-table--muted"),
            free=fg("model-table--free"),
            custom=fg("model-table--custom"),
        )


def paint_note(text: str, width: int, p: Palette, *, right: bool = False) -> Strip:
    """A quiet line: the empty-list hint (left) or the count under the rows (right)."""
    text = text.rjust(width - 1) + " " if right else " " * GUTTER + text
    return Strip([Segment(text, p.base + p.muted)]).crop_extend(0, width, p.base)


def paint_header(columns: Columns, width: int, p: Palette) -> Strip:
    titles = [("model", columns.model, False)]
    if columns.name:
        titles.append(("name", columns.name, False))
    titles += [(t, w, True) for t, w in zip(HEADERS[2:5], NUMBER_WIDTHS, strict=True)]
    if columns.modality:
        titles.append((" modality", columns.modality, False))
    segments = [Segment(" " * GUTTER, p.header)]
    for title, size, right in titles:
        cell = title.rjust(size) if right else title.ljust(size)
        segments.append(Segment(set_cell_size(cell, size) + " ", p.header))
    return Strip(segments).crop_extend(0, width, p.header).simplify()


def paint_row(
    row: ModelRow,
    selected: bool,
    current: bool,
    columns: Columns,
    width: int,
    p: Palette,
    chosen: bool = False,
) -> Strip:
    """One model's line, padded or cropped to ``width``; ``current`` marks the model in use,
    ``chosen`` one picked among several (a check mark in the mark column)."""
    base = p.cursor if selected else p.base
    if row.custom:
        text = f"{' ' * GUTTER}use “{one_line(row.model.id)}” as a model id"
        return Strip([Segment(text, base + p.custom)]).crop_extend(0, width, base)
    model = row.model
    id_style = base + p.current if current or chosen else base
    mark = CHOSEN_MARK if chosen else MARKS[row.mark]
    segments = [Segment(mark, base + p.mark), Segment(" ", base)]
    segments += _cell(model.id, columns.model, id_style, row.id_hits, base + p.match)
    if columns.name:
        segments += _cell(model.name, columns.name, base, row.name_hits, base + p.match)
    numbers = (
        context_label(model.context_length),
        price_label(model.prompt_price),
        price_label(model.completion_price),
    )
    for text, size in zip(numbers, NUMBER_WIDTHS, strict=True):
        segments.append(Segment(text.rjust(size) + " ", base + _tone(text, p)))
    if columns.modality:
        label = modality_label(model.modality)
        segments.append(Segment(" ", base))
        segments += _cell(label, columns.modality - 1, base + _tone(label, p), (), base)
    # Every cell is padded to its width, so the line's length is known: one Strip, no
    # cropping pass (the table paints dozens of these per keystroke).
    used = columns.total
    if used < width:
        segments.append(Segment(" " * (width - used), base))
        return Strip(segments, width)
    return Strip(segments, used).crop(0, width)


def _tone(text: str, p: Palette) -> Style:
    if text == UNKNOWN:
        return p.muted
    return p.free if text == "free" else Style.null()


def _cell(text: str, size: int, style: Style, hits: tuple[int, ...], hit: Style) -> list[Segment]:
    """``text`` in ``size`` cells plus a space, cropped with "…", its ``hits`` in ``hit``."""
    if not text.isprintable():
        # A line-API widget paints segments itself: show what a server hid in an id or a
        # name here, where its width is measured (the render path would only drop it).
        text, moved = visible_moving(text, hits, flat=True)
        hits = tuple(moved)
    if cell_len(text) > size:
        text = set_cell_size(text, max(0, size - 1)) + "…"
    pad = " " * (size - cell_len(text) + 1)
    if not hits:
        return [Segment(text, style), Segment(pad, style)]
    segments: list[Segment] = []
    start = 0
    for position in hits:
        if position >= len(text) or (position == len(text) - 1 and text.endswith("…")):
            break
        if position > start:
            segments.append(Segment(text[start:position], style))
        segments.append(Segment(text[position], hit))
        start = position + 1
    segments.append(Segment(text[start:] + pad, style))
    return segments
