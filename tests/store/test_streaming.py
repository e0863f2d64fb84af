"""A streamed answer: started, saved as it grows, finished; and one whose writer died."""

from __future__ import annotations

import asyncio
import contextlib
import os
from pathlib import Path

import aiosqlite
import pytest

from tui.store import Ending, NotFoundError, Store

from . import Clock, python


async def started(store: Store, lane: int | None = None) -> tuple[int, int]:
    conversation = await store.create_conversation("c")
    await store.add_message(conversation.id, "user", "Tell me a story")
    message = await store.start_assistant_message(
        conversation.id, "openai/gpt-4o", {"max_tokens": 100}, lane=lane
    )
    return conversation.id, message.id


async def status(store: Store, message_id: int) -> str | None:
    """The stored status of a message; None once it is gone."""
    message = await store.get_message(message_id)
    return None if message is None else message.status


async def test_a_started_answer_is_empty_streaming_and_owned_by_this_process(
    store: Store, clock: Clock
) -> None:
    conversation = await store.create_conversation("c")
    message = await store.start_assistant_message(conversation.id, "openai/gpt-4o", {"seed": 1})
    assert (message.role, message.content, message.status) == ("assistant", "", "streaming")
    assert message.model_requested == "openai/gpt-4o"
    assert message.params == {"seed": 1}
    assert message.owner_pid == os.getpid()
    assert message.heartbeat_at == clock.now


async def test_a_started_answer_keeps_its_lane(store: Store) -> None:
    _, message_id = await started(store, lane=2)
    message = await store.get_message(message_id)
    assert message is not None and message.lane == 2


async def test_saved_progress_is_what_a_reader_sees(store: Store, clock: Clock) -> None:
    _, message_id = await started(store)
    clock.advance(1)
    await store.save_progress(message_id, "Once upon", reasoning="A story, then.")
    message = await store.get_message(message_id)
    assert message is not None
    assert (message.content, message.reasoning) == ("Once upon", "A story, then.")
    assert message.heartbeat_at == clock.now
    assert message.status == "streaming"


async def test_progress_without_reasoning_keeps_the_reasoning_saved_before(store: Store) -> None:
    _, message_id = await started(store)
    await store.save_progress(message_id, "a", reasoning="thinking")
    await store.save_progress(message_id, "ab")
    message = await store.get_message(message_id)
    assert message is not None and message.reasoning == "thinking"


async def test_finishing_records_the_ending_and_usage(store: Store, clock: Clock) -> None:
    conversation_id, message_id = await started(store)
    clock.advance(3)
    finished = await store.finish_message(
        message_id,
        Ending(
            content="Once upon a time.",
            status="complete",
            finish_reason="stop",
            native_finish_reason="stop",
            prompt_tokens=10,
            completion_tokens=5,
            total_tokens=15,
            cost=0.001,
            generation_id="gen-9-ff",
            model_answered="openai/gpt-4o-mini",
            provider="OpenAI",
            ttft_ms=250.0,
            duration_ms=3000.0,
        ),
    )
    assert (finished.status, finished.finish_reason, finished.content) == (
        "complete",
        "stop",
        "Once upon a time.",
    )
    assert (finished.total_tokens, finished.cost, finished.generation_id) == (15, 0.001, "gen-9-ff")
    assert (finished.ttft_ms, finished.duration_ms) == (250.0, 3000.0)
    assert finished.finished_at == clock.now
    assert await store.get_message(message_id) == finished
    conversation = await store.get_conversation(conversation_id)
    assert conversation is not None and conversation.updated_at == clock.now


async def test_finishing_without_text_keeps_the_text_saved_while_streaming(store: Store) -> None:
    _, message_id = await started(store)
    await store.save_progress(message_id, "Half a sto")
    finished = await store.finish_message(
        message_id, Ending(status="error", error_message="Provider disconnected", error_status=502)
    )
    assert (finished.content, finished.status) == ("Half a sto", "error")
    assert (finished.error_message, finished.error_status) == ("Provider disconnected", 502)


async def test_progress_after_the_finish_changes_nothing(store: Store) -> None:
    _, message_id = await started(store)
    await store.finish_message(message_id, Ending(content="final", status="cancelled"))
    await store.save_progress(message_id, "late chunk")
    message = await store.get_message(message_id)
    assert message is not None and (message.content, message.status) == ("final", "cancelled")


