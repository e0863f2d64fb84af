"""The model picker's keys, and the words its key line shows for them."""

from __future__ import annotations

from textual.binding import Binding, BindingType

KEY_HINTS = (  # (action, words) in the order the key line shows them
    ("pick", "pick"),
    ("cancel", "cancel"),
    ("toggle_favourite", "★"),
    ("cycle_sort", "sort: {sort}"),
    ("toggle_details", "details"),
)

PICKER_BINDINGS: list[BindingType] = [
    Binding("enter", "pick", "Pick the highlighted model", id="picker.pick"),
    Binding("escape", "cancel", "Close without picking", id="picker.cancel"),
    Binding("down", "move(1)", "Next model", show=False, id="picker.down"),
    Binding("up", "move(-1)", "Previous model", show=False, id="picker.up"),
    Binding("pagedown", "page(1)", "Page down", show=False, id="picker.page_down"),
    Binding("pageup", "page(-1)", "Page up", show=False, id="picker.page_up"),
    Binding("ctrl+home", "first", "First model", show=False, id="picker.first"),
    Binding("ctrl+end", "last", "Last model", show=False, id="picker.last"),
    # Priority: they act while the filter has focus (which would take ctrl+d itself).
    Binding(
        "ctrl+f",
        "toggle_favourite",
        "Star or unstar the model",
        priority=True,
        id="picker.favourite",
    ),
    Binding(
        "ctrl+s", "cycle_sort", "Sort by name, price, context", priority=True, id="picker.sort"
    ),
    Binding("ctrl+d", "toggle_details", "Show or hide details", priority=True, id="picker.details"),
]
