"""Choosing several models at once (a comparison): space adds or removes, enter confirms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Static

from tui.screens.parts import dismiss_once
from tui.screens.picker import ModelPicker


class ModelsPicker(ModelPicker):
    """The model picker, choosing ``low`` to ``high`` models: space adds the highlighted one
    (or removes it), enter confirms. Dismisses with the ids joined by commas (as
    ``--compare`` takes them; ids hold no commas), or None when cancelled."""

    KEY_HINTS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("toggle_choice", "choose"),
        ("pick", "compare"),
        ("cancel", "cancel"),
        ("cycle_sort", "sort: {sort}"),
        ("toggle_details", "details"),
    )
    RESERVED_KEYS: ClassVar[tuple[str, ...]] = ("space",)
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the filter has the focus, and would type the space.
        Binding(
            "space",
            "toggle_choice",
            "Choose or drop the highlighted model",
            priority=True,
            id="picker.choose",
        ),
        Binding("enter", "pick", "Compare the chosen models", id="picker.pick"),
    ]

    def __init__(
        self,
        *args: Any,
        chosen: Sequence[str] = (),
        low: int = 2,
        high: int = 4,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.low, self.high = low, high
        self.chosen: list[str] = list(dict.fromkeys(chosen))[:high]

    def on_mount(self) -> None:
        self.border_title = f"Choose {self.low} to {self.high} models to compare"
        self._show_chosen()

    def action_toggle_choice(self) -> None:
        row = self._table.highlighted
        if row is None:
            return
        model_id = row.model.id
        if model_id in self.chosen:
            self.chosen.remove(model_id)
        elif len(self.chosen) >= self.high:
            self.notify(f"At most {self.high} models: space on a chosen one drops it.", timeout=3)
            return
        else:
            self.chosen.append(model_id)
        self._show_chosen()

    def action_pick(self) -> None:
        if not self.low <= len(self.chosen) <= self.high:
            self.notify(
                f"Choose {self.low} to {self.high} models: space adds the highlighted one.",
                timeout=3,
            )
            return
        dismiss_once(self, ",".join(self.chosen))

    def _show_chosen(self) -> None:
        table = self._table
        table.chosen = frozenset(self.chosen)
        table.refresh()
        note = self.query_one("#picker-note", Static)
        count = len(self.chosen)
        if self.chosen:
            ready = "enter compares" if count >= self.low else f"choose {self.low - count} more"
            note.update(f"✓ {', '.join(self.chosen)}  ({count} of {self.high} · {ready})")
        else:
            note.update(f"space chooses the highlighted model ({self.low} to {self.high})")
        note.display = True

    def _show_note(self) -> None:
        self._show_chosen()  # what is chosen says more here than the list's age
