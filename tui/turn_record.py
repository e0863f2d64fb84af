"""Keeping a streaming answer in the store without the stream ever waiting on a write.

Progress is written by a background task that retries what fails (a lock held by another
process, a full disk) for as long as the stream lasts. The ending is written with retries
for a few seconds more; what still cannot be stored goes to a recovery file beside the
database, and the caller is told where.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.api.reasoning import details_to_json
from tui.api.types import ChatMessage, Usage
from tui.store import Ending, Store, StoredCitation
from tui.store.errors import NotFoundError, StoreError
from tui.store.recovery import RecoveredAnswer, write_recovery

HEARTBEAT_INTERVAL = 5.0
"""Seconds between heartbeats while the provider is quiet, so the store knows we are alive."""
WRITE_WAIT = 0.5
"""How long one background write waits for another process's lock before trying later.

Short, because the store's one connection serves reads too while a write waits."""
RETRY_DELAY = 0.5
"""Seconds between attempts at a write that failed."""
if TYPE_CHECKING:
    from tui.turn_spec import TurnOutcome

FINAL_GRACE = 5.0
"""Seconds after the stream ends that storing its ending is retried before a recovery file."""


@dataclass(frozen=True, slots=True)
class StorageReport:
    """How storing an answer went: stored (perhaps late, after failures), or recovered."""

    stored: bool
    error: StoreError | None = None
    """The last storage failure, even when a later attempt succeeded."""
    recovery_path: Path | None = None
    recovery_error: OSError | None = None
    """Why not even a recovery file could be written (the answer was only shown)."""

    def lines(self) -> list[str]:
        """What to tell the user: nothing when it was stored."""
        if self.stored:
            return []
        why = str(self.error) if self.error else "the history database failed"
        if self.recovery_path is not None:
            where = f"The answer was saved to {self.recovery_path} instead."
        else:
            where = f"No recovery file could be written either ({self.recovery_error})."
        return [f"The answer was not stored in the history: {why}", where]


Snapshot = Callable[[], tuple[str, str | None]]
"""The answer's text and reasoning so far (read when a write is due, not per token)."""


class AnswerRecorder:
    """Writes one streaming answer's progress in the background, then its ending."""

    def __init__(
        self,
        store: Store,
        message_id: int,
        snapshot: Snapshot,
        *,
        save_interval: float,
        grace: float | None = None,
    ) -> None:
        self._store = store
        self._message_id = message_id
        self._snapshot = snapshot
        self._save_interval = save_interval
        self._grace = grace
        self._version = 0
        self._written = 0
        self._wake = asyncio.Event()
        self._stopped = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.last_error: StoreError | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    def changed(self) -> None:
        """The answer grew: it will be written at the next free moment (never awaited)."""
        self._version += 1
        self._wake.set()

    async def _run(self) -> None:
        while not self._stopped.is_set():
            await _wait(self._wake, HEARTBEAT_INTERVAL)
            self._wake.clear()
            if self._stopped.is_set():
                return
            try:
                await self._write_once()
            except StoreError as exc:
                # Kept for the report; the next attempt writes the newest text anyway.
                self.last_error = exc
                await _wait(self._stopped, RETRY_DELAY)
                self._wake.set()
                continue
            await _wait(self._stopped, self._save_interval)

    async def _write_once(self) -> None:
        version = self._version
        if version == self._written:
            await self._store.heartbeat(self._message_id, wait=WRITE_WAIT)
            return
        content, reasoning = self._snapshot()
        await self._store.save_progress(self._message_id, content, reasoning, wait=WRITE_WAIT)
        self._written = version

    async def stop(self) -> None:
        """Stop the background writes (the ending supersedes them).

        Asked, not cancelled: a write in flight finishes (within ``WRITE_WAIT``) rather
        than being cut off inside its transaction.
        """
        self._stopped.set()
        self._wake.set()
        if self._task is not None:
            await asyncio.wait({self._task})
            self._task = None

    async def finish(
        self,
        write_ending: Callable[[float], Awaitable[object]],
        recovered: Callable[[str], RecoveredAnswer],
    ) -> StorageReport:
        """Store the ending (``write_ending(wait)``), retrying a lock or a full disk for the
        grace period; failing that, write a recovery file built by ``recovered(reason)``."""
        await self.stop()
        grace = FINAL_GRACE if self._grace is None else self._grace
        deadline = time.monotonic() + grace  # real time: tests may freeze the turn's clock
        error = self.last_error
        while True:
            remaining = deadline - time.monotonic()
            try:
                await write_ending(max(0.05, min(remaining, 2 * WRITE_WAIT)))
                return StorageReport(stored=True, error=error)
            except NotFoundError as exc:
                # Deleted meanwhile (by the user, elsewhere): there is nothing to keep.
                return StorageReport(stored=True, error=exc)
            except StoreError as exc:
                error = exc
                if not exc.transient or time.monotonic() >= deadline:
                    break
            await asyncio.sleep(min(RETRY_DELAY, max(0.0, deadline - time.monotonic())))
        try:
            path = await asyncio.to_thread(write_recovery, self._store.path, recovered(str(error)))
        except OSError as exc:
            return StorageReport(stored=False, error=error, recovery_error=exc)
        return StorageReport(stored=False, error=error, recovery_path=path)


