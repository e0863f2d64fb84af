"""How a message with versions looks, and stepping to another: reviewed by eye."""

from __future__ import annotations

import asyncio

ANSWERS = ("Red, the colour of ripe tomatoes.", "Blue, like a clear sky.", "Green, as in grass.")


def _three_answers(store) -> int:
    async def make() -> int:
        conversation = await store.create_conversation("Colours", model="sim/echo")
        prompt = await store.add_message(conversation.id, "user", "Name a colour")
        for text in ANSWERS:
            await store.add_message(
                conversation.id,
                "assistant",
                text,
                model_requested="sim/echo",
                parent_id=prompt.id,
            )
        follow = await store.add_message(conversation.id, "user", "Why that one?")
        await store.add_message(
            conversation.id, "assistant", "Grass is everywhere.", parent_id=follow.id
        )
        return conversation.id

    return asyncio.run(make())


def test_stepping_to_an_earlier_version(snap_compare, snap_app, snap_store):
    """You should see "Name a colour", then the sim/echo answer "Blue, like a clear sky." selected
    (tinted), its header reading "sim/echo  ‹ 2/3 ›"; the follow-up about grass that went with
    the third version is gone from the transcript, which ends with the blue answer."""

    async def before(pilot):
        await pilot.press("tab", "up", "up", "up", "left_square_bracket")
        await pilot.pause()

    app = snap_app(conversation_id=_three_answers(snap_store), model="sim/echo")
    assert snap_compare(app, terminal_size=(100, 24), run_before=before)
