"""Schema step 7: files kept once by content, linked from messages; citations with answers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.store.old_schemas import upgraded
from tui.store import NewAttachment, Store, StoredCitation
from tui.store.migrations import LATEST_VERSION

from .test_migrations import old_rows, schema

PNG = NewAttachment("a.png", "image", "png", "image/png", b"\x89PNG\r\n\x1a\nfake")
TXT = NewAttachment("b.txt", "text", "text", "text/plain", b"hello\n")


async def conversation(store: Store) -> tuple[int, int, int]:
    cid = (await store.create_conversation("c")).id
    prompt = (await store.add_message(cid, "user", "look")).id
    answer = (await store.add_message(cid, "assistant", "seen")).id
    return cid, prompt, answer


async def test_a_fresh_database_has_the_attachment_and_citation_tables(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    await (await Store.open(path)).close()
    found = schema(path)
    assert {"blobs", "message_attachments", "citations"} <= found["table"]
    assert "message_attachments_by_blob" in found["index"]


@pytest.mark.parametrize("version", range(1, LATEST_VERSION))
async def test_every_older_version_upgrades_to_hold_files_and_citations(
    tmp_path: Path, version: int
) -> None:
    async with await upgraded(tmp_path, version, old_rows) as store:
        await store.attach(1, [PNG])  # an old prompt gets a file
        await store.set_citations(2, [StoredCitation("https://a.example", "A")])
        assert [a.name for a in (await store.attachments_of([1]))[1]] == ["a.png"]
        assert (await store.citations_of([2]))[2] == [StoredCitation("https://a.example", "A")]
    conn = sqlite3.connect(tmp_path / "history.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST_VERSION
    conn.close()


async def test_the_same_content_is_stored_once_and_linked_twice(store: Store) -> None:
    _, prompt, answer = await conversation(store)
    first = await store.attach(prompt, [PNG, TXT])
    again = await store.attach(
        answer, [NewAttachment("renamed.png", "image", "png", "image/png", PNG.data)]
    )
    assert await store.blob_count() == 2
    assert again[0].sha256 == first[0].sha256
    assert (again[0].name, again[0].size) == ("renamed.png", len(PNG.data))


async def test_files_keep_their_order_and_later_ones_follow(store: Store) -> None:
    _, prompt, _ = await conversation(store)
    await store.attach(prompt, [TXT])
    stored = await store.attach(prompt, [PNG])
    assert [(a.position, a.name) for a in stored] == [(0, "b.txt"), (1, "a.png")]


async def test_citations_replace_the_ones_before(store: Store) -> None:
    _, _, answer = await conversation(store)
    await store.set_citations(answer, [StoredCitation("https://old.example")])
    new = [
        StoredCitation("https://1.example", "One", "x", 0, 4),
        StoredCitation("https://2.example"),
    ]
    await store.set_citations(answer, new)
    assert (await store.citations_of([answer]))[answer] == new


async def test_deleting_a_branch_unlinks_its_files_and_citations(store: Store) -> None:
    _, prompt, answer = await conversation(store)
    await store.attach(prompt, [PNG])
    await store.set_citations(answer, [StoredCitation("https://a.example")])
    await store.delete_branch(prompt)
    assert await store.attachments_of([prompt]) == {}
    assert await store.citations_of([answer]) == {}
    assert await store.prune_blobs() == 1


async def test_undoing_a_delete_brings_files_and_citations_back(store: Store) -> None:
    cid, prompt, answer = await conversation(store)
    await store.attach(prompt, [PNG, TXT])
    await store.set_citations(answer, [StoredCitation("https://a.example", "A")])
    deleted = await store.delete_conversation_for_undo(cid)
    assert deleted is not None
    assert await store.restore_conversation(deleted) == cid
    assert [a.name for a in (await store.attachments_of([prompt]))[prompt]] == ["a.png", "b.txt"]
    assert (await store.citations_of([answer]))[answer][0].title == "A"


async def test_an_undo_under_new_ids_moves_the_links_to_them(store: Store) -> None:
    cid, prompt, _ = await conversation(store)
    await store.attach(prompt, [PNG])
    deleted = await store.delete_conversation_for_undo(cid)
    assert deleted is not None
    taken = await conversation(store)  # takes the old ids
    restored = await store.restore_conversation(deleted)
    assert restored != cid and taken[0] == cid
    path = await store.active_path(restored)
    assert [a.name for a in (await store.attachments_of([path[0].id]))[path[0].id]] == ["a.png"]
    assert await store.attachments_of([taken[1]]) == {}
