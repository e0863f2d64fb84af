"""A history made here, exported with --all and imported into another, comes back whole:
roles, texts, models, statuses, errors, parameters, usage, cost, reasoning, comparison lanes,
branches and the chosen path, files and citations."""

from __future__ import annotations

import asyncio
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tui.store import NewAttachment, Store, StoredCitation

_NOT_KEPT = {"id", "conversation_id", "parent_id", "owner_pid", "owner_host", "heartbeat_at"}


async def build(store: Store) -> None:
    chat = (await store.create_conversation("Everything", model="m/a", system="be kind")).id
    await store.update_conversation(chat, params={"temperature": 0.2})
    prompt = await store.add_message(chat, "user", "explain", params={"top_p": 0.9})
    await store.attach(prompt.id, [NewAttachment("n.txt", "text", "text", "text/plain", b"hi")])
    answer = await store.add_message(
        chat,
        "assistant",
        "partial",
        status="error",
        model_requested="m/a",
        model_answered="m/a-1",
        provider="P",
        error_message="boom",
        error_kind="provider",
        error_status=502,
        prompt_tokens=10,
        completion_tokens=5,
        total_tokens=15,
        reasoning_tokens=2,
        cached_tokens=1,
        cost=0.0012,
        generation_id="gen-1",
        reasoning="thinking…",
        reasoning_details=[{"type": "reasoning.text", "text": "thinking…"}],
        reasoning_ms=120.0,
        ttft_ms=80.0,
        duration_ms=900.0,
        finish_reason="error",
    )
    await store.set_citations(answer.id, [StoredCitation("https://a.example", "A", "q", 1, 4)])
    await store.add_message(chat, "assistant", "again", parent_id=prompt.id, status="cancelled")
    await store.choose(answer.id)
    duel = (await store.create_conversation("Duel", kind="compare")).id
    await store.add_message(duel, "user", "pick one")
    await store.add_message(duel, "assistant", "left", lane=0, model_requested="m/l")
    await store.add_message(duel, "assistant", "right", lane=1, model_requested="m/r")


async def snapshot(store: Store) -> list[dict[str, Any]]:
    """Every conversation as what it holds, without the numbers a store hands out."""
    found = []
    for conversation_id, _ in await store.conversation_index():
        conversation = asdict(await store.get_conversation(conversation_id))
        messages = await store.messages(conversation_id)
        place = {m.id: n for n, m in enumerate(messages)}
        files = await store.attachments_of(place)
        cited = await store.citations_of(place)
        rows = [
            {k: v for k, v in asdict(m).items() if k not in _NOT_KEPT}
            | {
                "parent": place.get(m.parent_id),
                "files": [(f.name, f.sha256) for f in files.get(m.id, [])],
                "cited": cited.get(m.id, []),
            }
            for m in messages
        ]
        chosen = [place[m.id] for m in (await store.chosen_path(conversation_id)).messages]
        conversation.pop("id")
        found.append({"conversation": conversation, "messages": rows, "chosen": chosen})
    return found


def in_store(path: Path, work):
    async def go():
        async with await Store.open(path) as store:
            return await work(store)

    return asyncio.run(go())


def test_export_all_then_import_gives_the_same_history(parley, isolated_env, monkeypatch):
    here = isolated_env / "data" / "history.db"
    in_store(here, build)
    out = isolated_env / "all.jsonl"
    assert parley("history", "export", "--all", "--format", "json", "-o", str(out)).code == 0
    monkeypatch.setenv("PARLEY_DATA_DIR", str(isolated_env / "elsewhere"))
    result = parley("history", "import", str(out))
    assert result.code == 0, result.err
    assert "Imported 2 conversations (6 messages)" in result.out
    before = in_store(here, snapshot)
    after = in_store(isolated_env / "elsewhere" / "history.db", snapshot)
    assert after == before
    assert before[0]["messages"][1]["status"] == "error"  # the snapshot holds what it should
    assert [m["lane"] for m in before[1]["messages"]] == [None, 0, 1]
