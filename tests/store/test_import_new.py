"""Importing from other sources: schema step 8, skipping what is already there, whole trees
with their files and citations, and nothing kept when the source fails half-way."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.store.old_schemas import upgraded
from tests.store.test_migrations import old_rows
from tui.store import ImportedConversation, ImportedMessage, NewAttachment, Store, StoredCitation
from tui.store.migrations import LATEST_VERSION


def columns(path: Path, table: str) -> dict[str, tuple[str, int, object]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(f"PRAGMA table_info({table})").fetchall()
    finally:
        conn.close()
    return {row[1]: (row[2], row[3], row[4]) for row in rows}


def chat(*texts: str, key: str | None = None, **fields: object) -> ImportedConversation:
    roles = ["user", "assistant"]
    messages = [ImportedMessage(roles[i % 2], t, 10.0 + i) for i, t in enumerate(texts)]
    return ImportedConversation(messages, source_key=key, **fields)  # type: ignore[arg-type]


async def test_a_fresh_database_has_source_keys_and_pins(tmp_path: Path) -> None:
    await (await Store.open(tmp_path / "history.db")).close()
    found = columns(tmp_path / "history.db", "conversations")
    assert found["source_key"][0] == "TEXT"
    assert found["pinned"] == ("INTEGER", 1, "0")


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
async def test_every_older_version_upgrades_to_unpinned_conversations_without_source(
    tmp_path: Path, version: int
) -> None:
    async with await upgraded(tmp_path, version, old_rows) as store:
        outcome = await store.import_new([chat("q", "a", key="x:1")])
        assert outcome.skipped == 0 and len(outcome.ids) == 1
    conn = sqlite3.connect(tmp_path / "history.db")
    rows = conn.execute("SELECT id, source_key, pinned FROM conversations ORDER BY id").fetchall()
    conn.close()
    assert rows == [(1, None, 0), (outcome.ids[0], "x:1", 0)]


async def test_a_source_key_is_unique_but_many_conversations_have_none(tmp_path: Path) -> None:
    async with await Store.open(tmp_path / "history.db") as store:
        await store.create_conversation("a")
        await store.create_conversation("b")
        await store.import_new([chat("q", key="k")])
    conn = sqlite3.connect(tmp_path / "history.db")
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("UPDATE conversations SET source_key = 'k' WHERE id = 1")
    conn.close()


async def test_importing_the_same_sources_again_skips_them(store: Store) -> None:
    first = await store.import_new([chat("q1", "a1", key="s:1"), chat("q2", key="s:2")])
    again = await store.import_new([chat("q1", "a1", key="s:1"), chat("q3", key="s:3")])
    assert (len(first.ids), first.messages, first.skipped) == (2, 3, 0)
    assert (len(again.ids), again.messages, again.skipped) == (1, 1, 1)
    assert len(await store.list_conversations()) == 3


async def test_a_key_twice_in_one_import_is_kept_once(store: Store) -> None:
    outcome = await store.import_new([chat("q", key="dup"), chat("q", key="dup")])
    assert (len(outcome.ids), outcome.skipped) == (1, 1)


async def test_conversations_without_a_key_are_always_imported(store: Store) -> None:
    await store.import_new([chat("q")])
    outcome = await store.import_new([chat("q")])
    assert (len(outcome.ids), outcome.skipped) == (1, 0)


async def test_a_tree_keeps_its_branches_and_its_chosen_path(store: Store) -> None:
    # q → a1 → q2 ; q → a2 (chosen)
    tree = chat("q", "a1", "q2", "a2", parents=[None, 0, 1, 0], chosen=3)
    [cid] = (await store.import_new([tree])).ids
    path = await store.chosen_path(cid)
    assert [m.content for m in path.messages] == ["q", "a2"]
    assert [b.label for b in path.branching] == ["‹ 1/1 ›", "‹ 2/2 ›"]
    everything = {m.content: m for m in await store.messages(cid)}
    assert everything["q2"].parent_id == everything["a1"].id


async def test_a_tree_without_a_chosen_message_ends_at_its_last(store: Store) -> None:
    tree = chat("q", "a1", "a2", "q3", parents=[None, 0, 0, 1])
    [cid] = (await store.import_new([tree])).ids
    assert [m.content for m in (await store.chosen_path(cid)).messages] == ["q", "a1", "q3"]


async def test_a_parent_after_its_child_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="earlier"):
        await store.import_new([chat("q", "a", parents=[1, None])])
    assert await store.list_conversations() == []


async def test_files_and_citations_come_with_their_messages(store: Store) -> None:
    png = NewAttachment("a.png", "image", "png", "image/png", b"\x89PNG")
    cited = StoredCitation("https://a.example", "A", "quote", 0, 3)
    imported = chat("look", "seen", attachments={0: [png, png]}, citations={1: [cited]})
    [cid] = (await store.import_new([imported])).ids
    prompt, answer = await store.messages(cid)
    files = (await store.attachments_of([prompt.id]))[prompt.id]
    assert [(f.name, f.position, f.size) for f in files] == [("a.png", 0, 4), ("a.png", 1, 4)]
    assert await store.blob(files[0].sha256) == b"\x89PNG"
    assert await store.blob_count() == 1
    assert (await store.citations_of([answer.id]))[answer.id] == [cited]


async def test_conversation_settings_are_kept(store: Store) -> None:
    imported = chat("q", title="Named", model="m/x", system="be brief", params={"top_p": 0.5})
    [cid] = (await store.import_new([imported])).ids
    conversation = await store.get_conversation(cid)
    assert conversation is not None
    assert (conversation.title, conversation.model, conversation.system) == (
        "Named",
        "m/x",
        "be brief",
    )
    assert conversation.params == {"top_p": 0.5}


async def test_a_source_that_fails_half_way_leaves_nothing(store: Store) -> None:
    def source() -> Iterator[ImportedConversation]:
        for n in range(450):  # more than one batch has been written when it fails
            yield chat(f"q{n}", key=f"k{n}")
        raise RuntimeError("record 451 is broken")

    with pytest.raises(RuntimeError, match="451"):
        await store.import_new(source())
    assert await store.list_conversations() == []
    assert await store.search("q1") == []


async def test_conversation_index_pages_through_every_conversation(store: Store) -> None:
    await store.import_new([chat(f"question {n}") for n in range(5)])
    first = await store.conversation_index(limit=3)
    rest = await store.conversation_index(after=first[-1][0], limit=3)
    assert [title for _, title in first + rest] == [f"question {n}" for n in range(5)]
