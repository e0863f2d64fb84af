"""Opening the model picker from anywhere: one model, or several for a comparison."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from tui.api.errors import ApiError
from tui.catalog import ModelCatalog, refresh_failed_note
from tui.screens.picker import ModelPicker
from tui.screens.picker_many import ModelsPicker

if TYPE_CHECKING:
    from textual.widget import Widget

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


def choose_model(
    node: Widget, current: str | None, chosen: Callable[[str], Awaitable[None]], *, group: str
) -> None:
    """Open the picker in a worker of ``node`` (one per ``group``: a new one replaces it);
    ``chosen`` gets the model picked, nothing when cancelled. A failure goes to the app's
    one handler; the worker ends with ``node``."""
    app: ParleyApp = node.app  # type: ignore[assignment]
    # A function, not a coroutine: a picker replaced before it opened is then never begun.
    work = partial(_open_picker, app, current, chosen)
    node.run_worker(work, group=group, exclusive=True, exit_on_error=False)


async def _open_picker(
    app: ParleyApp, current: str | None, chosen: Callable[[str], Awaitable[None]]
) -> None:
    try:
        picker = await model_picker(app, current)
    except Exception as exc:  # told once, where every background failure is told
        app.task_failed("the model picker", exc)
        return

    async def picked(model: str | None) -> None:
        if model:
            await chosen(model)

    await app.push_screen(picker, picked)
