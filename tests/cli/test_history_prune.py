"""`history delete` takes the stored files only the deleted chat sent; shared ones stay."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tui.store import Store


def test_delete_prunes_the_files_no_other_chat_sent(parley, isolated_env: Path) -> None:
    own = isolated_env / "own.txt"
    own.write_text("only the first chat sent me")
    shared = isolated_env / "shared.txt"
    shared.write_text("both chats sent me")
    first = parley("ask", "-m", "sim/echo", "One", "-a", str(own), "-a", str(shared))
    second = parley("ask", "-m", "sim/echo", "Two", "-a", str(shared))
    assert first.code == 0 and second.code == 0, first.err + second.err

    assert parley("history", "delete", "1", "--yes").code == 0

    assert asyncio.run(_left(isolated_env / "data" / "history.db")) == [b"both chats sent me"]


async def _left(path: Path) -> list[bytes | None]:
    """The contents the history still keeps: those the second chat's prompt links to."""
    async with await Store.open(path) as store:
        user, _answer = await store.messages(2)
        linked = (await store.attachments_of([user.id]))[user.id]
        assert await store.blob_count() == len(linked)
        return [await store.blob(item.sha256) for item in linked]
