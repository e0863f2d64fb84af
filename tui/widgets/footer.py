"""The footer: the view's keys, as many as fit, and always help and quit.

It draws the keys as Textual's ``Footer`` does, in one line of its own instead of a widget per
key: eleven widgets (and twenty style nodes) less to mount and style on the way to the first
frame (~10 ms of it), and no remounting when the keys change with the focus.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

from tui.textual_compat.style_nodes import StyleNodes

PINNED: tuple[str, ...] = ("app.help", "app.quit")
"""Binding ids shown at any width: the way to every other key, and the way out."""
COMPACT_BELOW = 100
"""Narrower than this (cells), keys sit closer together."""
RULE = "▏"
"""Left of the palette key (Textual's ``vkey`` border)."""


@dataclass(frozen=True)
class FooterKey:
    """One key as shown: where it sits on the line, and what pressing it does."""

    binding: Binding
    key_display: str
    enabled: bool
    start: int
    end: int
    palette: bool = False

    @property
    def tooltip(self) -> str:
        return self.binding.tooltip or self.binding.description


class KeyFooter(Widget, can_focus=False):
    """The keys of the focused view, fitted to the width: keys that do not fit are left out
    (help lists them all), never help and quit, which are always shown; the command
    palette's key on the right."""

    PINNED: ClassVar[tuple[str, ...]] = PINNED
    ALLOW_SELECT = False
    # The looks of Textual's Footer and FooterKey (its component classes): one style node
    # per part, kept by StyleNodes (see tui.textual_compat.style_nodes).
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .-item {
            background: $footer-item-background;
            &.-disabled { text-style: dim; }
            &.-hover {
                color: $footer-key-foreground;
                background: $block-hover-background;
            }
            .-name {
                color: $footer-key-foreground;
                background: $footer-key-background;
                text-style: bold;
            }
            .-words {
                color: $footer-description-foreground;
                background: $footer-description-background;
            }
        }
        .-rule { color: $foreground 20%; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._styles = StyleNodes(self)
        self._keys: list[FooterKey] = []
        self._line: Strip | None = None
        self._laid_out_for = -1
        """The width the keys were last fitted to (-1: none yet)."""
        self._hover: FooterKey | None = None

    # -- what tests and help read --------------------------------------------------------

    @property
    def keys(self) -> list[FooterKey]:
        """The keys shown now, left to right (the palette's last)."""
        if self._laid_out_for != self.size.width:
            self._fit()
        return self._keys

    @property
    def compact(self) -> bool:
        return self.size.width < COMPACT_BELOW

    # -- Textual ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()  # restyled (a theme, a stylesheet): the parts' styles too
        self._line = None

    def on_resize(self, event: events.Resize) -> None:
        self._changed()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def render_line(self, y: int) -> Strip:
        if y:
            return Strip.blank(self.size.width, self._blank())
        if self._line is None or self._laid_out_for != self.size.width:
            self._line = self._draw()
        return self._line

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_over(self._key_at(event.x))

    def on_leave(self, event: events.Leave) -> None:
        self._hover_over(None)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.binding.key)
        else:
            self.app.bell()

    # -- internals -------------------------------------------------------------------------

    def _bindings_changed(self, screen: Screen) -> None:
        # As Textual's footer: while the terminal is unfocused the focus is let go, and the
        # keys that went with it come back when it returns.
        if screen.app.app_focus and screen is self.screen:
            self._changed()

    def _changed(self) -> None:
        self._laid_out_for = -1
        self._line = None
        self.refresh()

    def _hover_over(self, key: FooterKey | None) -> None:
        if key is self._hover:
            return
        self._hover = key
        self.tooltip = key.tooltip if key is not None else None
        self.styles.pointer = "pointer" if key is not None else "default"
        self._line = None
        self.refresh()

    def _key_at(self, x: int) -> FooterKey | None:
        return next((key for key in self.keys if key.start <= x < key.end), None)

    def _fit(self) -> None:
        """Choose the keys that fit the width and where each sits."""
        width = self._laid_out_for = self.size.width
        hovered = self._hover.binding if self._hover is not None else None
        palette = self._palette_binding()
        shown = self._shown_bindings(exclude=palette)
        pinned = sorted(
            (b for b in shown if b[0].id in self.PINNED), key=lambda b: self.PINNED.index(b[0].id)
        )
        others = [b for b in shown if b[0].id not in self.PINNED]
        budget = width - sum(self._width(b) for b, _ in pinned)
        if palette is not None:
            budget -= self._width(palette[0]) + 2  # its rule and padding
        fitted = []
        for binding, enabled in others:
            cost = self._width(binding)
            if cost <= budget:
                fitted.append((binding, enabled))
                budget -= cost
        keys: list[FooterKey] = []
        x = 0
        for binding, enabled in [*fitted, *pinned]:
            cost = self._width(binding)
            keys.append(self._key(binding, enabled, x, x + cost))
            x += cost
        if palette is not None:
            binding, enabled = palette
            cost = self._width(binding) + (1 if self.compact else 2)
            keys.append(self._key(binding, enabled, width - cost, width, palette=True))
        self._keys = keys
        self._hover = next((key for key in keys if key.binding is hovered), None)

    def _key(
        self, binding: Binding, enabled: bool, start: int, end: int, palette: bool = False
    ) -> FooterKey:
        display = self.app.get_key_display(binding)
        return FooterKey(binding, display, enabled, start, end, palette)

    def _draw(self) -> Strip:
        keys = self.keys
        width = self.size.width
        compact = self.compact
        blank = self._blank()
        segments: list[Segment] = []
        x = 0
        for key in keys:
            if key.start > x:
                segments.append(Segment(" " * (key.start - x), blank))
            segments.extend(self._key_segments(key, compact, blank))
            x = key.end
        if x < width:
            segments.append(Segment(" " * (width - x), blank))
        return Strip(segments).crop_extend(0, width, blank)

    def _key_segments(self, key: FooterKey, compact: bool, blank: Style) -> Iterable[Segment]:
        state = "-item" + (" -disabled" if not key.enabled else "")
        state += " -hover" if key is self._hover else ""
        item = self._styles.style(state)
        name = self._styles.style(state, "-name")
        words = self._styles.style(state, "-words")
        description = key.binding.description
        if key.palette:
            # As Textual draws a border: its colour over the footer's background (not the
            # key's: hovered, it changes), on the key's.
            rule = self._styles.style("-rule")
            yield Segment(RULE, Style(color=rule.color, bgcolor=item.bgcolor))
        if not description:
            yield Segment(key.key_display, name)
        elif compact:
            yield Segment(key.key_display, name)
            yield Segment(f" {description}", words)
        else:
            yield Segment(f" {key.key_display} ", name)
            yield Segment(f"{description} ", words)
        if key.palette and not compact:
            yield Segment(" ", Style(bgcolor=item.bgcolor))  # its padding
        elif compact and not key.palette:
            yield Segment(" ", blank)  # the margin between keys

    def _blank(self) -> Style:
        # As Textual fills space: the background alone.
        return Style(bgcolor=self.rich_style.bgcolor)

    def _palette_binding(self) -> tuple[Binding, bool] | None:
        if not self.app.ENABLE_COMMAND_PALETTE:
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
        if not words:
            return key + (1 if self.compact else 0)
        # Compact: "key words" and a margin; otherwise " key " then "words ".
        return key + words + 2 if self.compact else key + words + 3


def footer_keys(footer: KeyFooter) -> Iterable[str]:
    """The keys a footer shows now, as displayed (for tests and checks)."""
    return (key.key_display for key in footer.keys)


__all__ = ["COMPACT_BELOW", "PINNED", "FooterKey", "KeyFooter", "footer_keys"]
