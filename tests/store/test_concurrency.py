"""Several Parley processes sharing one history file: none fails, nothing is damaged."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from tui.store import Store

from . import python

WRITERS = 6
CONVERSATIONS_EACH = 15

# Each writer opens the brand-new file only when told to, so all of them race to create
# and migrate it, then write turns as fast as they can.
_WRITER = """
import asyncio, sys
from tui.store import Ending, Store

async def main(path, worker, count):
    print("ready", flush=True)
    sys.stdin.readline()
    async with await Store.open(path) as store:
        for index in range(count):
            conversation = await store.create_conversation(model="m")
            await store.add_message(conversation.id, "user", f"writer{worker} question {index}")
            answer = await store.start_assistant_message(conversation.id, "m", {})
            await store.save_progress(answer.id, "partial")
            await store.finish_message(
                answer.id, Ending(content=f"writer{worker} answer {index}", status="complete")
            )
    print("done", flush=True)

asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
"""


def run_writers(path: Path) -> list[tuple[int, str, str]]:
    writers = [
        python(_WRITER, str(path), str(worker), str(CONVERSATIONS_EACH), stdin=subprocess.PIPE)
        for worker in range(WRITERS)
    ]
    for writer in writers:  # all imported and waiting: start them together
        assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    for writer in writers:
        assert writer.stdin is not None
        writer.stdin.write("go\n")
        writer.stdin.flush()
    results = []
    for writer in writers:
        out, err = writer.communicate(timeout=60)
        results.append((writer.returncode, out, err))
    return results


async def test_six_processes_writing_at_once_all_succeed_and_nothing_is_damaged(
    tmp_path: Path,
) -> None:
    path = tmp_path / "shared" / "history.db"
    results = run_writers(path)
    assert [(code, out.strip()) for code, out, _ in results] == [(0, "done")] * WRITERS, [
        err for *_, err in results if err
    ]
    async with await Store.open(path) as store:
        summaries = await store.list_conversations(limit=1000)
        hits = await store.search("writer3 answer", limit=100)
    assert len(summaries) == WRITERS * CONVERSATIONS_EACH
    assert {s.message_count for s in summaries} == {2}
    assert len(hits) == CONVERSATIONS_EACH
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        fts_check = "INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')"
        conn.execute(fts_check)  # raises if the index disagrees with the messages
    finally:
        conn.close()
