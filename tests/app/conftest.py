"""Fixtures for the app: an app factory on the simulator, the store and the client."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.store.pinned import ensure_pinned_column
from tui.api.client import OpenAICompatibleClient
from tui.app import ParleyApp
from tui.config import Settings
from tui.store import Store


@pytest.fixture
def build_app(settings: Settings, store: Store, client: OpenAICompatibleClient):
    """``build_app(model=…, conversation_id=…, **settings changes)`` → a ParleyApp."""
    ensure_pinned_column(store)  # the chats browser reads it; a no-op once the schema has it

    def build(conversation_id: int | None = None, **changes) -> ParleyApp:
        return ParleyApp(
            replace(settings, **changes), store, client, conversation_id=conversation_id
        )

    return build
