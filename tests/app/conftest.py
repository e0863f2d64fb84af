"""Fixtures for the app: its settings on the simulator, and an app factory."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tui.api.client import OpenAICompatibleClient
from tui.app import ParleyApp, make_app
from tui.config import Settings
from tui.store import Store


@pytest.fixture
def settings(simulator, tmp_path: Path) -> Settings:
    return Settings(
        base_url=simulator.base_url,
        model="openai/gpt-4o",
        config_path=tmp_path / "config" / "config.toml",
        db_path=tmp_path / "history.db",
    )


@pytest.fixture
def build_app(settings: Settings, store: Store, client: OpenAICompatibleClient):
    """``build_app(model=…, conversation_id=…, **settings changes)`` → a ParleyApp."""

    def build(conversation_id: int | None = None, **changes) -> ParleyApp:
        return make_app(
            replace(settings, **changes), store, client, conversation_id=conversation_id
        )

    return build
