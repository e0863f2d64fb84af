"""``parley models``: the model list (cached like the app's), filtered, as a table or JSON."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from dataclasses import asdict

from tui.api.errors import ApiError
from tui.api.types import ModelInfo
from tui.catalog import ModelCatalog, refresh_failed_note
from tui.commands.common import demo_server, make_client, settings_from
from tui.commands.exits import EXIT_OK
from tui.commands.output import print_json, print_table
from tui.config import Settings
from tui.model_list import context_label, modality_label, price_label
from tui.store import Store
from tui.store.errors import StoreError


def run_models(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    refresh = bool(getattr(args, "refresh", False))
    with demo_server(settings, args.demo) as settings:
        try:
            models, note = asyncio.run(_load(settings, refresh=refresh))
        except ApiError as error:
            _report_no_list(error)
            return error.exit_code
    if note:
        print(f"parley: {note}", file=sys.stderr)
    words = [w.casefold() for w in args.query]
    chosen = [m for m in models if all(w in f"{m.id} {m.name}".casefold() for w in words)]
    chosen.sort(key=lambda m: m.id)
    if args.json:
        print_json([asdict(m) for m in chosen])
        return EXIT_OK
    rows = [
        (
            m.id,
            context_label(m.context_length),
            price_label(m.prompt_price),
            price_label(m.completion_price),
            modality_label(m.modality),
        )
        for m in chosen
    ]
    print_table(("model", "context", "$/M in", "$/M out", "modality"), rows, right=(1, 2, 3))
    return EXIT_OK


async def _load(settings: Settings, *, refresh: bool) -> tuple[list[ModelInfo], str]:
    """The models and a note for stderr ("" when the list is fresh)."""
    async with make_client(settings) as client:
        if settings.demo:
            # The demo's list is not the user's server's: leave their cache alone.
            return await client.models(), ""
        try:
            store = await Store.open(settings.db_path)
        except StoreError as error:
            models = await client.models()
            return models, f"the model list was not cached: {error}"
        try:
            return await _cached_or_fetched(ModelCatalog(client, store), refresh=refresh)
        finally:
            await store.close()


async def _cached_or_fetched(
    catalog: ModelCatalog, *, refresh: bool
) -> tuple[list[ModelInfo], str]:
    snapshot = await catalog.cached()
    if snapshot.models and not snapshot.stale and not refresh:
        return list(snapshot.models), ""
    try:
        return list((await catalog.refresh()).models), ""
    except ApiError as error:
        if not snapshot.models:
            raise
        return list(snapshot.models), refresh_failed_note(error, snapshot, time.time())


def _report_no_list(error: ApiError) -> None:
    print(
        f"parley: could not fetch the model list, and none is cached: {error.headline()}",
        file=sys.stderr,
    )
    print(f"hint: {error.hint}", file=sys.stderr)
