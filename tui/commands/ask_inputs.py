"""Whether the chosen model takes the files of ``parley ask``, told before the prompt is sent."""

from __future__ import annotations

import sys

from tui.api.client import OpenAICompatibleClient
from tui.api.content import split_online
from tui.api.errors import ApiError
from tui.api.types import ModelInfo
from tui.attachments import AttachmentError, check_modalities
from tui.catalog import ModelCatalog
from tui.commands.exits import UsageError
from tui.config import Settings
from tui.store import Store
from tui.turn_spec import TurnSpec


async def check_model_inputs(
    client: OpenAICompatibleClient, store: Store | None, settings: Settings, spec: TurnSpec
) -> None:
    """Refuse (a usage error) a file kind the model list says the model does not take; warn
    on stderr when the list does not say. Only the model list is read: no prompt leaves."""
    if settings.demo or not _needs_catalog(spec):
        return  # the demo's simulator takes every kind (and says what it received)
    model = split_online(spec.model)[0]
    info = await _model_info(client, store, settings, model)
    try:
        warnings = check_modalities(
            spec.attachments,
            model,
            info.input_modalities if info else None,
            pdf_engine=spec.pdf_engine,
        )
    except AttachmentError as exc:
        raise UsageError(str(exc)) from exc
    for warning in warnings:
        print(f"parley: warning: {warning}", file=sys.stderr)


def _needs_catalog(spec: TurnSpec) -> bool:
    # Text files are prompt text, and OpenRouter reads a PDF for any model unless the
    # native engine is asked for: only these kinds depend on the model.
    return any(
        a.kind in ("image", "audio") or (a.kind == "pdf" and spec.pdf_engine == "native")
        for a in spec.attachments
    )


async def _model_info(
    client: OpenAICompatibleClient, store: Store | None, settings: Settings, model: str
) -> ModelInfo | None:
    """The model's entry: from the cached list when it has it, else from ``/models``."""
    if store is not None and not settings.demo:
        snapshot = await ModelCatalog(client, store).cached()
        found = next((m for m in snapshot.models if m.id == model), None)
        if found is not None:
            return found
    try:
        models = await client.models()
    except ApiError:
        return None  # a server with no model list: the kind is only warned about
    return next((m for m in models if m.id == model), None)
