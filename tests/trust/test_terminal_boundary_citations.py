"""Hostile file names and citations reach the terminal through the same neutraliser, as bytes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tui.sim.hostile import PAYLOAD
from tui.store import NewAttachment, Store, StoredCitation

from .terminal import VISIBLE_JSON, VISIBLE_TEXT, run_sink


@pytest.fixture
def hostile_extras(isolated_env: Path) -> None:
    """Conversation 1: a prompt with a hostile file name, an answer citing hostile sources."""

    async def build() -> None:
        async with await Store.open(isolated_env / "data" / "history.db") as store:
            cid = (await store.create_conversation("cited")).id
            prompt = await store.add_message(cid, "user", "look")
            answer = await store.add_message(cid, "assistant", "seen")
            name = "shot" + PAYLOAD + ".png"
            await store.attach(prompt.id, [NewAttachment(name, "image", "png", "image/png", b"x")])
            cited = StoredCitation("https://a.example/" + PAYLOAD, "title " + PAYLOAD, PAYLOAD)
            await store.set_citations(answer.id, [cited])

    asyncio.run(build())


SINKS = {
    "history show": (("history", "show", "1"), VISIBLE_TEXT),
    "history show --json": (("history", "show", "1", "--json"), VISIBLE_JSON),
    "history export --format json": (("history", "export", "1", "--format", "json"), VISIBLE_JSON),
}


@pytest.mark.usefixtures("hostile_extras")
@pytest.mark.parametrize("sink", SINKS)
def test_file_names_and_citations_on_a_terminal_are_inert_and_visible(sink):
    args, forms = SINKS[sink]
    text = run_sink(*args, forms=forms)
    if forms is not VISIBLE_JSON:
        assert "Sources:" in text and "Attached:" in text
