"""The lanes of a comparison: each column's turn and state, the start line, the stats words."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import replace

from tui.controllers.live_turn import LiveTurn
from tui.controllers.message_views import message_view, tokens_per_second
from tui.controllers.turn_phase import TurnPhase
from tui.progress import StreamProgress
from tui.store import Message
from tui.widgets.compare_column import CompareColumn
from tui.widgets.transcript import MessageView

GATE_TIMEOUT = 2.0
"""Seconds a column waits at most for the others before its request leaves anyway."""
ANSWER_HOLD = 0.05
"""Seconds at most a column's answer waits for the other requests to be out."""

_STOPPED_NOTES = {
    "cancelled": "cancelled · the partial answer is kept",
    "interrupted": "interrupted · the partial answer is kept",
}


class Lane:
    """What the screen knows of one column: its lane in the store, its model, its turn."""

    def __init__(self, lane: int, model: str, column: CompareColumn) -> None:
        self.lane = lane
        self.model = model
        self.column = column
        self.live: LiveTurn | None = None
        self.turn = TurnPhase()
        """Where the column's turn is; each of its turns reports to it."""
        self.last: Message | None = None
        """The column's latest stored answer (how it ended, with its usage)."""

    @property
    def running(self) -> bool:
        return self.live is not None and self.live.running

    @property
    def progress(self) -> StreamProgress | None:
        return self.live.progress if self.live is not None else None

    @property
    def settled(self) -> bool:
        """True unless the column's turn has ended and its stored ending is not shown yet."""
        live = self.live
        if live is None or live.running or not isinstance(live.message_key, int):
            return True
        return self.last is not None and self.last.id == live.message_key

    def show_stats(self, now: float) -> None:
        """Bring the stats line up to date: live numbers while streaming, else the ending's."""
        stats = self.column.stats
        progress = self.progress
        if self.running and progress is not None:
            state, parts = live_stats(progress, now)
            stats.show(state, parts, tone="streaming")
        elif not self.settled:
            stats.show(progress.ending if progress and progress.ending else "…")
        elif self.last is not None:
            state, parts, tone = ended_stats(self.last, self._streamed(self.last))
            stats.show(state, parts, tone=tone)
        else:
            stats.show("ready · no answer yet")

    def _streamed(self, message: Message) -> int | None:
        """How many deltas this session saw of ``message`` (None: it did not stream here)."""
        live, progress = self.live, self.progress
        if live is None or progress is None or live.message_key != message.id:
            return None
        return progress.deltas

    @property
    def outcome(self) -> str:
        """One word for the status line: streaming, done, failed, stopped or ready."""
        if self.running:
            return "streaming"
        if self.last is None:
            return "ready"
        return {"complete": "done", "error": "failed"}.get(self.last.status, "stopped")

    def answer_text(self) -> str:
        """The text of the column's latest answer as shown (so far, while it streams)."""
        transcript = self.column.transcript
        for key in reversed(transcript.message_keys()):
            if transcript.message_view(key).role == "assistant":
                return transcript.message_text(key)
        return ""


class StartLine:
    """Sends every column's request at the same moment, and lets their answers start together.

    Each column's turn stores its rows first (the store takes writes in turn); the request
    waits in :meth:`wait` until every column is ready, so none leaves after the others'
    writes. Then a column whose answer starts first waits in :meth:`responded` until every
    request is out, so drawing a fast answer does not hold the others' sending up. A column
    that ends is withdrawn, and nothing waits past a timeout, so a column that cannot start
    never holds the others back for long.
    """

    def __init__(
        self,
        lanes: Iterable[int],
        *,
        release: Callable[[Callable[[], object]], object] | None = None,
    ) -> None:
        expected = set(lanes)
        self._ready = _Barrier(expected, GATE_TIMEOUT, release)
        self._answering = _Barrier(set(expected), ANSWER_HOLD, None)

    async def wait(self, lane: int) -> None:
        """Return when every column is ready to send."""
        await self._ready.arrive(lane)

    async def responded(self, lane: int) -> None:
        """Return when every column has an answer under way (or has ended)."""
        await self._answering.arrive(lane)

    def withdraw(self, lane: int) -> None:
        """The column ended: nobody waits for it any more."""
        self._ready.withdraw(lane)
        self._answering.withdraw(lane)