async def _wait(event: asyncio.Event, seconds: float) -> None:
    """Until ``event`` is set or ``seconds`` pass (``asyncio.wait_for`` in 3.11 can swallow
    a cancel that arrives as the event is set; ``asyncio.timeout`` does not)."""
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(seconds):
            await event.wait()


async def store_outcome(
    store: Store, message_id: int, outcome: TurnOutcome, wait: float | None = None
) -> None:
    """Record how the answer ended, its text and usage; ``wait`` bounds a lock wait."""
    usage = outcome.usage or Usage()
    error = outcome.error
    ending = Ending(
        status=outcome.status,
        content=outcome.content,
        reasoning=outcome.reasoning or None,
        reasoning_details=details_to_json(outcome.reasoning_details) or None,
        reasoning_ms=_ms(outcome.reasoning_seconds),
        finish_reason=outcome.finish_reason,
        native_finish_reason=outcome.native_finish_reason,
        error_message=error.headline() if error else None,
        error_kind=error.kind.value if error else None,
        error_status=error.status if error else None,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        total_tokens=usage.total_tokens,
        reasoning_tokens=usage.reasoning_tokens,
        cached_tokens=usage.cached_tokens,
        cost=usage.cost,
        generation_id=outcome.generation_id,
        model_answered=outcome.model_answered,
        provider=outcome.provider,
        ttft_ms=_ms(outcome.ttft),
        duration_ms=outcome.duration * 1000,
    )
    await store.finish_message(message_id, ending, wait=wait)
    if outcome.citations:
        cited = [
            StoredCitation(c.url, c.title, c.content, c.start_index, c.end_index)
            for c in outcome.citations
        ]
        await store.set_citations(message_id, cited, wait=wait)


def _ms(seconds: float | None) -> float | None:
    return seconds * 1000 if seconds is not None else None


def recovered_answer(
    outcome: TurnOutcome, prompt: str | None, history: list[ChatMessage], reason: str
) -> RecoveredAnswer:
    """What a recovery file keeps of ``outcome`` (the prompt: the last one asked again)."""
    if prompt is None:  # answering the stored history again: its last prompt
        prompt = next((m.content for m in reversed(history) if m.role == "user"), "")
    return RecoveredAnswer(
        prompt=prompt if isinstance(prompt, str) else str(prompt),
        model_requested=outcome.model_requested,
        model_answered=outcome.model_answered,
        content=outcome.content,
        reasoning=outcome.reasoning,
        status=outcome.status,
        conversation_id=outcome.conversation_id,
        message_id=outcome.message_id,
        reason=reason,
    )
