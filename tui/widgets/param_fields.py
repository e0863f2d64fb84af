"""The parameter sidebar's fields: one per request parameter, validated as it is typed."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from tui.api.params import ParamError
from tui.widgets.param_controls import (
    Choice,
    FieldInput,
    NumberInput,
    SystemArea,
    check_value,
    nudged,
    range_text,
    show_value,
    spec_for,
)

__all__ = [
    "ChoiceField",
    "ListField",
    "NumberField",
    "ParamField",
    "SystemField",
    "compose_fields",
]


class ParamField(Widget):
    """One parameter: a label, a control and a note (what is wrong, that it is left out, or,
    while the field has focus, its doc and range).

    ``value`` is the applied value: ``None`` is unset. A typed value the reference refuses is
    shown with its error (class ``-invalid``) and not applied: the last valid value stays.
    Fields post :class:`ParamField.Edited` on every user edit, never on :meth:`load`.
    """

    class Edited(Message):
        """The user edited the field (the result may be invalid: see ``field.error``)."""

        def __init__(self, field: ParamField) -> None:
            super().__init__()
            self.field = field

        @property
        def control(self) -> ParamField:
            return self.field

    def __init__(self, path: str, label: str, doc: str, *, hint: str = "") -> None:
        super().__init__(id="param-" + path.replace(".", "-").replace("_", "-"))
        self.add_class("param-field")
        self.path = path
        self.label = label
        self.doc = f"{doc} {hint}".strip()
        self.tooltip = self.doc
        self._value: Any = None
        self._error: str | None = None
        self._unsupported = False
        self._note = ""

    @property
    def param(self) -> str:
        """The top-level request parameter this field sets (``reasoning`` for its fields)."""
        return self.path.partition(".")[0]

    @property
    def value(self) -> Any:
        return self._value

    @property
    def error(self) -> str | None:
        return self._error

    @property
    def note(self) -> str:
        """What the note line says now."""
        return self._note

    def compose(self) -> ComposeResult:
        yield Label(self.label, classes="param-label")
        yield self.make_control()
        yield Static("", classes="param-note", markup=False)

    def make_control(self) -> Widget:
        raise NotImplementedError

    def load(self, value: Any) -> None:
        """Show ``value`` without posting Edited; a bad one is shown, marked and left unset."""
        with self.prevent(Input.Changed, TextArea.Changed, Choice.Changed):
            self.show(value)
        self._value = None
        self._apply()

    def reset(self) -> None:
        """Unset the parameter, as the user asked."""
        self.load(None)
        self.post_message(self.Edited(self))

    def set_unsupported(self, unsupported: bool) -> None:
        self._unsupported = unsupported
        self._refresh_state()

    # -- for subclasses ---------------------------------------------------------------------

    def show(self, value: Any) -> None:
        """Put ``value`` in the control (``None``: empty)."""
        raise NotImplementedError

    def read(self) -> Any:
        """The control's raw value, ``None`` when empty; may raise :class:`ParamError`."""
        raise NotImplementedError

    def validate(self, raw: Any) -> Any:
        return check_value(self.path, raw)

    def edited(self) -> None:
        """The user changed the control: apply what it holds if valid, and say so."""
        self._apply()
        self.post_message(self.Edited(self))

    # -- state -------------------------------------------------------------------------------

    def on_descendant_focus(self) -> None:
        self._refresh_state()

    def on_descendant_blur(self) -> None:
        self._refresh_state()

    def _apply(self) -> None:
        try:
            raw = self.read()
            value = None if raw is None else self.validate(raw)
        except ParamError as exc:
            self._error = str(exc)
        else:
            self._error, self._value = None, value
        self._refresh_state()

    def _refresh_state(self) -> None:
        invalid = self._error is not None
        self.set_class(invalid, "-invalid")
        self.set_class(self._unsupported, "-unsupported")
        self.set_class(self._value is not None, "-set")
        if self.is_mounted:
            self.query_one(".param-control").set_class(invalid, "-invalid")
        if invalid:
            kept = f"still {show_value(self._value)}" if self._value is not None else "left unset"
            note = f"{self._error} — not applied; {kept}"
        elif self._unsupported and self._value is not None:
            note = "not supported by this model — left out"
        elif self.has_focus_within:
            note = self.doc
        else:
            note = ""
        if note != self._note:
            # Only on change: an update re-lays out the whole sidebar, on every keystroke.
            self._note = note
            self.query_one(".param-note", Static).update(note)
            if note and self.has_focus_within:
                # Keep the message being typed into view, not just the control.
                self.call_after_refresh(self.scroll_visible, animate=False)
        self.set_class(bool(note), "-noted")
        self.set_class(invalid or (self._unsupported and self._value is not None), "-warned")


