"""Schema step 6 turns every older database's conversations into single-path trees."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.store.old_schemas import upgraded
from tui.store import Store
from tui.store.migrations import LATEST_VERSION

TREE_STEP = 6


def old_rows(conn: sqlite3.Connection) -> None:
    """A chat and a two-round comparison of two columns."""
    conn.executemany(
        "INSERT INTO conversations (id, title, kind, created_at, updated_at)"
        " VALUES (?, ?, ?, 1.0, 1.0)",
        [(1, "Chat", "chat"), (2, "Match", "compare")],
    )
    rows = [
        # id, conversation, seq, lane, role, content
        (10, 1, 1, None, "user", "q1"),
        (11, 1, 2, None, "assistant", "a1"),
        (12, 1, 3, None, "user", "q2"),
        (13, 1, 4, None, "assistant", "a2"),
        (20, 2, 1, None, "user", "p1"),
        (21, 2, 2, 1, "assistant", "right one"),
        (22, 2, 3, 0, "assistant", "left one"),
        (23, 2, 4, None, "user", "p2"),
        (24, 2, 5, 0, "assistant", "left two"),
        (25, 2, 6, 1, "assistant", "right two"),
    ]
    conn.executemany(
        "INSERT INTO messages (id, conversation_id, seq, lane, role, content,"
        " model_requested, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'm', 1.0, 1.0)",
        rows,
    )


OLDER = range(1, TREE_STEP)


@pytest.mark.parametrize("version", OLDER)
async def test_a_chat_becomes_one_path_each_message_following_the_one_before(tmp_path, version):
    async with await upgraded(tmp_path, version, old_rows) as store:
        chosen = await store.chosen_path(1)
    assert [m.id for m in chosen.messages] == [10, 11, 12, 13]
    assert [m.parent_id for m in chosen.messages] == [None, 10, 11, 12]
    assert all(place.count == 1 for place in chosen.branching)


@pytest.mark.parametrize("version", OLDER)
async def test_a_comparisons_answers_become_siblings_under_their_prompt(tmp_path, version):
    async with await upgraded(tmp_path, version, old_rows) as store:
        first = await store.siblings(22)
        second = await store.siblings(24)
        prompt_two = await store.get_message(23)
        left = await store.lane_path(2, 0)
        right = await store.lane_path(2, 1)
    assert first.ids == (21, 22) and second.ids == (24, 25)
    assert prompt_two is not None and prompt_two.parent_id == 22  # the latest answer before it
    assert [m.content for m in left] == ["p1", "left one", "p2", "left two"]
    assert [m.content for m in right] == ["p1", "right one", "p2", "right two"]


@pytest.mark.parametrize("version", OLDER)
async def test_an_upgraded_chat_goes_on_from_its_last_message(tmp_path, version):
    async with await upgraded(tmp_path, version, old_rows) as store:
        added = await store.add_message(1, "user", "q3")
        again = await store.add_message(1, "assistant", "a2 again", parent_id=12)
        texts = [m.content for m in await store.active_path(1)]
    assert added.parent_id == 13
    assert again.parent_id == 12
    assert texts == ["q1", "a1", "q2", "a2 again"]


async def test_a_fresh_database_has_the_tree_columns_and_index(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    await (await Store.open(path)).close()
    conn = sqlite3.connect(path)
    try:
        columns = {row[1] for row in conn.execute("PRAGMA table_info(messages)")}
        conversation_columns = {row[1] for row in conn.execute("PRAGMA table_info(conversations)")}
        index = [row[2] for row in conn.execute("PRAGMA index_info(messages_by_parent)")]
    finally:
        conn.close()
    assert LATEST_VERSION >= TREE_STEP
    assert {"parent_id", "active_child"} <= columns
    assert "active_root" in conversation_columns
    assert index == ["conversation_id", "parent_id", "id"]


async def test_walking_the_chosen_path_uses_the_parent_index(tmp_path: Path) -> None:
    from tui.store.tree_sql import PATH_WITH_PLACES_SQL

    path = tmp_path / "history.db"
    await (await Store.open(path)).close()
    conn = sqlite3.connect(path)
    try:
        plan = " ".join(
            str(row[3])
            for row in conn.execute(f"EXPLAIN QUERY PLAN {PATH_WITH_PLACES_SQL}", {"cid": 1})
        )
    finally:
        conn.close()
    assert "messages_by_parent" in plan
    assert "SCAN m" not in plan and "SCAN s" not in plan
