"""Stored conversations with branches, and selecting a message, for the branch tests."""

from __future__ import annotations

from tui.screens.chat import ChatScreen
from tui.store import Message, Store
from tui.widgets.transcript import Transcript


async def two_answers(store: Store) -> tuple[int, Message, tuple[Message, Message]]:
    """A chat whose one prompt has two answers; the second is chosen."""
    conversation = await store.create_conversation("Twice", model="sim/echo")
    prompt = await store.add_message(conversation.id, "user", "question")
    first = await store.add_message(
        conversation.id, "assistant", "first answer", model_requested="sim/echo"
    )
    second = await store.add_message(
        conversation.id,
        "assistant",
        "second answer",
        model_requested="sim/echo",
        parent_id=prompt.id,
    )
    return conversation.id, prompt, (first, second)


async def select(pilot, key) -> ChatScreen:
    """Tab to the conversation and put the cursor on ``key``."""
    screen = pilot.app.screen
    transcript = screen.query_one(Transcript)
    transcript.focus()
    await pilot.pause()
    await pilot.press("end")
    for _ in range(len(transcript.message_keys())):
        if transcript.cursor_key == key:
            break
        await pilot.press("up")
    assert transcript.cursor_key == key
    return screen