class NumberField(ParamField):
    """A number or integer from the reference, typed or nudged with up/down within its range."""

    def __init__(self, path: str, *, label: str, step: float, start: float) -> None:
        spec = spec_for(path)
        assert spec is not None and spec.type in ("number", "integer"), path
        self.spec = spec
        self.step = step
        self.start = start
        super().__init__(path, label, spec.doc, hint=f"({range_text(spec)}; ↑↓ nudge)")

    def make_control(self) -> Widget:
        placeholder = f"unset · {range_text(self.spec)}"
        return NumberInput(placeholder=placeholder, compact=True, classes="param-control")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def show(self, value: Any) -> None:
        self.input.value = show_value(value)
        self.input.cursor_position = len(self.input.value)

    def read(self) -> Any:
        text = self.input.value.strip()
        if not text:
            return None
        for parse in (int, float):
            try:
                return parse(text)
            except ValueError:
                pass
        return text  # the reference's checker words the error

    def nudge(self, steps: int) -> None:
        """Move the number ``steps`` steps within its range (from unset: to the default)."""
        current = self.read()
        if not isinstance(current, int | float):
            current = self._value
        self.show(nudged(self.spec, current, self.start, self.step, steps))

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.edited()

    @on(NumberInput.Nudged)
    def _nudged(self, event: NumberInput.Nudged) -> None:
        event.stop()
        self.nudge(event.steps)


class ListField(ParamField):
    """A list of ids (fallback models, transforms), typed comma-separated."""

    def __init__(self, path: str, *, label: str, placeholder: str) -> None:
        spec = spec_for(path)
        assert spec is not None and spec.type == "array", path
        super().__init__(path, label, spec.doc, hint="(comma-separated)")
        self.add_class("-wide")
        self.placeholder = placeholder

    def make_control(self) -> Widget:
        return FieldInput(placeholder=self.placeholder, compact=True, classes="param-control")

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    def show(self, value: Any) -> None:
        self.input.value = show_value(value)

    def read(self) -> Any:
        items = [item.strip() for item in self.input.value.split(",")]
        for item in items:
            if any(ch.isspace() for ch in item):
                raise ParamError(f"{self.path} are ids separated by commas; got {item!r}")
        return [item for item in items if item] or None

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.edited()


class ChoiceField(ParamField):
    """One of a few values (effort, sort, on/off …); stepping back to "unset" unsets it."""

    def __init__(
        self, path: str, *, label: str, options: Sequence[tuple[str, Any]], doc: str = ""
    ) -> None:
        spec = spec_for(path)
        hint = "(←→ or a letter to choose)"
        super().__init__(path, label, doc or (spec.doc if spec else ""), hint=hint)
        self.options = list(options)

    def make_control(self) -> Widget:
        return Choice(self.options, classes="param-control")

    @property
    def choice(self) -> Choice:
        return self.query_one(Choice)

    def show(self, value: Any) -> None:
        self.choice.select(value)

    def read(self) -> Any:
        return self.choice.value

    @on(Choice.Changed)
    def _chosen(self, event: Choice.Changed) -> None:
        event.stop()
        self.edited()


class SystemField(ParamField):
    """The system prompt: free text, a few lines tall; blank is unset."""

    def __init__(self) -> None:
        super().__init__("system", "system prompt", "Sent before the conversation's messages.")
        self.add_class("-wide")

    def make_control(self) -> Widget:
        return SystemArea(
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder="unset",
            classes="param-control",
        )

    @property
    def area(self) -> TextArea:
        return self.query_one(TextArea)

    def show(self, value: Any) -> None:
        self.area.load_text(value or "")

    def read(self) -> Any:
        text = self.area.text
        return text if text.strip() else None

    def validate(self, raw: Any) -> Any:
        return raw

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.edited()


# (parameter, nudge step, where nudging from unset starts: the API's default)
_NUMBERS = (
    ("temperature", 0.1, 1.0),
    ("top_p", 0.05, 1.0),
    ("top_k", 1, 0),
    ("max_tokens", 256, 1024),
    ("seed", 1, 0),
    ("frequency_penalty", 0.1, 0.0),
    ("presence_penalty", 0.1, 0.0),
    ("repetition_penalty", 0.05, 1.0),
    ("min_p", 0.01, 0.0),
    ("top_a", 0.01, 0.0),
)
_ON_OFF = (("on", True), ("off", False))


def _routing_fields() -> Iterator[ParamField]:
    yield ChoiceField("stream", label="stream", options=_ON_OFF)
    yield ListField("models", label="fallback models", placeholder="unset · id, id …")
    yield ChoiceField(
        "provider.sort",
        label="provider sort",
        options=[(name, name) for name in ("price", "throughput", "latency")],
    )
    yield ChoiceField(
        "provider.allow_fallbacks",
        label="allow_fallbacks",
        options=_ON_OFF,
        doc="Let other providers serve the request when the preferred ones fail.",
    )
    yield ChoiceField(
        "provider.data_collection",
        label="data_collection",
        options=[("allow", "allow"), ("deny", "deny")],
        doc="deny: only providers that do not store or train on your prompts.",
    )
    yield ListField("transforms", label="transforms", placeholder="unset · e.g. middle-out")


def compose_fields() -> ComposeResult:
    """Every field, in sidebar order, under its section heading."""
    yield SystemField()
    yield Static("Sampling", classes="sidebar-section")
    for name, step, start in _NUMBERS:
        yield NumberField(name, label=name, step=step, start=start)
    yield Static("Reasoning", classes="sidebar-section")
    yield ChoiceField(
        "reasoning.effort",
        label="effort",
        options=[(name, name) for name in ("high", "medium", "low")],
    )
    yield NumberField("reasoning.max_tokens", label="max_tokens", step=256, start=1024)
    yield ChoiceField("reasoning.exclude", label="exclude", options=_ON_OFF)
    yield ChoiceField("reasoning.enabled", label="enabled", options=_ON_OFF)
    yield Static("Routing", classes="sidebar-section")
    yield from _routing_fields()