class _Barrier:
    """Opens when every expected lane has arrived or withdrawn, or ``timeout`` seconds
    after the first arrival; ``release`` (e.g. after the next screen refresh) opens it."""

    def __init__(
        self,
        expected: set[int],
        timeout: float,
        release: Callable[[Callable[[], object]], object] | None,
    ) -> None:
        self._expected = expected
        self._arrived: set[int] = set()
        self._timeout = timeout
        self._release = release
        self._go = asyncio.Event()  # one event wakes every waiter in the same loop turn
        self._timer: asyncio.TimerHandle | None = None
        self._opening = False

    async def arrive(self, lane: int) -> None:
        self._arrived.add(lane)
        self._check()
        if self._timer is None and not self._opening:
            self._timer = asyncio.get_running_loop().call_later(self._timeout, self._go.set)
        await self._go.wait()

    def withdraw(self, lane: int) -> None:
        self._expected.discard(lane)
        self._check()

    def _check(self) -> None:
        if self._opening or not self._expected <= self._arrived:
            return
        self._opening = True
        if self._timer is not None:
            self._timer.cancel()
        if self._release is None:
            self._go.set()
        else:
            self._release(self._go.set)


def column_view(message: Message) -> MessageView:
    """The transcript's view of a stored message in a column (no keys to continue here)."""
    view = message_view(message)
    if message.status in _STOPPED_NOTES:
        view = replace(view, detail=_STOPPED_NOTES[message.status])
    return view


def lane_views(messages: Iterable[Message], lane: int) -> list[MessageView]:
    """A column's conversation: the shared prompts and this lane's answers, in order."""
    return [column_view(m) for m in messages if m.lane is None or m.lane == lane]


def lane_models(messages: Iterable[Message]) -> dict[int, str]:
    """Each lane of a stored comparison and the model it asked last, by lane number."""
    models: dict[int, str] = {}
    for message in messages:
        if message.lane is not None and message.model_requested:
            models[message.lane] = message.model_requested
    return dict(sorted(models.items()))


def live_stats(progress: StreamProgress, now: float) -> tuple[str, list[str]]:
    """The state and numbers of a stream still running."""
    parts = []
    if progress.first_token_at is not None:
        parts.append(f"ttft {progress.first_token_at - progress.started_at:.1f} s")
    if progress.deltas:
        parts.append(f"≈{progress.deltas:,} tok")
    return f"{progress.spinner(now)} {progress.describe(now)}", parts


def ended_stats(message: Message, streamed: int | None = None) -> tuple[str, list[str], str]:
    """The state, numbers and tone of a stored answer, however it ended; ``streamed`` counts
    the deltas seen, for an answer cut short before the server told its usage."""
    if message.status == "complete":
        state, tone = "✓ done", "done"
        if message.finish_reason:
            state += f" · finish: {message.finish_reason}"
    elif message.status == "error":
        state, tone = f"✗ failed · {message.error_message or 'error'}", "failed"
    else:
        state, tone = f"■ {message.status} · partial answer kept", "stopped"
    parts = []
    if message.ttft_ms is not None:
        parts.append(f"ttft {message.ttft_ms / 1000:.1f} s")
    rate = tokens_per_second(message)
    if rate:
        parts.append(f"{rate:.0f} tok/s")
    if message.completion_tokens is not None:
        parts.append(f"{message.completion_tokens:,} tok")
    elif streamed:
        parts.append(f"≈{streamed:,} tok")
    if message.cost is not None:
        parts.append(f"${message.cost:.4f}")
    if message.finish_reason and message.status != "complete":
        parts.append(f"finish: {message.finish_reason}")
    model = message.model_answered or message.model_requested
    if model:
        parts.append(f"{model} via {message.provider}" if message.provider else model)
    return state, parts, tone
