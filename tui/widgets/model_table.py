"""The model table: one widget painting only the visible rows, so 1,000 models cost nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from tui.model_list import ModelRow
from tui.widgets.model_table_paint import (
    COMPONENT_CLASSES,
    Columns,
    Palette,
    paint_header,
    paint_note,
    paint_row,
)


class ModelTable(Widget):
    """Rows of models with a cursor; renders only the lines on screen (the Line API).

    The screen moves the cursor and gives the rows; the table says which row is highlighted.
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = set(COMPONENT_CLASSES)
    DEFAULT_CSS = """
    ModelTable { height: 1fr; }
    ModelTable > .model-table--header { text-style: bold; }
    ModelTable > .model-table--cursor { background: $block-cursor-background; }
    ModelTable > .model-table--match { text-style: bold underline; }
    """

    class Highlighted(Message):
        """The highlighted row changed (None: the table is empty)."""

        def __init__(self, row: ModelRow | None) -> None:
            super().__init__()
            self.row = row

    def __init__(
        self,
        rows: Sequence[ModelRow] = (),
        *,
        cursor: int = 0,
        current: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: Sequence[ModelRow] = rows
        self.cursor = max(0, min(cursor, len(rows) - 1))
        self.top = 0
        self.current = current
        self.chosen: frozenset[str] = frozenset()
        """Models picked among several (marked with a check)."""
        self.empty_text = ""
        self.status = ""
        """A quiet line under the rows (how many match, how old the list is)."""
        self._palette: Palette | None = None
        self._columns: tuple[int, Columns] | None = None
        self._longest_id = _longest_id(rows)

    # -- what the screen calls -------------------------------------------------------------

    @property
    def highlighted(self) -> ModelRow | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def set_rows(self, rows: Sequence[ModelRow], cursor: int = 0) -> None:
        """Show ``rows`` with the cursor on row ``cursor`` (clamped), scrolled into view."""
        self.rows = rows
        longest = _longest_id(rows)
        if longest != self._longest_id:
            self._longest_id, self._columns = longest, None
        self.top = 0
        self._move_to(cursor, force=True)
        self.refresh()

    def move(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def page(self, pages: int) -> None:
        self._move_to(self.cursor + pages * max(1, self._visible() - 1))

    def move_to(self, index: int) -> None:
        self._move_to(index)

    # -- events ----------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        self._palette = None
        super().notify_style_update()

    def on_resize(self, event: events.Resize) -> None:
        self._columns = None
        self._move_to(self.cursor, force=True)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self._move_to(self.top + event.y - 1)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll_by(3)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll_by(-3)

    # -- drawing ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        palette = self._get_palette()
        width = self.size.width
        columns = self._fit(width)
        if y == 0:
            return paint_header(columns, width, palette)
        if y == self.size.height - 1 and self.status:
            return paint_note(self.status, width, palette, right=True)
        index = self.top + y - 1
        if index >= len(self.rows):
            if index == 0 and self.empty_text:
                return paint_note(self.empty_text, width, palette)
            return Strip.blank(width, palette.base)
        row = self.rows[index]
        model_id = row.model.id
        chosen = model_id in self.chosen
        return paint_row(
            row, index == self.cursor, model_id == self.current, columns, width, palette, chosen
        )

    # -- internals -------------------------------------------------------------------------

    def _get_palette(self) -> Palette:
        if self._palette is None:
            self._palette = Palette.from_widget(self.get_component_rich_style, self.rich_style)
        return self._palette

    def _fit(self, width: int) -> Columns:
        if self._columns is None or self._columns[0] != width:
            self._columns = (width, Columns.fit(width, self._longest_id))
        return self._columns[1]

    def _visible(self) -> int:
        return max(1, self.size.height - (2 if self.status else 1))

    def _move_to(self, index: int, *, force: bool = False) -> None:
        index = max(0, min(index, len(self.rows) - 1))
        old_cursor, old_top = self.cursor, self.top
        self.cursor = index
        if self.size.height:  # before the first layout there is no view to keep it in
            visible = self._visible()
            if index < self.top:
                self.top = index
            elif index >= self.top + visible:
                self.top = index - visible + 1
            self.top = max(0, min(self.top, len(self.rows) - visible))
        if self.top != old_top:
            self.refresh()
        elif index != old_cursor:
            self._refresh_line(old_cursor - self.top + 1)
            self._refresh_line(index - self.top + 1)
        if force or index != old_cursor:
            self.post_message(self.Highlighted(self.highlighted))

    def _refresh_line(self, y: int) -> None:
        self.refresh(Region(0, y, self.size.width, 1))

    def _scroll_by(self, lines: int) -> None:
        top = max(0, min(self.top + lines, len(self.rows) - self._visible()))
        if top != self.top:
            self.top = top
            self.cursor = max(top, min(self.cursor, top + self._visible() - 1))
            self.refresh()
            self.post_message(self.Highlighted(self.highlighted))


def _longest_id(rows: Sequence[ModelRow]) -> int:
    # A sample is enough to size the column; every id is cropped to it anyway.
    return max((len(row.model.id) for row in rows[:500]), default=24)
