"""The parameter sidebar: system prompt, sampling, reasoning and routing controls, and presets."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Select, Static

from tui.api.params import ParamError, supported_params, validate_params
from tui.widgets.key_spend import KeySpend
from tui.widgets.param_fields import ParamField, compose_fields

__all__ = ["ParamSidebar"]

MODEL_INDEPENDENT = frozenset({"models", "provider", "transforms", "stream", "usage"})
"""OpenRouter's own fields: never in a model's ``supported_parameters``, always sent."""


class ParamSidebar(VerticalScroll):
    """Controls for every request parameter; renders what it is given and posts messages up.

    :meth:`set_values` fills the controls, :meth:`values` reads the set, valid and supported
    parameters in API shape, :meth:`set_supported` marks what the chosen model does not take.
    Each valid user change posts :class:`ParamSidebar.Changed` (typing debounced by
    ``debounce`` seconds); the preset row posts :class:`PresetChosen` and
    :class:`PresetSaveRequested`. Styles live in ``styles/sidebar.tcss``.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("alt+u,ctrl+delete", "reset_param", "Unset", id="sidebar.reset"),
    ]

    STYLESHEET: ClassVar[str] = "sidebar"
    """Its ``.tcss`` (not read at start-up): whoever mounts it reads it first."""

    can_focus = False  # the fields take focus; the container is no extra tab stop

    class Changed(Message):
        """The parameters to send changed: ``params`` in API shape, ``system`` or None, and
        the set parameters ``excluded`` because the model does not support them."""

        def __init__(
            self,
            sidebar: ParamSidebar,
            params: dict[str, Any],
            system: str | None,
            excluded: tuple[str, ...],
        ) -> None:
            super().__init__()
            self.sidebar = sidebar
            self.params = params
            self.system = system
            self.excluded = excluded

        @property
        def control(self) -> ParamSidebar:
            return self.sidebar

    class PresetChosen(Message):
        """The user picked the preset ``name``: load it and call :meth:`set_values`."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    class PresetSaveRequested(Message):
        """Save the shown parameters (supported or not) and system prompt as ``name``."""

        def __init__(self, name: str, params: dict[str, Any], system: str | None) -> None:
            super().__init__()
            self.name = name
            self.params = params
            self.system = system

    def __init__(
        self,
        *,
        debounce: float = 0.2,
        presets: Iterable[str] = (),
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.debounce = debounce
        """Seconds of quiet typing before Changed is posted; 0 posts at once."""
        self._presets = list(presets)
        self._supported: frozenset[str] | None = None
        self._extra: dict[str, Any] = {}
        self._dropped: list[str] = []
        self._timer: Timer | None = None
        self._last_sent: tuple[Any, ...] | None = None
        self._field_list: list[ParamField] = []
        self._pending: tuple[dict[str, Any], str | None] | None = None

    def compose(self) -> ComposeResult:
        yield Static("Parameters", classes="sidebar-title")
        yield KeySpend(id="key-spend")  # hidden until the screen hands it the key's spend
        yield Static("", id="param-invalid", classes="param-status", markup=False)
        yield Static("", id="param-notes", classes="param-status", markup=False)
        yield Select(
            [(name, name) for name in self._presets],
            prompt=preset_prompt(self._presets),
            compact=True,
            id="preset-select",
        )
        yield Input(placeholder="save as… (name, enter)", compact=True, id="preset-name")
        yield from compose_fields()

    def on_mount(self) -> None:
        if self.app.is_headless:
            # Tests and screenshots: a blinking cursor would make them differ run to run.
            for control in self.query("Input, TextArea"):
                control.cursor_blink = False  # type: ignore[attr-defined]
        if self._pending is not None:
            self.set_values(*self._pending)
            self._pending = None
        self._last_sent = self._snapshot()

    # -- what the screen calls ---------------------------------------------------------------

    def set_values(self, params: Mapping[str, Any], system: str | None) -> None:
        """Show ``params`` (API shape) and ``system``; posts nothing.

        Parameters without a control here (``logit_bias``, ``user``, provider ``order`` …)
        are kept and sent as they are, and named under the title.
        """
        self._cancel_pending()
        if not self._fields():
            self._pending = (dict(params), system)  # not composed yet: on_mount fills them
            return
        rest = dict(params)
        nested = {key: rest.pop(key, None) for key in ("reasoning", "provider")}
        for field in self._fields():
            top, _, sub = field.path.partition(".")
            if field.path == "system":
                field.load(system)
            elif sub:
                table = nested.get(top)
                field.load(table.get(sub) if isinstance(table, Mapping) else None)
            else:
                field.load(rest.pop(top, None))
        self._keep_extras(rest, nested)
        self._last_sent = self._snapshot()
        self._refresh_status()

    def values(self, *, include_unsupported: bool = False) -> tuple[dict[str, Any], str | None]:
        """The set and valid parameters in API shape, and the system prompt (None: unset).

        Parameters the model does not support are left out unless ``include_unsupported``.
        """
        params: dict[str, Any] = {}
        for name, value in self._extra.items():
            if include_unsupported or self._is_supported(name):
                params[name] = copy.deepcopy(value)
        system: str | None = None
        for field in self._fields():
            if field.path == "system":
                system = field.value
            elif field.value is not None and (include_unsupported or self._supports(field)):
                top, _, sub = field.path.partition(".")
                value = copy.deepcopy(field.value)  # lists: the caller may keep and change them
                if sub:
                    params.setdefault(top, {})[sub] = value
                else:
                    params[top] = value
        return params, system

    def set_supported(self, supported: Iterable[str] | None) -> None:
        """Mark parameters the model does not list; ``None`` (or empty) is unknown: none marked.

        Posts nothing: the caller knows the model changed and can read :meth:`values`.
        """
        self._supported = supported_params(supported)
        for field in self._fields():
            field.set_unsupported(not self._supports(field))
        self._last_sent = self._snapshot()
        self._refresh_status()

    def excluded(self) -> list[str]:
        """The set parameters left out because the model does not support them."""
        names = [name for name in self._extra if not self._is_supported(name)]
        for field in self._fields():
            if field.value is not None and not self._supports(field) and field.param not in names:
                names.append(field.param)
        return names

    def set_presets(self, names: Iterable[str]) -> None:
        """Offer these preset names in the preset row."""
        self._presets = list(names)
        select = self.query_one("#preset-select", Select)
        select.prompt = preset_prompt(self._presets)
        with self.prevent(Select.Changed):
            select.set_options([(name, name) for name in self._presets])

    def flush(self) -> None:
        """Post a change still waiting for typing to stop, now (e.g. before sending)."""
        if self._timer is not None:
            self._cancel_pending()
            self._post_changed()

    def field(self, path: str) -> ParamField:
        """The field for ``temperature``, ``reasoning.effort``, ``system`` …"""
        return self.query_one("#param-" + path.replace(".", "-").replace("_", "-"), ParamField)

    # -- keys --------------------------------------------------------------------------------

    def action_reset_param(self) -> None:
        """Unset the parameter whose control has focus."""
        node: Widget | None = self.app.focused
        while node is not None and node is not self and not isinstance(node, ParamField):
            node = node.parent if isinstance(node.parent, Widget) else None
        if isinstance(node, ParamField):
            node.reset()
        else:
            self.app.bell()

    # -- messages from the fields ------------------------------------------------------------

    @on(ParamField.Edited)
    def _field_edited(self, event: ParamField.Edited) -> None:
        event.stop()
        self._refresh_status()
        if self.debounce <= 0:
            self._post_changed()
        else:
            self._cancel_pending()
            self._timer = self.set_timer(self.debounce, self._post_changed)

    @on(Select.Changed, "#preset-select")
    def _preset_chosen(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is Select.NULL:
            return
        self.post_message(self.PresetChosen(str(event.value)))
        # Back to the prompt, so the same preset can be chosen again after edits.
        with self.prevent(Select.Changed):
            event.select.clear()

    @on(Input.Submitted, "#preset-name")
    def _preset_named(self, event: Input.Submitted) -> None:
        event.stop()
        name = event.value.strip()
        if not name:
            self.app.bell()
            return
        params, system = self.values(include_unsupported=True)
        self.post_message(self.PresetSaveRequested(name, params, system))
        event.input.clear()

    @on(Input.Changed, "#preset-name")
    def _preset_typed(self, event: Input.Changed) -> None:
        event.stop()

    # -- helpers -----------------------------------------------------------------------------

    def _fields(self, top: str | None = None) -> list[ParamField]:
        if not self._field_list:
            # Composed once and never changed: queried on every keystroke, so kept.
            self._field_list = list(self.query(ParamField))
        fields = self._field_list
        return fields if top is None else [field for field in fields if field.param == top]

    def _is_supported(self, name: str) -> bool:
        return self._supported is None or name in MODEL_INDEPENDENT or name in self._supported

    def _supports(self, field: ParamField) -> bool:
        return field.path == "system" or self._is_supported(field.param)

    def _keep_extras(self, rest: dict[str, Any], nested: dict[str, Any]) -> None:
        """Keep parameters without a control if valid (provider ``order`` and its like too);
        name what cannot be kept."""
        self._extra, self._dropped = {}, []
        for top, table in nested.items():
            known = {field.path.partition(".")[2] for field in self._fields(top)}
            if table is not None and not isinstance(table, Mapping):
                self._dropped.append(top)
            elif table:
                others = {key: value for key, value in table.items() if key not in known}
                if top == "provider" and others:
                    rest["provider"] = others
                else:
                    self._dropped += [f"{top}.{key}" for key in others]
        for name, value in rest.items():
            if value is None:
                continue
            try:
                self._extra[name] = validate_params({name: value})[name]
            except ParamError:
                self._dropped.append(name)

    def _snapshot(self) -> tuple[Any, ...]:
        params, system = self.values()
        return params, system, tuple(self.excluded())

    def _post_changed(self) -> None:
        self._timer = None
        snapshot = self._snapshot()
        if snapshot == self._last_sent:
            return
        self._last_sent = snapshot
        params, system, excluded = snapshot
        self.post_message(self.Changed(self, params, system, excluded))

    def _cancel_pending(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _refresh_status(self) -> None:
        invalid = [field.path for field in self._fields() if field.error is not None]
        warning = f"⚠ not applied (invalid): {', '.join(invalid)}" if invalid else ""
        notes = []
        excluded = self.excluded()
        if excluded:
            notes.append(f"left out, not supported by this model: {', '.join(excluded)}")
        if self._dropped:
            notes.append(f"ignored (invalid): {', '.join(self._dropped)}")
        sent = [
            f"{name}.{key}" if name == "provider" else name
            for name, value in self._extra.items()
            if name not in excluded
            for key in (value if name == "provider" else [name])
        ]
        if sent:
            notes.append(f"also sent: {', '.join(sent)}")
        for selector, text in (("#param-invalid", warning), ("#param-notes", "\n".join(notes))):
            status = self.query_one(selector, Static)
            if str(status.content) != text:
                status.update(text)
                status.set_class(bool(text), "-shown")


def preset_prompt(names: list[str]) -> str:
    """What the preset row says: pick one, or how to make the first."""
    return "load preset…" if names else "no presets · save one below"
