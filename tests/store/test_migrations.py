"""The schema: what a fresh database holds, upgrades from every older version, refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.store.old_schemas import upgraded
from tui.store import SchemaTooNewError, Store, StoreError
from tui.store.migrations import LATEST_VERSION, MIGRATIONS, Migration, migrate, user_version


def schema(path: Path) -> dict[str, set[str]]:
    conn = sqlite3.connect(path)
    try:
        found: dict[str, set[str]] = {}
        for kind, name in conn.execute("SELECT type, name FROM sqlite_master"):
            found.setdefault(kind, set()).add(name)
        return found
    finally:
        conn.close()


def pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def old_rows(conn: sqlite3.Connection) -> None:
    """A conversation of a question, its answer and an answer left streaming."""
    conn.execute(
        "INSERT INTO conversations (id, title, kind, model, created_at, updated_at)"
        " VALUES (1, 'Old times', 'chat', 'openai/gpt-4o', 100.0, 200.0)"
    )
    rows = [
        (1, 1, "user", "Tell me about the platypus", "complete", 100.0),
        (2, 2, "assistant", "The platypus lays eggs.", "complete", 150.0),
        (3, 3, "assistant", "An unfinished thought on wombats", "streaming", 200.0),
    ]
    conn.executemany(
        "INSERT INTO messages (id, conversation_id, seq, role, content, status,"
        " created_at, updated_at) VALUES (?, 1, ?, ?, ?, ?, ?, ?)",
        [(*row, row[-1]) for row in rows],
    )


async def test_the_steps_are_numbered_one_by_one_from_one() -> None:
    assert [step.version for step in MIGRATIONS] == list(range(1, LATEST_VERSION + 1))


async def test_a_fresh_database_has_every_table_index_and_trigger(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    await (await Store.open(path)).close()
    found = schema(path)
    assert {"conversations", "messages", "messages_fts", "models_cache"} <= found["table"]
    assert {"messages_fts_insert", "messages_fts_delete", "messages_fts_update"} == found["trigger"]
    assert {"conversations_by_update", "messages_streaming"} <= found["index"]


async def test_a_fresh_database_is_at_the_latest_version_in_wal_mode(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    await (await Store.open(path)).close()
    assert pragma(path, "user_version") == LATEST_VERSION
    assert pragma(path, "journal_mode") == "wal"


async def test_the_search_index_is_fts5_over_message_content(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    await (await Store.open(path)).close()
    conn = sqlite3.connect(path)
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'messages_fts'").fetchone()[0]
    conn.close()
    assert "fts5" in sql.lower()
    assert "content = 'messages'" in sql


async def test_open_creates_missing_parent_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "history.db"
    async with await Store.open(path) as store:
        assert store.path == path
    assert path.exists()


async def test_opening_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    async with await Store.open(path) as store:
        await store.create_conversation("kept")
    async with await Store.open(path) as store:
        assert [c.title for c in await store.list_conversations()] == ["kept"]
    assert pragma(path, "user_version") == LATEST_VERSION


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
async def test_upgrading_from_an_older_version_keeps_the_data(tmp_path: Path, version: int) -> None:
    async with await upgraded(tmp_path, version, old_rows) as store:
        conversation = await store.get_conversation(1)
        messages = await store.messages(1)
    assert pragma(tmp_path / "history.db", "user_version") == LATEST_VERSION
    assert conversation is not None and conversation.title == "Old times"
    assert [m.content for m in messages][:2] == [
        "Tell me about the platypus",
        "The platypus lays eggs.",
    ]


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
async def test_upgrading_from_an_older_version_makes_old_rows_searchable(
    tmp_path: Path, version: int
) -> None:
    async with await upgraded(tmp_path, version, old_rows) as store:
        hits = await store.search("platypus")
    assert sorted(hit.message_id for hit in hits) == [1, 2]


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
async def test_an_upgraded_database_takes_new_writes_everywhere(
    tmp_path: Path, version: int
) -> None:
    async with await upgraded(tmp_path, version, old_rows) as store:
        message = await store.add_message(1, "user", "and the echidna?")
        await store.cache_models([("openai/gpt-4o", "{}")])
        assert message.seq == 4
        assert [hit.message_id for hit in await store.search("echidna")] == [message.id]
        assert [m.id for m in await store.cached_models()] == ["openai/gpt-4o"]


async def test_a_database_from_a_newer_parley_is_refused_and_left_untouched(
    tmp_path: Path,
) -> None:
    path = tmp_path / "history.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError) as caught:
        await Store.open(path)
    assert caught.value.found == LATEST_VERSION + 1
    assert caught.value.supported == LATEST_VERSION
    assert "newer Parley" in str(caught.value)
    assert path.read_bytes() == before
    assert pragma(path, "journal_mode") == "delete"


async def test_a_step_that_fails_leaves_the_previous_version_whole(tmp_path: Path) -> None:
    broken = Migration(LATEST_VERSION + 1, "broken", ("CREATE TABLE half (x)", "NOT SQL AT ALL"))
    conn = sqlite3.connect(tmp_path / "history.db", isolation_level=None)
    migrate(conn)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, steps=(*MIGRATIONS, broken))
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    version = user_version(conn)
    conn.close()
    assert version == LATEST_VERSION
    assert "half" not in tables


async def test_a_file_that_is_not_a_database_gives_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    path.write_bytes(b"this is a text file, not SQLite " * 64)
    with pytest.raises(StoreError, match="history database"):
        await Store.open(path)
