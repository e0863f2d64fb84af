"""Stored conversations with branches, opened with a message selected, for the branch tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from textual.pilot import Pilot

from tui.app import ParleyApp
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


async def three_exchanges(store: Store) -> tuple[int, list[Message]]:
    """A chat of three prompts, each answered once."""
    conversation = await store.create_conversation("Three", model="sim/echo")
    messages = []
    for n in (1, 2, 3):
        messages.append(await store.add_message(conversation.id, "user", f"question {n}"))
        messages.append(
            await store.add_message(
                conversation.id, "assistant", f"answer {n}", model_requested="sim/echo"
            )
        )
    return conversation.id, messages


@asynccontextmanager
async def opened(
    build_app: Callable[..., ParleyApp], conversation_id: int, key: int | None = None
) -> AsyncIterator[tuple[Pilot, ChatScreen]]:
    """Open the app on a stored chat, the cursor on ``key`` when one is given."""
    app = build_app(conversation_id=conversation_id, model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen if key is None else await select(pilot, key)
        assert isinstance(screen, ChatScreen)
        yield pilot, screen


async def select(pilot: Pilot, key: int) -> ChatScreen:
    """Tab to the conversation and put the cursor on ``key``."""
    screen = pilot.app.screen
    assert isinstance(screen, ChatScreen)
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
