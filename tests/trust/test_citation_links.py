"""An answer's sources are terminal hyperlinks (OSC 8) when they are http(s) URLs, read from
the bytes the app writes: a hostile URL links at most its harmless head, other schemes none."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

from tui.sim.hostile import PAYLOAD
from tui.store import Store, StoredCitation

from .terminal import PtyProcess, assert_inert

GOOD = "https://docs.example/guide?page=2"
LINK = re.compile(r"\x1b\]8;id=[^;\x1b]*;([^\x1b]*)\x1b\\")


def _store_cited_chat(path: Path) -> None:
    async def build() -> None:
        async with await Store.open(path) as store:
            cid = (await store.create_conversation("cited", model="sim/echo")).id
            await store.add_message(cid, "user", "look it up")
            answer = await store.add_message(cid, "assistant", "found", model_requested="sim/echo")
            cited = [
                StoredCitation(GOOD, "Guide"),
                StoredCitation("https://evil.example/" + PAYLOAD, "Evil"),
                StoredCitation("javascript:alert(1)", "Script"),
            ]
            await store.set_citations(answer.id, cited)

    asyncio.run(build())


def test_sources_link_only_their_safe_http_urls(simulator, isolated_env: Path):
    _store_cited_chat(isolated_env / "data" / "history.db")
    app = PtyProcess("--base-url", simulator.base_url, "-c", "1", rows=30, columns=120)
    try:
        app.wait_for("Sources:", timeout=30)
        app.settle()
        app.send(b"\x11")  # ctrl+q
        assert app.finish() == 0
    finally:
        app.close()
    text = assert_inert(app.output)
    targets = set(LINK.findall(text))
    assert GOOD in targets
    assert any(t.startswith("https://evil.example/") for t in targets)  # up to the first control
    for target in targets:
        assert re.fullmatch(r"https?://[!-~]+", target), repr(target)
