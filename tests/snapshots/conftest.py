"""Snapshot fixtures: the real app on the simulator, with a frozen clock and a fresh store.

pytest-textual-snapshot runs the app in a loop of its own, so the store is opened here in
a short-lived loop (aiosqlite connections are not tied to one) and the HTTP client is made
before any connection exists.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import pytest

from tui.api.client import OpenAICompatibleClient
from tui.app import ParleyApp
from tui.config import Settings
from tui.store import Store

FROZEN = 1_000.0


@pytest.fixture
def snap_store(tmp_path: Path):
    store = asyncio.run(Store.open(tmp_path / "history.db"))
    yield store
    asyncio.run(store.close())


@pytest.fixture
def snap_app(simulator, snap_store: Store, tmp_path: Path):
    """``snap_app(model=…, conversation_id=…, **settings)`` → the app, ready to snapshot."""

    def build(conversation_id: int | None = None, **changes) -> ParleyApp:
        settings = Settings(
            base_url=simulator.base_url,
            model="openai/gpt-4o",
            config_path=tmp_path / "config" / "config.toml",
            db_path=tmp_path / "history.db",
        )
        settings = replace(settings, **changes)
        client = OpenAICompatibleClient(settings.base_url, api_key=settings.api_key)
        return ParleyApp(
            settings, snap_store, client, clock=lambda: FROZEN, conversation_id=conversation_id
        )

    return build
