"""Stored files nothing links to go once no undo can bring them back: when a second chat
delete closes the first one's undo, and when the app closes."""

from __future__ import annotations

from tests.app.pilot_helpers import settle
from tui.store import NewAttachment


async def chat_with_file(store, content: bytes) -> int:
    """A stored chat whose prompt sent one text file of ``content``."""
    conversation = await store.create_conversation(model="sim/echo")
    user = await store.add_message(conversation.id, "user", "read this")
    await store.attach(user.id, [NewAttachment("f.txt", "text", "text", "text/plain", content)])
    await store.add_message(conversation.id, "assistant", "done", model_requested="sim/echo")
    return conversation.id


async def test_a_second_delete_prunes_the_first_and_keeps_what_undo_needs(build_app, store):
    first = await chat_with_file(store, b"first")
    second = await chat_with_file(store, b"second")
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot)
        await screen.parts.chats.delete(first)
        assert await store.blob_count() == 2  # the first can still be undone
        await screen.parts.chats.delete(second)
        assert await store.blob_count() == 1  # the first's undo is gone: so is its file
        await screen.parts.chats.undo()
        user, _answer = await store.messages(second)
        (item,) = (await store.attachments_of([user.id]))[user.id]
        assert await store.blob(item.sha256) == b"second"


async def test_closing_the_app_prunes_what_a_pending_undo_held(build_app, store):
    kept = await chat_with_file(store, b"kept")
    gone = await chat_with_file(store, b"gone")
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await settle(pilot)
        await screen.parts.chats.delete(gone)
        await pilot.press("ctrl+q")
    assert await store.blob_count() == 1
    user, _answer = await store.messages(kept)
    (item,) = (await store.attachments_of([user.id]))[user.id]
    assert await store.blob(item.sha256) == b"kept"
