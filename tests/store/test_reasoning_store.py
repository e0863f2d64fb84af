"""Reasoning details and reasoning time in the store, on fresh and on upgraded databases."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tui.store import Ending, Store
from tui.store.migrations import LATEST_VERSION, MIGRATIONS, migrate

DETAILS = [
    {"type": "reasoning.text", "text": "Eggs, then milk.", "signature": "sig", "index": 0},
    {"type": "reasoning.encrypted", "data": "b3BhcXVl", "index": 1},
]


def old_database(path: Path, version: int) -> None:
    """A database made by the real steps up to ``version``, with one answered prompt."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        migrate(conn, target=version)
        conn.execute(
            "INSERT INTO conversations (id, title, kind, created_at, updated_at)"
            " VALUES (1, 'Monotremes', 'chat', 1.0, 1.0)"
        )
        conn.executemany(
            "INSERT INTO messages (id, conversation_id, seq, role, content, reasoning, status,"
            " created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, 'complete', 1.0, 1.0)",
            [(1, 1, "user", "Platypus?", None), (2, 2, "assistant", "Lays eggs.", "Recall.")],
        )
    finally:
        conn.close()


def test_the_reasoning_step_only_adds_columns():
    [step] = [m for m in MIGRATIONS if "reasoning details" in m.summary]
    assert all(s.startswith("ALTER TABLE messages ADD COLUMN") for s in step.statements)


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
async def test_older_answers_read_without_details_after_the_upgrade(tmp_path, version):
    path = tmp_path / "history.db"
    old_database(path, version)
    async with await Store.open(path) as store:
        _user, answer = await store.messages(1)
    assert (answer.reasoning, answer.reasoning_details, answer.reasoning_ms) == (
        "Recall.",
        None,
        None,
    )


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
async def test_an_upgraded_database_stores_details_and_reasoning_time(tmp_path, version):
    path = tmp_path / "history.db"
    old_database(path, version)
    async with await Store.open(path) as store:
        message = await store.start_assistant_message(1, "sim/reasoning")
        ending = Ending(
            status="complete",
            content="Yes.",
            reasoning="Eggs, then milk.",
            reasoning_details=DETAILS,
            reasoning_ms=1240.0,
            reasoning_tokens=12,
        )
        await store.finish_message(message.id, ending)
        stored = await store.get_message(message.id)
    assert stored is not None
    assert (stored.reasoning_details, stored.reasoning_ms, stored.reasoning_tokens) == (
        DETAILS,
        1240.0,
        12,
    )


async def test_an_ending_without_details_keeps_those_stored(tmp_path):
    async with await Store.open(tmp_path / "history.db") as store:
        conversation = await store.create_conversation("x")
        message = await store.start_assistant_message(conversation.id, "m")
        await store.finish_message(
            message.id, Ending(status="cancelled", reasoning_details=DETAILS)
        )
        await store.finish_message(message.id, Ending(status="complete", content="done"))
        stored = await store.get_message(message.id)
    assert stored is not None and stored.reasoning_details == DETAILS


async def test_added_and_imported_messages_keep_their_details(tmp_path):
    async with await Store.open(tmp_path / "history.db") as store:
        conversation = await store.create_conversation("x")
        added = await store.add_message(
            conversation.id, "assistant", "hi", reasoning_details=DETAILS, reasoning_ms=5.0
        )
    assert (added.reasoning_details, added.reasoning_ms) == (DETAILS, 5.0)


async def test_unreadable_details_read_as_none(tmp_path):
    path = tmp_path / "history.db"
    old_database(path, LATEST_VERSION)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE messages SET reasoning_details = 'not json' WHERE id = 2")
    conn.commit()
    conn.close()
    async with await Store.open(path) as store:
        assert (await store.messages(1))[1].reasoning_details is None
