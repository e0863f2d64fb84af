"""The comparison view's keys: each with a stable id, so a keymap can rebind it by name."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from tui.store.records import MAX_LANES


def _column_key(number: int) -> Binding:
    # ESC+digit, as most terminals send alt+digit, is read as alt+digit too (textual_compat.keys).
    return Binding(
        f"alt+{number}",
        f"go({number - 1})",
        f"Column {number}",
        show=False,
        priority=True,
        id=f"compare.column_{number}",
    )


# Column keys are alt+…: the prompt editor keeps the focus and every ctrl+arrow and ctrl+letter
# it uses. Priority, because a terminal reports alt+x as "x" too, which the editor would type.
COMPARE_BINDINGS: list[BindingType] = [
    Binding("escape", "cancel_or_back", "Cancel all", id="compare.cancel"),
    Binding(
        "alt+x",
        "cancel_column",
        "Cancel column",
        show=False,
        priority=True,
        id="compare.cancel_column",
    ),
    Binding(
        "alt+left", "move(-1)", "Previous column", show=False, priority=True, id="compare.previous"
    ),
    Binding("alt+right", "move(1)", "Next column", priority=True, id="compare.next"),
    *(_column_key(number) for number in range(1, MAX_LANES + 1)),
    Binding("alt+m", "toggle_maximise", "Maximise", priority=True, id="compare.maximise"),
    Binding("alt+w", "pick_winner", "Winner", priority=True, id="compare.winner"),
    Binding("alt+up", "scroll(-3)", "Scroll column up", show=False, priority=True, id="compare.up"),
    Binding(
        "alt+down", "scroll(3)", "Scroll column down", show=False, priority=True, id="compare.down"
    ),
    Binding(
        "alt+pageup", "page(-1)", "Page column up", show=False, priority=True, id="compare.page_up"
    ),
    Binding(
        "alt+pagedown",
        "page(1)",
        "Page column down",
        show=False,
        priority=True,
        id="compare.page_down",
    ),
    Binding("alt+s", "toggle_sync", "Sync scrolling", show=False, priority=True, id="compare.sync"),
    Binding("alt+c", "copy_answer", "Copy answer", show=False, priority=True, id="compare.copy"),
    Binding("alt+a", "add_column", "Add a model", show=False, priority=True, id="compare.add"),
    Binding(
        "alt+d", "remove_column", "Remove the model", show=False, priority=True, id="compare.remove"
    ),
    Binding("alt+o", "swap_model", "Swap the model", show=False, priority=True, id="compare.swap"),
    Binding(
        "alt+t",
        "toggle_thinking",
        "Open or fold all thinking",
        show=False,
        priority=True,
        id="compare.thinking",
    ),
]
