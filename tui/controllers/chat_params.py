"""What a chat asks with: the request parameters, the sidebar that edits them, and presets."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.controllers.chat_state import ChatContext
from tui.widgets.stylesheets import ensure_stylesheet

if TYPE_CHECKING:
    # Imported when the sidebar is first mounted: the first screen does without (start-up).
    from tui.presets import Preset
    from tui.widgets.sidebar import ParamSidebar

WIDE = 140
"""From this many columns the parameter sidebar shows by default."""

# Never marked unsupported: they steer OpenRouter, not the model.
_ALWAYS_SENT = frozenset(("models", "provider", "transforms", "stream", "usage"))

Params = tuple[dict[str, Any], str | None]


def _allowed(name: str, supported: frozenset[str]) -> bool:
    return name in _ALWAYS_SENT or name in supported


class ChatParameters:
    """The parameters of a chat's next request, kept with its conversation.

    The sidebar is ~100 widgets: it is mounted into the host's ``#chat-body`` after the first
    paint (wide terminals) or when first opened; until then the parameters live in
    ``param_state``.
    """

    def __init__(
        self,
        ctx: ChatContext,
        *,
        supported: Callable[[], frozenset[str] | None],
        mounted: Callable[[], None] = lambda: None,
    ) -> None:
        self._ctx = ctx
        self._supported = supported
        self._mounted = mounted  # the sidebar's other panels are given what they show
        self.param_state: Params = ({}, None)
        self._sidebar: ParamSidebar | None = None
        # The sidebar opens itself after the first paint on a wide terminal, and f5 may
        # open it meanwhile: one mounts it, the other waits for it.
        self._mounting = asyncio.Lock()

    @property
    def sidebar_widget(self) -> ParamSidebar | None:
        """The sidebar once mounted and showing the parameters (until then, None)."""
        return self._sidebar

    def setup(self) -> None:
        """Start from the configured parameters; open the sidebar at once on a wide terminal."""
        settings = self._ctx.app.settings
        self.param_state = (dict(settings.params), settings.system)
        if self._ctx.app.size.width >= WIDE:
            self._ctx.host.run_worker(self._open_later(), group="sidebar-open")

    async def _open_later(self) -> None:
        await self._ctx.app.painted.wait()  # ~100 widgets: after the first frame
        sidebar = await self.ensure_sidebar()
        sidebar.add_class("-open")

    async def ensure_sidebar(self) -> ParamSidebar:
        """Mount the sidebar (once), showing the current parameters."""
        async with self._mounting:
            if self._sidebar is not None:
                return self._sidebar
            from tui.widgets.sidebar import ParamSidebar

            ensure_stylesheet(self._ctx.app, ParamSidebar.STYLESHEET)
            sidebar = ParamSidebar(id="params")
            await self._ctx.host.query_one("#chat-body").mount(sidebar)
            params, system = self.param_state  # as they are now, after the wait
            sidebar.set_values(params, system)
            sidebar.set_supported(self._supported())
            self._sidebar = sidebar
            self._load_preset_names()
            self._mounted()
            return sidebar

    async def toggle(self) -> None:
        """Open the sidebar (focused) or close it (back to the prompt)."""
        sidebar = await self.ensure_sidebar()
        opening = not sidebar.has_class("-open")
        sidebar.set_class(opening, "-open")
        if opening:
            sidebar.focus()
        else:
            self._ctx.focus_prompt()

    def apply_model_support(self) -> None:
        """Mark the parameters the chosen model does not list (they are then left out)."""
        if self.sidebar_widget is not None:
            self.sidebar_widget.set_supported(self._supported())

    def show(self, params: dict[str, Any], system: str | None) -> None:
        self.param_state = (dict(params), system)
        if self.sidebar_widget is not None:
            self.sidebar_widget.set_values(params, system)

    def show_conversation(self) -> None:
        """Show the parameters stored with the conversation on screen."""
        conversation = self._ctx.state.conversation
        if conversation is None:
            return
        self.show(conversation.params or self._ctx.app.settings.params, conversation.system)
        self.apply_model_support()

    def request_parameters(self) -> tuple[dict[str, Any], str | None, bool]:
        """What the next request sends: parameters, system prompt, and whether it streams."""
        params, system = self._current(include_unsupported=False)
        stream = params.pop("stream", True)
        return params, system, stream is not False

    def excluded(self) -> list[str]:
        """The parameters set but left out: the chosen model does not list them."""
        if self.sidebar_widget is not None:
            return self.sidebar_widget.excluded()
        supported = self._supported()
        params = self.param_state[0]
        return [] if supported is None else [n for n in params if not _allowed(n, supported)]

    def _current(self, *, include_unsupported: bool) -> Params:
        sidebar = self.sidebar_widget
        if sidebar is not None:
            sidebar.flush()
            return sidebar.values(include_unsupported=include_unsupported)
        params, system = self.param_state
        supported = self._supported()
        if not include_unsupported and supported is not None:
            params = {n: v for n, v in params.items() if _allowed(n, supported)}
        return dict(params), system

    async def changed(self) -> None:
        """The sidebar changed: keep what it shows, and store it with the conversation."""
        self.param_state = self._current(include_unsupported=True)
        await self.save()

    async def save(self) -> None:
        """Keep the parameters with the conversation (all of them, even unsupported)."""
        state = self._ctx.state
        if state.conversation is None:
            return
        params, system = self._current(include_unsupported=True)
        state.conversation = await self._ctx.app.store.update_conversation(
            state.conversation.id, params=params, system=system or ""
        )

    def transforms(self) -> list[str]:
        """The prompt transforms the next request asks for (``middle-out``)."""
        return list(self._current(include_unsupported=True)[0].get("transforms") or [])

    async def add_transform(self, name: str) -> None:
        """Ask for ``name`` among the transforms from now on, kept with the conversation."""
        params, system = self._current(include_unsupported=True)
        if name not in (params.get("transforms") or []):
            params["transforms"] = [*(params.get("transforms") or []), name]
        self.show(params, system)
        await self.save()

    # -- presets -------------------------------------------------------------------------

    def _presets_file(self) -> Path:
        from tui.presets import presets_path

        return presets_path(self._ctx.app.settings.config_path)

    def _load_preset_names(self) -> dict[str, Preset]:
        from tui.presets import PresetError, load_presets

        try:
            presets = load_presets(self._presets_file())
        except PresetError as exc:
            self._ctx.app.notify(str(exc), severity="error", timeout=8)
            return {}
        if self.sidebar_widget is not None:
            self.sidebar_widget.set_presets(list(presets))
        return presets

    def save_preset(self, name: str, params: dict[str, Any], system: str | None) -> None:
        from tui.presets import Preset, PresetError, save_preset

        try:
            save_preset(self._presets_file(), name, Preset(params, system))
        except (PresetError, OSError) as exc:
            self._ctx.app.notify(f"Preset not saved: {exc}", severity="error", timeout=8)
            return
        self._ctx.app.notify(f"Saved preset “{name}” in {self._presets_file()}.", timeout=3)
        self._load_preset_names()

    async def choose_preset(self, name: str) -> None:
        preset = self._load_preset_names().get(name)
        if preset is None:
            self._ctx.app.notify(f"No preset “{name}”.", severity="warning")
            return
        self.show(preset.params, preset.system)
        self.apply_model_support()
        await self.save()
        self._ctx.app.notify(f"Preset “{name}” applied.", timeout=2)
