"""A comparison is one prompt with sibling answers: reopened as columns, won as a chat."""

from __future__ import annotations

import pytest

from tests.app.message_trees import select
from tests.app.pilot_helpers import chat_requests, settle, wait_until
from tests.app.pilot_helpers import send as send_chat
from tests.app.test_compare import open_compare
from tests.app.turn_checks import burst
from tui.screens.chat import ChatScreen
from tui.store import Store
from tui.widgets.transcript import Transcript


async def two_rounds(store: Store) -> tuple[int, list]:
    """A stored comparison of two columns (lanes 0 and 1) over two prompts."""
    comparison = await store.create_conversation(kind="compare", model="sim/echo")
    cid, kept = comparison.id, []
    for n in (1, 2):
        kept.append(await store.add_message(cid, "user", f"prompt {n}"))
        for lane in (0, 1):
            kept.append(
                await store.add_message(
                    cid, "assistant", f"lane {lane} says {n}", lane=lane, model_requested="sim/echo"
                )
            )
    return cid, kept


def texts(transcript: Transcript) -> list[str]:
    return [transcript.message_text(key) for key in transcript.message_keys()]


async def test_a_reopened_comparison_shows_what_each_column_saw(build_app, store):
    cid, _ = await two_rounds(store)
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_compare(pilot, conversation_id=cid)
        assert [lane.lane for lane in screen.lanes] == [0, 1]
        for lane in screen.lanes:
            n = lane.lane
            assert texts(lane.column.transcript) == [
                "prompt 1",
                f"lane {n} says 1",
                "prompt 2",
                f"lane {n} says 2",
            ]


async def test_the_winner_is_chosen_and_the_chat_goes_on_from_it(build_app, store, simulator):
    cid, kept = await two_rounds(store)
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot, conversation_id=cid)
        await pilot.press("alt+1", "alt+w")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen))
        chat = app.screen
        await wait_until(pilot, lambda: chat.conversation is not None)
        assert chat.conversation.id == cid and chat.conversation.kind == "chat"
        transcript = chat.query_one(Transcript)
        assert texts(transcript) == ["prompt 1", "lane 0 says 1", "prompt 2", "lane 0 says 2"]
        last = transcript.message_keys()[-1]
        assert "‹ 1/2 ›" in transcript.message_lines(last)[0].text  # the other column's beside
        assert len(await store.messages(cid)) == len(kept)  # nothing copied, nothing deleted
        await send_chat(pilot, "go on")
        await settle(pilot)
        sent = chat_requests(simulator)[-1].body["messages"]
        assert [m["content"] for m in sent] == [
            "prompt 1",
            "lane 0 says 1",
            "prompt 2",
            "lane 0 says 2",
            "go on",
        ]
        # The other column's answer is a version to step to.
        await select(pilot, last)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert texts(transcript)[-1] == "lane 1 says 2"


@pytest.mark.parametrize("keys", [("escape", "escape"), ("alt+w", "escape"), ("escape", "alt+w")])
async def test_two_keys_that_end_a_comparison_leave_the_chat_under_it(build_app, store, keys):
    # A dismiss pops whatever screen is on top: the second key must not take the chat too.
    cid, _ = await two_rounds(store)
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_compare(pilot, conversation_id=cid)
        chat = app.screen_stack[1]
        burst(pilot, *keys)  # together, as a fast typist's terminal sends them
        await wait_until(pilot, lambda: app.screen is chat)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        assert app.screen is chat and isinstance(chat, ChatScreen)
