"""The model picker: type to filter hundreds of models, see one's details, enter picks it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.events import Resize
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui import paths
from tui.api.types import ModelInfo
from tui.catalog import age_text
from tui.model_list import SORTS, ModelList, ModelRow, Sort, count_words
from tui.screens.parts import dismiss_once
from tui.screens.picker_bindings import KEY_HINTS, PICKER_BINDINGS
from tui.textual_compat.bindings import own_bindings
from tui.widgets.filter_input import FilterInput
from tui.widgets.model_details import ModelDetails
from tui.widgets.model_table import ModelTable

WIDE = 120  # from this terminal width the details pane sits beside the table, shown at first


class ModelPicker(ModalScreen[str | None]):
    """Choose a model: dismisses with its id, or None when cancelled.

    Posts :class:`ModelPicker.FavouriteToggled` for the app to persist; the view updates at
    once. The list can be replaced while open (:meth:`update_models`), e.g. after a refresh.
    """

    CSS_PATH = paths.styles_dir() / "picker.tcss"
    KEY_HINTS: ClassVar[tuple[tuple[str, str], ...]] = KEY_HINTS
    RESERVED_KEYS: ClassVar[tuple[str, ...]] = ()
    """Printable keys the filter does not type: the picker's bindings act on them."""
    AUTO_FOCUS = "#picker-filter"
    BINDINGS: ClassVar[list[BindingType]] = PICKER_BINDINGS

    class FavouriteToggled(Message):
        """The user starred (``favourite`` True) or unstarred a model; the app persists it."""

        def __init__(self, model_id: str, favourite: bool) -> None:
            super().__init__()
            self.model_id = model_id
            self.favourite = favourite

    def __init__(
        self,
        models: Sequence[ModelInfo],
        *,
        current: str | None,
        favourites: Iterable[str],
        recent: Sequence[str],
        fetched_at: float | None,
        note: str = "",
        clock: Callable[[], float] = time.time,
    ) -> None:
        super().__init__()
        self.current = current
        self.sort: Sort = "name"
        self.fetched_at = fetched_at
        self.note = note
        self.show_details: bool | None = None  # None: by width
        self._clock = clock
        self._list = ModelList(models, favourites=favourites, recent=recent)

    # -- building --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # Few widgets and no containers, everything in place before the first layout: the
        # cost of opening is Textual's per-widget work, so there is little of it.
        rows = self._list.rows("", self.sort)
        cursor = next((i for i, r in enumerate(rows) if r.model.id == self.current), 0)
        self._layout_details()
        self.border_title = "Choose a model"
        self.border_subtitle = self._keys_text(filtering=False)
        note = Static(self.note, id="picker-note", markup=False)
        note.display = bool(self.note)
        yield note
        yield FilterInput(
            reserved=self.RESERVED_KEYS,
            placeholder="type to filter by id or name, or to use any model id",
            id="picker-filter",
            compact=True,
            select_on_focus=False,
        )
        first = rows[cursor] if rows else None
        yield ModelDetails(
            first.model if first else None,
            mark=first.mark if first else "",
            current=first is not None and first.model.id == self.current,
            custom=first is not None and first.custom,
            id="picker-details",
        )
        table = ModelTable(rows, cursor=cursor, current=self.current, id="picker-table")
        self._describe(table, rows, "")
        yield table

    def on_resize(self, event: Resize) -> None:
        self._layout_details()

    # -- what the app calls ----------------------------------------------------------------

    def update_models(
        self, models: Sequence[ModelInfo], *, fetched_at: float | None, note: str = ""
    ) -> None:
        """Replace the list (the filter, sort and highlighted model stay)."""
        highlighted = self._table.highlighted
        self._list = ModelList(models, favourites=self._list.favourites, recent=self._list.recent)
        self.fetched_at, self.note = fetched_at, note
        self._show_note()
        self._apply_filter(keep=highlighted.model.id if highlighted else None)

    # -- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Keys that arrive with the picker, before its list is built (it opened amid a burst
        # of keys), have nothing to act on yet; escape still closes it.
        return action == "cancel" or bool(self.query(ModelTable))

    def action_pick(self) -> None:
        row = self._table.highlighted
        if row is not None:
            dismiss_once(self, row.model.id)

    def action_cancel(self) -> None:
        dismiss_once(self, None)

    def action_move(self, delta: int) -> None:
        self._table.move(delta)

    def action_page(self, pages: int) -> None:
        self._table.page(pages)

    def action_first(self) -> None:
        self._table.move_to(0)

    def action_last(self) -> None:
        self._table.move_to(len(self._table.rows) - 1)

    def action_toggle_favourite(self) -> None:
        row = self._table.highlighted
        if row is None:
            return
        model_id = row.model.id
        favourite = model_id not in self._list.favourites
        self._list.set_favourite(model_id, favourite)
        # The cursor keeps its place: starring down the list moves on to the next model.
        self._apply_filter(cursor=self._table.cursor)
        self.post_message(self.FavouriteToggled(model_id, favourite))

    def action_cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        highlighted = self._table.highlighted
        self._apply_filter(keep=highlighted.model.id if highlighted else None)

    def action_toggle_details(self) -> None:
        self.show_details = not self._details_shown()
        self._layout_details()

    # -- events ----------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._apply_filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_pick()

    def on_model_table_highlighted(self, event: ModelTable.Highlighted) -> None:
        event.stop()
        row = event.row
        details = self.query_one(ModelDetails)
        if row is None:
            details.show(None)
            return
        details.show(
            row.model, mark=row.mark, current=row.model.id == self.current, custom=row.custom
        )

    # -- internals -------------------------------------------------------------------------

    @property
    def _table(self) -> ModelTable:
        return self.query_one(ModelTable)

    def _apply_filter(self, *, keep: str | None = None, cursor: int = 0) -> None:
        query = self.query_one(Input).value
        rows = self._list.rows(query, self.sort)
        if keep is not None:
            cursor = next((i for i, row in enumerate(rows) if row.model.id == keep), cursor)
        table = self._table
        table.empty_text = (
            "no model matches" if query.strip() else "no models listed: type a model id"
        )
        # In the table, which paints anyway: a new border title would repaint it all.
        listed = None if self.fetched_at is None else age_text(self._clock() - self.fetched_at)
        table.status = count_words(rows, len(self._list), query, listed)
        table.set_rows(rows, cursor)
        subtitle = self._keys_text(filtering=bool(query.strip()))
        if self.border_subtitle != subtitle:
            self.border_subtitle = subtitle

    def _describe(self, table: ModelTable, rows: Sequence[ModelRow], query: str) -> None:
        # In the table, which paints anyway: a new border title would repaint it all.
        listed = None if self.fetched_at is None else age_text(self._clock() - self.fetched_at)
        table.status = count_words(rows, len(self._list), query, listed)
        table.empty_text = (
            "no model matches" if query.strip() else "no models listed: type a model id"
        )

    def _show_note(self) -> None:
        note = self.query_one("#picker-note", Static)
        note.update(self.note)
        note.display = bool(self.note)

    def _keys_text(self, *, filtering: bool) -> str:
        # Read from the screen's bindings, so a user's keymap shows its own keys.
        keys: dict[str, str] = {}
        for bindings in own_bindings(self):
            for binding in bindings:
                keys.setdefault(binding.action, self.app.get_key_display(binding))
        sort = "best match" if filtering and self.sort == "name" else self.sort
        return " · ".join(
            f"{keys[action]} {words.format(sort=sort)}"
            for action, words in self.KEY_HINTS
            if action in keys
        )

    def _details_shown(self) -> bool:
        if self.show_details is not None:
            return self.show_details
        return self.app.size.width >= WIDE

    def _layout_details(self) -> None:
        narrow, hidden = self.app.size.width < WIDE, not self._details_shown()
        # set_class costs a style update even when nothing changes; opening must be cheap.
        if narrow != self.has_class("-narrow"):
            self.set_class(narrow, "-narrow")
        if hidden != self.has_class("-no-details"):
            self.set_class(hidden, "-no-details")
