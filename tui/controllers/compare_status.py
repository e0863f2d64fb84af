"""The comparison's status line: which columns show, how they stand, and the view's modes."""

from __future__ import annotations

from collections.abc import Sequence

from textual.dom import DOMNode

from tui.controllers.lanes import Lane
from tui.textual_compat.bindings import own_bindings
from tui.widgets.compare_columns import CompareColumns, pager_text


def status_words(
    keys: DOMNode,
    lanes: Sequence[Lane],
    columns: CompareColumns,
    now: float,
    *,
    demo: bool,
    title: str | None,
) -> tuple[str, str]:
    """The status line's two sides: which columns show and how they stand; the view's modes.

    The keys named are read back from ``keys``' bindings, so a user's keymap shows its own.
    """
    moves = key_of(keys, "compare.previous"), key_of(keys, "compare.next")
    pager = pager_text(columns.window, len(lanes), *moves)
    state = " │ ".join(text for text in (pager, summary_text(lanes, now)) if text)
    flags = []
    if columns.maximised:
        flags.append(f"maximised · {key_of(keys, 'compare.maximise')} back")
    if columns.synced:
        flags.append("synced scrolling")
    if demo:
        flags.append("DEMO")
    if title:
        flags.append(title[:30])
    return state, " · ".join(flags)


def summary_text(lanes: Sequence[Lane], now: float) -> str:
    """How the columns stand: how many stream, or how their answers ended."""
    outcomes = [lane.outcome for lane in lanes]
    said = []
    if running := outcomes.count("streaming"):
        progress = next(lane.progress for lane in lanes if lane.running)
        spinner = progress.spinner(now) if progress is not None else ""
        said.append(f"{spinner} {running} of {len(lanes)} streaming".strip())
    said += [f"{n} {word}" for word in ("done", "failed", "stopped") if (n := outcomes.count(word))]
    return " · ".join(said) or f"{len(lanes)} models · ready"


def key_of(node: DOMNode, binding_id: str) -> str:
    """The key ``node`` binds to ``binding_id``, as the app shows keys (else the id)."""
    for bindings in own_bindings(node):
        for binding in bindings:
            if binding.id == binding_id:
                return node.app.get_key_display(binding)
    return binding_id
