"""What every command needs: settings, the demo simulator, a client, the store, stderr output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from tui.api.errors import ApiError, ErrorKind
from tui.commands.exits import UsageError
from tui.config import DEMO_MODEL, DEMO_TPS, ConfigError, Settings, load_settings, warn
from tui.store import Store

if TYPE_CHECKING:
    from tui.api.client import OpenAICompatibleClient


def settings_from(args: argparse.Namespace) -> Settings:
    """Settings from every source, flags last; a broken config is a usage error."""
    try:
        settings = load_settings(
            base_url=getattr(args, "base_url", None),
            model=getattr(args, "model", None),
            api_key_env=getattr(args, "api_key_env", None),
        )
    except ConfigError as exc:
        raise UsageError(str(exc)) from exc
    warn(settings.warnings)
    return settings


@contextmanager
def demo_server(settings: Settings, enabled: bool) -> Iterator[Settings]:
    """With ``--demo``, run the built-in simulator for the duration and point settings at it."""
    if not enabled:
        yield settings
        return
    from tui.simulator import Simulator

    with Simulator(demo_tps=DEMO_TPS) as sim:
        model = settings.model if settings.model.startswith("sim/") else DEMO_MODEL
        yield replace(
            settings,
            base_url=sim.base_url,
            api_key=None,
            api_key_source=None,
            auth_hint=None,
            model=model,
            demo=True,
        )


def make_client(settings: Settings) -> OpenAICompatibleClient:
    from tui.api.client import OpenAICompatibleClient

    return OpenAICompatibleClient(
        settings.base_url,
        api_key=settings.api_key,
        site_url=settings.site_url,
        site_name=settings.site_name,
        auth_hint=settings.auth_hint,
    )


async def open_store(settings: Settings) -> Store:
    store = await Store.open(settings.db_path)
    await store.recover_interrupted()
    return store


def missing_key_error() -> ApiError:
    return ApiError(
        ErrorKind.AUTH,
        "no API key is set for OpenRouter",
        hint="Set OPENROUTER_API_KEY (keys are at https://openrouter.ai/settings/keys), "
        "or try `parley --demo` with no key.",
    )


def report_error(error: ApiError) -> None:
    """Two plain lines on stderr: what happened, then what to do."""
    print(f"parley: {error.headline()}", file=sys.stderr)
    print(f"hint: {error.hint}", file=sys.stderr)
