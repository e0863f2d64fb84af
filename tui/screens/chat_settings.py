"""What a chat asks with: the model (picker and catalog) and the request parameters (sidebar)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work

from tui.api.errors import ApiError
from tui.api.types import ModelInfo
from tui.catalog import CatalogSnapshot, ModelCatalog, age_text, refresh_failed_note
from tui.presets import Preset, PresetError, load_presets, presets_path, save_preset
from tui.screens.picker import ModelPicker
from tui.widgets.sidebar import ParamSidebar

if TYPE_CHECKING:
    from tui.screens.chat import ChatScreen

WIDE = 140
"""From this many columns the parameter sidebar shows by default."""


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
        elif not note and snapshot.fetched_at is not None:
            note = f"{len(snapshot.models)} models · list from " + age_text(
                time.time() - snapshot.fetched_at
            )
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
        info = self.model_info()
        supported = info.supported_parameters if info and info.supported_parameters else None
        self.sidebar.set_supported(supported)

    # -- the parameter sidebar -------------------------------------------------------------

    @property
    def sidebar(self: ChatScreen) -> ParamSidebar:
        return self.query_one(ParamSidebar)

    def setup_sidebar(self: ChatScreen) -> None:
        settings = self.app.settings
        self.sidebar.set_values(settings.params, settings.system)
        self.sidebar.set_class(self.app.size.width >= WIDE, "-open")
        self._load_preset_names()

    def action_toggle_sidebar(self: ChatScreen) -> None:
        opening = not self.sidebar.has_class("-open")
        self.sidebar.set_class(opening, "-open")
        if opening:
            self.sidebar.focus()
        else:
            self.prompt.focus()

    def request_parameters(self: ChatScreen) -> tuple[dict[str, Any], str | None, bool]:
        """What the next request sends: parameters, system prompt, and whether it streams."""
        self.sidebar.flush()
        params, system = self.sidebar.values()
        stream = params.pop("stream", True)
        return params, system, stream is not False

    # Handlers by name: @on in a mixin is not collected by Textual's metaclass.
    async def on_param_sidebar_changed(self: ChatScreen, event: ParamSidebar.Changed) -> None:
        await self.save_parameters()

    async def save_parameters(self: ChatScreen) -> None:
        """Keep the sidebar's values with the conversation (all of them, even unsupported)."""
        if self.conversation is None:
            return
        params, system = self.sidebar.values(include_unsupported=True)
        self.conversation = await self.app.store.update_conversation(
            self.conversation.id, params=params, system=system or ""
        )

    def show_conversation_parameters(self: ChatScreen) -> None:
        conversation = self.conversation
        if conversation is None:
            return
        params = conversation.params or self.app.settings.params
        self.sidebar.set_values(params, conversation.system)
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
        self.sidebar.set_presets(list(presets))
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
        self.sidebar.set_values(preset.params, preset.system)
        self.apply_model_support()
        await self.save_parameters()
        self.notify(f"Preset “{event.name}” applied.", timeout=2)