async def test_finishing_as_streaming_is_refused(store: Store) -> None:
    _, message_id = await started(store)
    with pytest.raises(ValueError, match="status"):
        await store.finish_message(message_id, Ending(status="streaming"))


async def test_finishing_a_missing_message_raises_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        await store.finish_message(404, Ending(status="complete"))


# -- a stream whose writer is gone ---------------------------------------------------------

_CRASHING_WRITER = """
import asyncio, os, sys
from tui.store import Store

async def main():
    store = await Store.open(sys.argv[1])
    conversation = await store.create_conversation("crash")
    message = await store.start_assistant_message(conversation.id, "m", {})
    await store.save_progress(message.id, "half an answer about zebras")
    print(message.id, flush=True)
    os._exit(0)  # die mid-stream: no finish, no close

asyncio.run(main())
"""


async def crashed_stream(path: Path) -> int:
    child = python(_CRASHING_WRITER, str(path))
    out, err = child.communicate(timeout=30)
    assert child.returncode == 0, err
    return int(out)


async def test_a_stream_whose_process_died_reads_as_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    message_id = await crashed_stream(path)
    async with await Store.open(path) as store:
        message = await store.get_message(message_id)
    assert message is not None
    assert (message.status, message.content) == ("interrupted", "half an answer about zebras")


async def test_recovery_persists_a_dead_process_stream_and_indexes_it(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    message_id = await crashed_stream(path)
    async with await Store.open(path) as store:
        assert await store.search("zebras") == []
        assert await store.recover_interrupted() == [message_id]
        assert await store.recover_interrupted() == []
        assert [hit.message_id for hit in await store.search("zebras")] == [message_id]
    async with await Store.open(path) as store:
        assert await status(store, message_id) == "interrupted"


async def test_a_stream_with_a_stale_heartbeat_reads_as_interrupted(
    store: Store, clock: Clock
) -> None:
    _, message_id = await started(store)
    clock.advance(16)
    assert await status(store, message_id) == "interrupted"
    assert await store.recover_interrupted() == [message_id]


async def test_saving_progress_keeps_a_long_stream_alive(store: Store, clock: Clock) -> None:
    _, message_id = await started(store)
    for _ in range(3):
        clock.advance(10)
        await store.save_progress(message_id, "still going")
    clock.advance(10)
    await store.heartbeat(message_id)
    clock.advance(10)
    assert await store.recover_interrupted() == []
    assert await status(store, message_id) == "streaming"


async def test_recovery_leaves_a_live_stream_alone(store: Store, clock: Clock) -> None:
    _, message_id = await started(store)
    clock.advance(5)
    assert await store.recover_interrupted() == []
    assert await status(store, message_id) == "streaming"


async def test_recovery_marks_when_the_stream_was_last_seen(store: Store, clock: Clock) -> None:
    _, message_id = await started(store)
    last_seen = clock.now
    clock.advance(60)
    await store.recover_interrupted()
    message = await store.get_message(message_id)
    assert message is not None and message.finished_at == last_seen


async def test_a_progress_save_is_one_trip_to_the_database_thread(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, message_id = await started(store)
    trips: list[object] = []
    original = aiosqlite.Connection._execute

    async def counted(conn, fn, *args, **kwargs):
        trips.append(fn)
        return await original(conn, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    await store.save_progress(message_id, "Once upon", wait=0.5)
    await store.heartbeat(message_id, wait=0.5)
    assert len(trips) == 2  # a save and a heartbeat: one trip each, not five
    monkeypatch.undo()
    stored = await store.get_message(message_id)
    assert stored is not None and stored.content == "Once upon"


async def test_a_progress_save_cancelled_on_its_way_leaves_no_transaction_open(
    store: Store,
) -> None:
    _, message_id = await started(store)
    saving = asyncio.ensure_future(store.save_progress(message_id, "Once upon a time", wait=0.5))
    await asyncio.sleep(0)
    saving.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await saving
    # The next write begins its own transaction: none was left open by the cancelled one.
    await store.save_progress(message_id, "Once upon a time, there", wait=0.5)
    stored = await store.get_message(message_id)
    assert stored is not None and stored.content == "Once upon a time, there"
