"""Opening the model picker from anywhere: one model, or several for a comparison."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.api.errors import ApiError
from tui.catalog import ModelCatalog, refresh_failed_note
from tui.screens.picker import ModelPicker
from tui.screens.picker_many import ModelsPicker

if TYPE_CHECKING:
    from tui.app import ParleyApp


async def model_picker(
    app: ParleyApp, current: str | None, *, many: bool = False, chosen: Sequence[str] = ()
) -> ModelPicker:
    """A picker over the cached model list (fetched first only when none is cached).

    ``many``: a :class:`ModelsPicker` for 2 to 4 models, ``chosen`` already checked.
    """
    await app.services_ready.wait()
    catalog = ModelCatalog(app.client, app.store)
    snapshot = await catalog.cached()
    note = ""
    if not snapshot.models:
        try:
            snapshot = await catalog.refresh()
        except ApiError as exc:
            note = refresh_failed_note(exc, snapshot, time.time())
    marks = await app.store.model_marks()
    fields = {
        "current": current,
        "favourites": marks.favourites,
        "recent": marks.recent,
        "fetched_at": snapshot.fetched_at,
        "note": note,
    }
    if many:
        return ModelsPicker(snapshot.models, chosen=chosen, **fields)  # type: ignore[arg-type]
    return ModelPicker(snapshot.models, **fields)  # type: ignore[arg-type]
