"""The dialogs a chat asks its questions with: confirm, a title, a model."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.controllers.chat_state import Answered
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog, InputDialog, PathSuggester

if TYPE_CHECKING:
    from tui.app import ParleyApp
    from tui.catalog import CatalogSnapshot


class ChatDialogs:
    """Pushes the chat's dialogs over the app; each answer goes to the callback given."""

    def __init__(self, app: ParleyApp) -> None:
        self._app = app

    def confirm(self, question: str, then: Answered, keys: str | None = None) -> None:
        dialog = ConfirmDialog(question) if keys is None else ConfirmDialog(question, keys)
        self._app.push_screen(dialog, then)

    def choose(self, question: str, choices: Sequence[tuple[str, str]], then: Answered) -> None:
        self._app.push_screen(ChoiceDialog(question, choices), then)

    def ask_text(self, title: str, value: str, then: Answered) -> None:
        self._app.push_screen(InputDialog(title, value), then)

    def ask_path(self, title: str, then: Answered) -> None:
        dialog = InputDialog(title, placeholder="~/notes.md", suggester=PathSuggester())
        self._app.push_screen(dialog, then)

    async def pick_model(
        self, snapshot: CatalogSnapshot, current: str, note: str, then: Answered
    ) -> None:
        from tui.screens.picker import ModelPicker  # imported when first opened (start-up time)

        marks = await self._app.store.model_marks()
        picker = ModelPicker(
            snapshot.models,
            current=current,
            favourites=marks.favourites,
            recent=marks.recent,
            fetched_at=snapshot.fetched_at,
            note=note,
        )
        self._app.push_screen(picker, then)

    async def pick_other_model(self, current: str, then: Answered) -> None:
        from tui.screens.model_choice import model_picker

        self._app.push_screen(await model_picker(self._app, current), then)

    def show_models(self, snapshot: CatalogSnapshot, note: str) -> None:
        """A picker open over the chat shows the catalog as refreshed."""
        picker = sys.modules.get("tui.screens.picker")  # not imported: no picker is open
        if picker is None:
            return
        for screen in self._app.screen_stack:
            if isinstance(screen, picker.ModelPicker):
                screen.update_models(snapshot.models, fetched_at=snapshot.fetched_at, note=note)
