"""The help screen: every key of the view it was opened from, generated from its bindings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Static

from tui import paths
from tui.screens.parts import dismiss_once
from tui.textual_compat.bindings import bindings_past_modal

HelpGroups = list[tuple[str, list["HelpEntry"]]]

_KEYS_EVERYWHERE = (
    ("enter", "send"),
    ("ctrl+j", "new line"),
    ("escape", "cancel / back"),
    ("ctrl+p", "command palette"),
    ("ctrl+q", "quit"),
)
_NOTE_BREAK = 3
_KEY_WIDTH_MAX = 24  # longer key lists wrap rather than squeeze the descriptions
_WORDS_WIDTH_MAX = 40


@dataclass(frozen=True, slots=True)
class HelpEntry:
    """One line of help: the key(s) as a person types them, what they do, and the action."""

    key: str
    description: str
    action: str
    binding_id: str = ""
    """What ``[keys]`` in config.toml calls the binding, to rebind it."""


def help_entries_for(screen: Screen) -> HelpGroups:
    """Every described binding active on ``screen``, grouped by the node it acts on.

    Groups run from the broadest (the app) to the narrowest (the focused widget). Hidden
    bindings are included: help must be complete, the footer is the place to be brief.
    """
    found: dict[DOMNode, list[Binding]] = {}
    active = screen.active_bindings
    for node, binding, _enabled, _tooltip in active.values():
        found.setdefault(node, []).append(binding)
    for node, binding in _priority_bindings_past_modal(screen, taken=set(active)):
        found.setdefault(node, []).append(binding)
    order = _broad_first(screen)
    groups: HelpGroups = []
    for node in sorted(found, key=lambda node: order.get(node, len(order))):
        entries = help_entries(screen.app, found[node])
        if entries:
            groups.append((_group_title(screen, node), entries))
    return groups


def _priority_bindings_past_modal(screen: Screen, taken: set[str]) -> list[tuple[DOMNode, Binding]]:
    # A modal screen's active_bindings stop at the modal, yet the app's priority bindings
    # (quit, the palette, often help itself) still fire there. Textual has no public view of
    # the whole chain, hence the fenced private one.
    if not screen.is_modal:
        return []
    return [
        (node, binding)
        for node, bindings in bindings_past_modal(screen)
        for key, binding in bindings
        if binding.priority and key not in taken
    ]


def _broad_first(screen: Screen) -> dict[DOMNode, int]:
    focused = screen.focused
    chain = list(focused.ancestors_with_self) if focused is not None else [screen, screen.app]
    return {node: index for index, node in enumerate(reversed(chain))}


def help_entries(app: App[object], bindings: list[Binding]) -> list[HelpEntry]:
    """Help lines for ``bindings``: one per action, its keys as a person types them."""
    # One line per action: "home" and "ctrl+a" both going to the start share a line.
    keys: dict[tuple[str, str], list[str]] = {}
    ids: dict[tuple[str, str], str] = {}
    for binding in bindings:
        if binding.description:
            line = (binding.action, binding.description)
            keys.setdefault(line, []).append(app.get_key_display(binding))
            if binding.id:
                ids.setdefault(line, binding.id)
    return [
        HelpEntry(
            key=", ".join(dict.fromkeys(shown)),
            description=description,
            action=action,
            binding_id=ids.get((action, description), ""),
        )
        for (action, description), shown in keys.items()
    ]


def known_binding_ids() -> set[str]:
    """Every binding id a ``[keys]`` table can name (of every screen and widget loaded)."""
    found: set[str] = set()
    pending: list[type] = [DOMNode]
    while pending:
        node_class = pending.pop()
        pending.extend(node_class.__subclasses__())
        for binding in node_class.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding) and binding.id:
                found.add(binding.id)
    return found


def unknown_binding_ids(keys: dict[str, str]) -> list[str]:
    """The ids in a ``[keys]`` table that no binding has (Textual ignores them silently)."""
    known = known_binding_ids()
    return sorted(binding_id for binding_id in keys if binding_id not in known)


def _group_title(screen: Screen, node: DOMNode) -> str:
    if node.BINDING_GROUP_TITLE:
        return node.BINDING_GROUP_TITLE
    if node is screen.app:
        return "Everywhere"
    if node is screen:
        return "This view"
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", type(node).__name__).lower().capitalize()
    return f"{words} (focused)" if node is screen.focused else words


class HelpTable(Widget):
    """One group's keys and what they do: one widget, since a widget per row is slow to mount."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "help-table--key",
        "help-table--description",
        "help-table--id",
    }

    def __init__(self, entries: list[HelpEntry], key_width: int, words_width: int = 0) -> None:
        super().__init__(classes="help-table")
        self.entries = entries
        self.key_width = key_width
        self.words_width = words_width

    def render(self) -> Table:
        table = Table.grid(padding=(0, 0, 0, 2))
        table.add_column(justify="right", width=self.key_width)
        # The same widths in every group: the ids line up down the whole screen.
        table.add_column(min_width=self.words_width or None)
        table.add_column(no_wrap=True)
        key_style = self.get_component_rich_style("help-table--key")
        description_style = self.get_component_rich_style("help-table--description")
        id_style = self.get_component_rich_style("help-table--id")
        for entry in self.entries:
            table.add_row(
                Text(entry.key, style=key_style),
                Text(entry.description, style=description_style),
                Text(entry.binding_id, style=id_style),
            )
        return table


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every key of one view, grouped by where the keys act."""

    CSS_PATH = paths.styles_dir() / "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "close", "Close help", id="help.close")
    ]

    def __init__(self, bindings: HelpGroups, title: str) -> None:
        super().__init__()
        self.groups = bindings
        self.help_title = title

    def compose(self) -> ComposeResult:
        keys = [entry.key for _, entries in self.groups for entry in entries]
        key_width = min(max(map(cell_len, keys), default=1), _KEY_WIDTH_MAX)
        words = [entry.description for _, entries in self.groups for entry in entries]
        words_width = min(max(map(cell_len, words), default=1), _WORDS_WIDTH_MAX)
        panel = Vertical(id="help-panel")
        panel.border_title = self.help_title
        panel.border_subtitle = "esc close · ↑ ↓ scroll · rebind an id in config.toml \\[keys]"
        with panel, VerticalScroll(id="help-body"):
            yield Static(self._keys_everywhere(), id="help-everywhere")
            for title, entries in self.groups:
                yield Static(title, classes="help-group", markup=False)
                yield HelpTable(entries, key_width, words_width)

    def _keys_everywhere(self) -> Content:
        label = "Keys everywhere:  "
        parts: list[Content | str | tuple[str, str]] = [(label, "italic")]
        for index, (key, description) in enumerate(_KEYS_EVERYWHERE):
            if index == _NOTE_BREAK:
                # Two short lines read better than one that wraps between a key and its words.
                parts.append("\n" + " " * len(label))
            elif index:
                parts.append(" · ")
            parts += [(self.app.get_key_display(Binding(key, "")), "bold"), f" {description}"]
        return Content.assemble(*parts)

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()

    def action_close(self) -> None:
        dismiss_once(self, None)
