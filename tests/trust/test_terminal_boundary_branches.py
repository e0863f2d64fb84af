"""Branches reach the terminal through the same neutraliser: hostile sibling text, as bytes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tui.sim.hostile import PAYLOAD
from tui.store import Store

from .terminal import VISIBLE_JSON, VISIBLE_TEXT, run_sink


@pytest.fixture
def hostile_branches(isolated_env: Path) -> None:
    """Conversation 1: a prompt answered twice with the payload; the first answer, not
    chosen, also leads on to a hostile follow-up."""

    async def build() -> None:
        async with await Store.open(isolated_env / "data" / "history.db") as store:
            cid = (await store.create_conversation("branches")).id
            prompt = await store.add_message(cid, "user", "answer twice")
            await store.add_message(
                cid, "assistant", "answer one " + PAYLOAD, model_requested="evil" + PAYLOAD
            )
            await store.add_message(cid, "user", "follow " + PAYLOAD)
            await store.add_message(cid, "assistant", "answer two " + PAYLOAD, parent_id=prompt.id)

    asyncio.run(build())


BRANCH_SINKS = {
    "history show": (("history", "show", "1"), VISIBLE_TEXT),
    "history export --branches all": (
        ("history", "export", "1", "--branches", "all"),
        VISIBLE_TEXT,
    ),
    "history export --branches all --format json": (
        ("history", "export", "1", "--branches", "all", "--format", "json"),
        VISIBLE_JSON,
    ),
    "history search (a hit in another branch)": (("history", "search", "follow"), VISIBLE_TEXT),
}


@pytest.mark.usefixtures("hostile_branches")
@pytest.mark.parametrize("sink", BRANCH_SINKS)
def test_branches_written_to_a_terminal_are_inert_and_visible(sink):
    args, forms = BRANCH_SINKS[sink]
    text = run_sink(*args, forms=forms)
    if "search" in sink:
        assert "another branch" in text
