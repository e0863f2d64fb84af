"""The footer: the view's keys, as many as fit, and always help and quit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer

from tui.textual_compat.bindings import FooterKey, bindings_ready

PINNED: tuple[str, ...] = ("app.help", "app.quit")
"""Binding ids shown at any width: the way to every other key, and the way out."""
COMPACT_BELOW = 100
"""Narrower than this (cells), keys sit closer together."""


class KeyFooter(Footer):
    """Textual's footer, fitted to the width: keys that do not fit are left out (help lists
    them all), never help and quit, which are always shown."""

    PINNED: ClassVar[tuple[str, ...]] = PINNED

    def __init__(self) -> None:
        super().__init__()
        self._laid_out_for = 0
        """The terminal width the keys were last fitted to (0: none composed yet)."""

    def compose(self) -> ComposeResult:
        if not bindings_ready(self):
            return
        width = self._laid_out_for = self.app.size.width
        self.compact = width < COMPACT_BELOW
        palette = self._palette_binding()
        shown = self._shown_bindings(exclude=palette)
        pinned = sorted(
            (b for b in shown if b[0].id in self.PINNED), key=lambda b: self.PINNED.index(b[0].id)
        )
        others = [b for b in shown if b[0].id not in self.PINNED]
        budget = width - sum(self._width(b) for b, _ in pinned)
        if palette is not None:
            budget -= self._width(palette[0]) + 2  # its border and padding
        fitted = []
        for binding, enabled in others:
            cost = self._width(binding)
            if cost <= budget:
                fitted.append((binding, enabled))
                budget -= cost
        for binding, enabled in [*fitted, *pinned]:
            yield self._key(binding, enabled)
        if palette is not None:
            binding, enabled = palette
            yield self._key(binding, enabled, classes="-command-palette")

    def on_resize(self, event: events.Resize) -> None:
        # Keys fitted to another width are fitted again. Before the first keys (the screen's
        # bindings not known yet) there is nothing to fit: their arrival composes them, at
        # the width of the moment (a second composition cost ~10 % of the first frame).
        if self._laid_out_for and self.app.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)

    # -- internals -------------------------------------------------------------------------

    def _palette_binding(self) -> tuple[Binding, bool] | None:
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        return (found[1], found[2]) if found is not None else None

    def _shown_bindings(self, exclude: tuple[Binding, bool] | None) -> list[tuple[Binding, bool]]:
        """One binding per action, in the footer's usual order."""
        by_action: dict[str, tuple[Binding, bool]] = {}
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and (exclude is None or binding is not exclude[0]):
                by_action.setdefault(binding.action, (binding, enabled))
        return list(by_action.values())

    def _width(self, binding: Binding) -> int:
        key = cell_len(self.app.get_key_display(binding))
        words = cell_len(binding.description)
        # Compact: "key words" and a margin; otherwise " key " then "words ".
        return key + words + 2 if self.compact else key + words + 3

    def _key(self, binding: Binding, enabled: bool, classes: str = "") -> FooterKey:
        key = FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            disabled=not enabled,
            tooltip=binding.tooltip or binding.description,
            classes=classes,
        )
        # A key starts compact, then takes the footer's value when mounted: two restyles of
        # every key before the first frame. It starts with the footer's value instead.
        key.set_reactive(FooterKey.compact, self.compact)
        return key.data_bind(compact=Footer.compact)


def footer_keys(footer: Footer) -> Iterable[str]:
    """The keys a footer shows now, as displayed (for tests and checks)."""
    return (key.key_display for key in footer.query(FooterKey))
