"""Duplicating a conversation: a whole, independent copy of its tree, files and citations."""

from __future__ import annotations

import pytest

from tui.store import NewAttachment, NotFoundError, Store, StoredCitation


async def _branched(store: Store) -> tuple[int, list[int]]:
    chat = await store.create_conversation("Tides", model="m/one")
    await store.update_conversation(chat.id, params={"temperature": 0.2})
    prompt = await store.add_message(chat.id, "user", "why tides?")
    first = await store.add_message(chat.id, "assistant", "the moon", cost=0.5)
    await store.add_message(chat.id, "assistant", "gravity", parent_id=prompt.id)
    await store.choose(first.id)
    follow = await store.add_message(chat.id, "user", "more")
    return chat.id, [prompt.id, first.id, follow.id]


async def test_the_copy_has_the_same_tree_and_chosen_path(store: Store) -> None:
    chat, _ = await _branched(store)

    copy = await store.duplicate_conversation(chat)

    assert copy != chat
    original, copied = await store.get_conversation(chat), await store.get_conversation(copy)
    assert original is not None and copied is not None
    assert copied.title == "Tides (copy)"
    assert (copied.model, copied.params) == ("m/one", {"temperature": 0.2})
    assert [m.content for m in await store.active_path(copy)] == [
        m.content for m in await store.active_path(chat)
    ]
    old, new = await store.messages(chat), await store.messages(copy)
    assert [(m.content, m.cost) for m in new] == [(m.content, m.cost) for m in old]
    index = {o.id: n.id for o, n in zip(old, new, strict=True)}
    assert [m.parent_id for m in new] == [index.get(m.parent_id) for m in old]  # type: ignore[arg-type]
    assert not {m.id for m in new} & {m.id for m in old}


async def test_the_copy_is_independent_of_the_original(store: Store) -> None:
    chat, _ = await _branched(store)
    copy = await store.duplicate_conversation(chat)

    await store.delete_conversation(chat)

    assert [m.content for m in await store.active_path(copy)] == ["why tides?", "the moon", "more"]
    assert {hit.conversation_id for hit in await store.search("tides")} == {copy}


async def test_the_copy_links_the_same_files_and_citations(store: Store) -> None:
    chat, (prompt, answer, _) = await _branched(store)
    await store.attach(prompt, [NewAttachment("a.txt", "file", "txt", "text/plain", b"hi")])
    await store.set_citations(answer, [StoredCitation("https://example.com", "Ex")])

    copy = await store.duplicate_conversation(chat)

    copied = await store.messages(copy)
    files = await store.attachments_of([copied[0].id])
    cites = await store.citations_of([copied[1].id])
    assert [(f.name, f.size) for f in files[copied[0].id]] == [("a.txt", 2)]
    assert cites[copied[1].id] == [StoredCitation("https://example.com", "Ex")]
    assert await store.blob_count() == 1  # the bytes are stored once


async def test_a_copy_is_not_pinned(store: Store) -> None:
    chat, _ = await _branched(store)
    await store.set_pinned(chat, True)
    copy = await store.duplicate_conversation(chat)
    rows = {row.id: row.pinned for row in await store.browse_conversations()}
    assert rows == {chat: True, copy: False}


async def test_a_stream_being_written_is_copied_as_interrupted(store: Store) -> None:
    chat = await store.create_conversation("c")
    await store.add_message(chat.id, "user", "go")
    live = await store.start_assistant_message(chat.id, "m", {})
    await store.save_progress(live.id, "half an answ")

    copy = await store.duplicate_conversation(chat.id)

    copied = (await store.messages(copy))[-1]
    assert (copied.status, copied.content, copied.owner_pid) == (
        "interrupted",
        "half an answ",
        None,
    )
    assert (await store.get_message(live.id)).status == "streaming"  # type: ignore[union-attr]


async def test_duplicating_a_missing_conversation_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        await store.duplicate_conversation(404)
