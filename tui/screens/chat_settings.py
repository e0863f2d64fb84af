"""What a chat asks with: the model (picker and catalog) and the request parameters (sidebar)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from tui.api.errors import ApiError
from tui.api.types import ModelInfo
from tui.catalog import CatalogSnapshot, ModelCatalog, refresh_failed_note
from tui.presets import Preset, PresetError, load_presets, presets_path, save_preset
from tui.screens.picker import ModelPicker
from tui.widgets.sidebar import ParamSidebar

if TYPE_CHECKING:
    from tui.screens.chat import ChatScreen

WIDE = 140
"""From this many columns the parameter sidebar shows by default."""

# Never marked unsupported: they steer OpenRouter, not the model.
_ALWAYS_SENT = frozenset(("models", "provider", "transforms", "stream", "usage"))


def _allowed(name: str, supported: frozenset[str]) -> bool:
    return name in _ALWAYS_SENT or name in supported


class ChatSettings:
    """Mixed into :class:`ChatScreen`: the model, its catalog entry, and the parameters."""

    # -- the catalog ---------------------------------------------------------------------

    def catalog(self: ChatScreen) -> ModelCatalog:
        """One catalog per server: the app switches clients for the demo or a new key."""
        if self._catalog is None or self._catalog_client is not self.app.client:
            self._catalog = ModelCatalog(self.app.client, self.app.store)
            self._catalog_client = self.app.client
        return self._catalog

    @work(group="catalog", exclusive=True, exit_on_error=False)
    async def load_catalog(self: ChatScreen, refresh_if_stale: bool = True) -> None:
        """Read the cached model list (instant), then refresh it in the background if old."""
        await self.app.services_ready.wait()
        snapshot = await self.catalog().cached()
        self._use_catalog(snapshot)
        if refresh_if_stale and snapshot.stale:
            await self._refresh_catalog(snapshot)

    async def _refresh_catalog(self: ChatScreen, old: CatalogSnapshot) -> None:
        try:
            snapshot = await self.catalog().refresh()
        except ApiError as error:
            self.catalog_note = refresh_failed_note(error, old, time.time())
            self._update_open_picker(old)
            return
        self.catalog_note = ""
        self._use_catalog(snapshot)
        self._update_open_picker(snapshot)

    def _use_catalog(self: ChatScreen, snapshot: CatalogSnapshot) -> None:
        self.catalog_snapshot = snapshot
        self.model_infos = {model.id: model for model in snapshot.models}
        self.apply_model_support()

    def _update_open_picker(self: ChatScreen, snapshot: CatalogSnapshot) -> None:
        for screen in self.app.screen_stack:
            if isinstance(screen, ModelPicker):
                screen.update_models(
                    snapshot.models, fetched_at=snapshot.fetched_at, note=self.catalog_note
                )

    def model_info(self: ChatScreen) -> ModelInfo | None:
        return self.model_infos.get(self.model)

    # -- picking a model -------------------------------------------------------------------

    async def action_pick_model(self: ChatScreen) -> None:
        snapshot = self.catalog_snapshot or await self.catalog().cached()
        marks = await self.app.store.model_marks()
        note = self.catalog_note
        if not note and snapshot.fetched_at is None:
            note = "Fetching the model list… (type a model id to use one now)"
        # Otherwise the table's own line says how many models and how old the list is.
        picker = ModelPicker(
            snapshot.models,
            current=self.model,
            favourites=marks.favourites,
            recent=marks.recent,
            fetched_at=snapshot.fetched_at,
            note=note,
        )
        self.app.push_screen(picker, self._model_picked)
        if snapshot.stale:
            self.load_catalog()

    async def _model_picked(self: ChatScreen, model: str | None) -> None:
        if model:
            await self.use_model(model)
        self.prompt.focus()

    async def use_model(self: ChatScreen, model: str) -> None:
        """Ask this conversation's next answers of ``model`` (stored with the conversation)."""
        self.model = model
        await self.app.store.mark_model_used(model)
        if self.conversation is not None:
            self.conversation = await self.app.store.update_conversation(
                self.conversation.id, model=model
            )
        self.apply_model_support()
        self.refresh_status()

    def apply_model_support(self: ChatScreen) -> None:
        """Mark the parameters the chosen model does not list (they are then left out)."""
        if self.sidebar_widget is not None:
            self.sidebar_widget.set_supported(self._supported())

    def _supported(self: ChatScreen) -> frozenset[str] | None:
        info = self.model_info()
        return frozenset(info.supported_parameters) if info and info.supported_parameters else None

    # -- the parameter sidebar -------------------------------------------------------------
    # The sidebar is ~100 widgets: it is mounted after the first paint (wide terminals) or
    # when first opened, and until then the parameters live in ``param_state``.

    @property
    def sidebar_widget(self: ChatScreen) -> ParamSidebar | None:
        found = self.query(ParamSidebar)
        return found.first() if found else None

    @property
    def sidebar(self: ChatScreen) -> ParamSidebar:
        """The mounted sidebar (see :meth:`ensure_sidebar`)."""
        return self.query_one(ParamSidebar)

    def setup_sidebar(self: ChatScreen) -> None:
        settings = self.app.settings
        self.param_state = (dict(settings.params), settings.system)
        if self.app.size.width >= WIDE:
            self.call_after_refresh(self._open_sidebar_later)

    async def _open_sidebar_later(self: ChatScreen) -> None:
        sidebar = await self.ensure_sidebar()
        sidebar.add_class("-open")

    async def ensure_sidebar(self: ChatScreen) -> ParamSidebar:
        """Mount the sidebar (once), showing the current parameters."""
        existing = self.sidebar_widget
        if existing is not None:
            return existing
        sidebar = ParamSidebar(id="params")
        await self.query_one("#chat-body").mount(sidebar)
        params, system = self.param_state
        sidebar.set_values(params, system)
        sidebar.set_supported(self._supported())
        self._load_preset_names()
        return sidebar

    async def action_toggle_sidebar(self: ChatScreen) -> None:
        sidebar = await self.ensure_sidebar()
        opening = not sidebar.has_class("-open")
        sidebar.set_class(opening, "-open")
        if opening:
            sidebar.focus()
        else:
            self.prompt.focus()

    def show_parameters(self: ChatScreen, params: dict[str, Any], system: str | None) -> None:
        self.param_state = (dict(params), system)
        if self.sidebar_widget is not None:
            self.sidebar_widget.set_values(params, system)

    def request_parameters(self: ChatScreen) -> tuple[dict[str, Any], str | None, bool]:
        """What the next request sends: parameters, system prompt, and whether it streams."""
        params, system = self._current_parameters(include_unsupported=False)
        stream = params.pop("stream", True)
        return params, system, stream is not False

    def excluded_parameters(self: ChatScreen) -> list[str]:
        if self.sidebar_widget is not None:
            return self.sidebar_widget.excluded()
        supported = self._supported()
        params = self.param_state[0]
        return [] if supported is None else [n for n in params if not _allowed(n, supported)]

    def _current_parameters(
        self: ChatScreen, *, include_unsupported: bool
    ) -> tuple[dict[str, Any], str | None]:
        sidebar = self.sidebar_widget
        if sidebar is not None:
            sidebar.flush()
            return sidebar.values(include_unsupported=include_unsupported)
        params, system = self.param_state
        supported = self._supported()
        if not include_unsupported and supported is not None:
            params = {n: v for n, v in params.items() if _allowed(n, supported)}
        return dict(params), system

    # Handlers by name: @on in a mixin is not collected by Textual's metaclass.
    async def on_param_sidebar_changed(self: ChatScreen, event: ParamSidebar.Changed) -> None:
        self.param_state = self._current_parameters(include_unsupported=True)
        await self.save_parameters()

    async def save_parameters(self: ChatScreen) -> None:
        """Keep the parameters with the conversation (all of them, even unsupported)."""
        if self.conversation is None:
            return
        params, system = self._current_parameters(include_unsupported=True)
        self.conversation = await self.app.store.update_conversation(
            self.conversation.id, params=params, system=system or ""
        )

    def show_conversation_parameters(self: ChatScreen) -> None:
        conversation = self.conversation
        if conversation is None:
            return
        self.show_parameters(conversation.params or self.app.settings.params, conversation.system)
        self.apply_model_support()

    # -- presets -------------------------------------------------------------------------

    def _presets_file(self: ChatScreen) -> Path:
        return presets_path(self.app.settings.config_path)

    def _load_preset_names(self: ChatScreen) -> dict[str, Preset]:
        try:
            presets = load_presets(self._presets_file())
        except PresetError as exc:
            self.notify(str(exc), severity="error", timeout=8)
            return {}
        if self.sidebar_widget is not None:
            self.sidebar_widget.set_presets(list(presets))
        return presets

    def on_param_sidebar_preset_save_requested(
        self: ChatScreen, event: ParamSidebar.PresetSaveRequested
    ) -> None:
        try:
            save_preset(self._presets_file(), event.name, Preset(event.params, event.system))
        except (PresetError, OSError) as exc:
            self.notify(f"Preset not saved: {exc}", severity="error", timeout=8)
            return
        self.notify(f"Saved preset “{event.name}” in {self._presets_file()}.", timeout=3)
        self._load_preset_names()

    async def on_param_sidebar_preset_chosen(
        self: ChatScreen, event: ParamSidebar.PresetChosen
    ) -> None:
        preset = self._load_preset_names().get(event.name)
        if preset is None:
            self.notify(f"No preset “{event.name}”.", severity="warning")
            return
        self.show_parameters(preset.params, preset.system)
        self.apply_model_support()
        await self.save_parameters()
        self.notify(f"Preset “{event.name}” applied.", timeout=2)
