"""Which model a chat asks: the model catalog (cached, refreshed when old) and picking one."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from tui.api.errors import ApiError
from tui.api.params import supported_params
from tui.controllers.chat_state import ChatContext

if TYPE_CHECKING:
    # The catalog and its records are first needed once the first screen is drawn.
    from tui.api.types import ModelInfo
    from tui.catalog import CatalogSnapshot, ModelCatalog


class ChatModels:
    """The catalog of one chat's server, the chosen model and what that model supports."""

    def __init__(
        self,
        ctx: ChatContext,
        *,
        on_support: Callable[[], None],
    ) -> None:
        self._ctx = ctx
        self._on_support = on_support
        self.catalog_snapshot: CatalogSnapshot | None = None
        self.catalog_note = ""
        self.model_infos: dict[str, ModelInfo] = {}
        self._catalog: ModelCatalog | None = None
        self._catalog_client: object = None

    def catalog(self) -> ModelCatalog:
        """One catalog per server: the app switches clients for the demo or a new key."""
        if self._catalog is None or self._catalog_client is not self._ctx.app.client:
            from tui.catalog import ModelCatalog

            self._catalog = ModelCatalog(self._ctx.app.client, self._ctx.app.store)
            self._catalog_client = self._ctx.app.client
        return self._catalog

    def load(self, refresh_if_stale: bool = True) -> None:
        """Read the cached model list (instant), then refresh it in the background if old."""
        # A callable, not a coroutine: an exclusive worker cancelled before it starts then
        # leaves no coroutine never awaited.
        self._ctx.host.run_worker(
            partial(self._load, refresh_if_stale),
            name="load_catalog",
            group="catalog",
            exclusive=True,
            exit_on_error=False,
        )

    async def _load(self, refresh_if_stale: bool) -> None:
        await self._ctx.app.background_client()  # the catalog is the client's
        snapshot = await self.catalog().cached()
        self._use(snapshot)
        if refresh_if_stale and snapshot.stale:
            await self._refresh(snapshot)

    async def _refresh(self, old: CatalogSnapshot) -> None:
        try:
            snapshot = await self.catalog().refresh()
        except ApiError as error:
            from tui.catalog import refresh_failed_note

            self.catalog_note = refresh_failed_note(error, old, time.time())
            self._ctx.dialogs.show_models(old, self.catalog_note)
            return
        self.catalog_note = ""
        self._use(snapshot)
        self._ctx.dialogs.show_models(snapshot, self.catalog_note)

    def _use(self, snapshot: CatalogSnapshot) -> None:
        self.catalog_snapshot = snapshot
        self.model_infos = {model.id: model for model in snapshot.models}
        self._on_support()

    def model_info(self) -> ModelInfo | None:
        return self.model_infos.get(self._ctx.state.model)

    def supported(self) -> frozenset[str] | None:
        """The parameters the chosen model lists (None: it lists none, or is not known)."""
        info = self.model_info()
        return supported_params(info.supported_parameters) if info else None

    async def pick(self) -> None:
        """Open the picker over the catalog; the model chosen is used from the next answer."""
        snapshot = self.catalog_snapshot or await self.catalog().cached()
        note = self.catalog_note
        if not note and snapshot.fetched_at is None:
            note = "Fetching the model list… (type a model id to use one now)"
        # Otherwise the table's own line says how many models and how old the list is.
        await self._ctx.dialogs.pick_model(snapshot, self._ctx.state.model, note, self._picked)
        if snapshot.stale:
            self.load()

    async def _picked(self, model: str | None) -> None:
        if model:
            await self.use(model)
        self._ctx.focus_prompt()

    async def use(self, model: str) -> None:
        """Ask this conversation's next answers of ``model`` (stored with the conversation)."""
        state = self._ctx.state
        state.model = model
        await self._ctx.app.store.mark_model_used(model)
        if state.conversation is not None:
            state.conversation = await self._ctx.app.store.update_conversation(
                state.conversation.id, model=model
            )
        self._on_support()
        self._ctx.refresh_status()
