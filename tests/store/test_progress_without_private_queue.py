"""An aiosqlite without the private queue the store uses still saves progress, the long way."""

from __future__ import annotations

import pytest

from tui.store import Store, guard

from .test_streaming import started


async def test_progress_is_saved_through_public_calls_when_the_private_queue_is_gone(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, message_id = await started(store)
    monkeypatch.setattr(guard, "private_queue", lambda conn: None)
    await store.save_progress(message_id, "Once upon", wait=0.5)
    await store.heartbeat(message_id, wait=0.5)
    await store.save_progress(message_id, "Once upon a time", wait=0.5)
    monkeypatch.undo()
    stored = await store.get_message(message_id)
    assert stored is not None and stored.content == "Once upon a time"
    assert stored.status == "streaming"


async def test_this_aiosqlite_has_the_private_queue_the_store_uses(store: Store) -> None:
    assert guard.private_queue(store._db.conn) is not None, (
        "aiosqlite changed: progress saves now take five trips to the database thread; "
        "re-read tui/store/guard.py (private_queue) against it"
    )
