"""Snapshot fixtures: the real app on the simulator, with a frozen clock and a fresh store.

pytest-textual-snapshot runs the app in a loop of its own, so the store is opened here in
a short-lived loop (aiosqlite connections are not tied to one) and the HTTP client is made
before any connection exists.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from tests.store.pinned import ensure_pinned_column
from tui.api.client import OpenAICompatibleClient
from tui.app import ParleyApp
from tui.config import Settings
from tui.store import Store

FROZEN = 1_000.0


@pytest.fixture
def snap_store(tmp_path: Path):
    store = asyncio.run(Store.open(tmp_path / "history.db"))
    ensure_pinned_column(store)
    yield store
    asyncio.run(store.close())


@pytest.fixture
def snap_app(settings: Settings, snap_store: Store):
    """``snap_app(model=…, conversation_id=…, **settings)`` → the app, ready to snapshot."""

    def build(conversation_id: int | None = None, **changes) -> ParleyApp:
        changed = replace(settings, **changes)
        client = OpenAICompatibleClient(changed.base_url, api_key=changed.api_key)
        return ParleyApp(
            changed, snap_store, client, clock=lambda: FROZEN, conversation_id=conversation_id
        )

    return build


@pytest.fixture
def snap_exchange(snap_store: Store) -> Callable[..., int]:
    """``snap_exchange(model, prompt, answer, **answer fields)`` → the id of a stored chat of
    one prompt and its answer."""

    def store_one(model: str, prompt: str, answer: str, **fields) -> int:
        async def make() -> int:
            conversation = await snap_store.create_conversation(model=model)
            await snap_store.add_message(conversation.id, "user", prompt)
            await snap_store.add_message(
                conversation.id, "assistant", answer, model_requested=model, **fields
            )
            return conversation.id

        return asyncio.run(make())

    return store_one
