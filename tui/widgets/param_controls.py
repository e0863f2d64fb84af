"""The sidebar's controls and the rules they share: ranges, nudging, values as shown."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, TextArea

from tui.api.params import PARAMS, ParamSpec, bounds_text, validate_params

__all__ = [
    "Choice",
    "FieldInput",
    "NumberInput",
    "SystemArea",
    "check_value",
    "nudged",
    "range_text",
    "show_value",
    "spec_for",
]

_NUDGE = Binding.Group("Nudge", compact=True)
_CHOOSE = Binding.Group("Choose", compact=True)


def spec_for(path: str) -> ParamSpec | None:
    """The reference's spec of ``temperature`` or of a nested ``reasoning.max_tokens``."""
    top, _, sub = path.partition(".")
    spec = PARAMS.get(top)
    if spec is None or not sub:
        return spec
    return next((field for field in spec.fields if field.name == sub), None)


def check_value(path: str, value: Any) -> Any:
    """``value`` as the reference validates it at ``path``; raises :class:`ParamError`."""
    top, _, sub = path.partition(".")
    cleaned = validate_params({top: {sub: value} if sub else value})
    return cleaned[top][sub] if sub else cleaned[top]


def range_text(spec: ParamSpec) -> str:
    """The allowed range, short enough for a placeholder: ``0..2``, ``≥ 1``, ``any``."""
    return bounds_text(spec, "{lo}..{hi}", "≥ {lo}", "≤ {hi}", "any")


def nudged(spec: ParamSpec, current: float | None, start: float, step: float, steps: int) -> Any:
    """``current`` moved ``steps`` steps (snapped to the step grid), kept in range.

    From unset the first nudge lands on ``start``, the API's default, whatever the direction.
    """
    if current is None:
        value = start
    else:
        grid = current / step
        # Snap first, so 0.73 goes up to 0.8 and down to 0.7 rather than to 0.83 and 0.63.
        base = math.floor(grid + 1e-9) if steps > 0 else math.ceil(grid - 1e-9)
        value = (base + steps) * step
    if spec.minimum is not None:
        value = max(value, spec.minimum)
    if spec.maximum is not None:
        value = min(value, spec.maximum)
    if spec.type == "integer":
        return round(value)
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    return round(value, decimals + 1)


def show_value(value: Any) -> str:
    """A value as the field shows it: numbers as typed in Python, lists comma-separated."""
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value)


def _leave_alt_keys_to_bindings(widget: Widget, event: events.Key) -> None:
    """A terminal sends alt+u with "u" as its character, which an editor would type; send it
    again without one, so it reaches the bindings (the sidebar's unset key) instead."""
    if event.key.startswith("alt+") and event.character is not None:
        event.prevent_default()
        event.stop()
        widget.app.simulate_key(event.key)


class FieldInput(Input):
    """An Input that leaves alt+letter keys to the bindings (e.g. the sidebar's unset key).

    Its field decides ``-invalid``; Input's own validation would clear it on every change.
    """

    def validate(self, value: str) -> None:
        return None

    async def _on_key(self, event: events.Key) -> None:
        _leave_alt_keys_to_bindings(self, event)


class NumberInput(FieldInput):
    """A number field's input: up/down nudge the number (an Input would scroll instead)."""

    class Nudged(Message):
        """Move the number ``steps`` steps (negative: down)."""

        def __init__(self, steps: int) -> None:
            super().__init__()
            self.steps = steps

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "nudge(1)", "Nudge", id="sidebar.nudge_up", group=_NUDGE),
        Binding("down", "nudge(-1)", "Nudge", id="sidebar.nudge_down", group=_NUDGE),
        Binding("shift+up", "nudge(10)", "Nudge ×10", show=False, id="sidebar.nudge_up_more"),
        Binding("shift+down", "nudge(-10)", "Nudge ×10", show=False, id="sidebar.nudge_down_more"),
    ]

    def action_nudge(self, steps: int) -> None:
        self.post_message(self.Nudged(steps))


class SystemArea(TextArea):
    """The system prompt editor; alt+letter keys are left to the bindings here too."""

    async def _on_key(self, event: events.Key) -> None:
        _leave_alt_keys_to_bindings(self, event)


class Choice(Widget, can_focus=True):
    """One line that steps through a few options with the arrow keys; option 0 is unset.

    Lighter than a Select (one widget, no overlay), and one key per change.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right,down,space", "step(1)", "Choose", id="sidebar.choice_next", group=_CHOOSE),
        Binding("left,up", "step(-1)", "Choose", id="sidebar.choice_previous", group=_CHOOSE),
    ]

    class Changed(Message):
        """The user (or :meth:`select`) moved to another option."""

        def __init__(self, choice: Choice) -> None:
            super().__init__()
            self.choice = choice

        @property
        def control(self) -> Choice:
            return self.choice

    def __init__(self, options: Sequence[tuple[str, Any]], *, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.options: list[tuple[str, Any]] = [("unset", None), *options]
        self._index = 0

    @property
    def value(self) -> Any:
        return self.options[self._index][1]

    def select(self, value: Any) -> None:
        """Show ``value`` (``None``: unset), adding it as an option if it is not one; posts
        :class:`Choice.Changed` when that changes what is shown."""
        index = self._index_of(value)
        if index is None:
            self.options.append((show_value(value), value))
            index = len(self.options) - 1
        if index != self._index:
            self._index = index
            self.set_class(index == 0, "-unset")
            self.refresh()
            self.post_message(self.Changed(self))

    def _index_of(self, value: Any) -> int | None:
        for index, (_, option) in enumerate(self.options):
            # By type too: 0 == False and 1 == True, but they are different choices.
            if option is value or (type(option) is type(value) and option == value):
                return index
        return None

    def on_key(self, event: events.Key) -> None:
        # A letter picks the next option starting with it ("h" high, "d" deny …), and is
        # never left to bubble up to a screen's single-letter bindings.
        if not event.is_printable or event.key == "space":
            return
        event.stop()
        event.prevent_default()
        letter = (event.character or "").lower()
        count = len(self.options)
        for offset in range(1, count + 1):
            label, value = self.options[(self._index + offset) % count]
            if label.lower().startswith(letter):
                self.select(value)
                return
        self.app.bell()

    def action_step(self, steps: int) -> None:
        self.select(self.options[(self._index + steps) % len(self.options)][1])

    def on_click(self) -> None:
        self.action_step(1)

    def on_mount(self) -> None:
        self.set_class(self._index == 0, "-unset")

    def render(self) -> Text:
        label = self.options[self._index][0]
        gap = max(1, self.size.width - len(label) - 2)
        return Text.assemble(label, " " * gap, ("◂▸", "dim"))
