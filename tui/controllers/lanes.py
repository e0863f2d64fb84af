"""The lanes of a comparison: each column's turn and state, and the words its stats are told in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tui.controllers.live_turn import LiveTurn
from tui.controllers.message_views import message_view, tokens_per_second
from tui.controllers.turn_phase import TurnPhase
from tui.progress import StreamProgress
from tui.store import Message
from tui.widgets.compare_column import CompareColumn
from tui.widgets.transcript import MessageView

if TYPE_CHECKING:
    from tui.app import ParleyApp
    from tui.controllers.tasks import ScreenTasks
    from tui.widgets.compare_columns import CompareColumns

_STOPPED_NOTES = {
    "cancelled": "cancelled · the partial answer is kept",
    "interrupted": "interrupted · the partial answer is kept",
}


@dataclass(frozen=True, slots=True)
class CompareContext:
    """What a comparison's parts are handed: its app (told lazily), columns, tasks, hooks.

    ``on_busy`` hears when the first lane starts and the last one ends, ``on_change`` when
    the status line has something new to say.
    """

    app: Callable[[], ParleyApp]
    columns: CompareColumns
    tasks: ScreenTasks
    """The screen's streams: cancelled, stored and awaited when it goes."""
    notify: Callable[..., object]
    on_busy: Callable[[bool], None]
    on_change: Callable[[], None]


class Lane:
    """What the screen knows of one column: its lane in the store, its model, its turn."""

    def __init__(self, lane: int, model: str, column: CompareColumn) -> None:
        self.lane = lane
        self.column = column
        self.model = model
        self.live: LiveTurn | None = None
        self.turn = TurnPhase()
        """Where the column's turn is; each of its turns reports to it."""
        self.last: Message | None = None
        """The column's latest stored answer (how it ended, with its usage)."""

    @property
    def model(self) -> str:
        """The model the column asks (its border shows it)."""
        return self.column.model

    @model.setter
    def model(self, model: str) -> None:
        self.column.model = model

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
        return self.column.answer_text()


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
    # The spinner turns while waiting; once text flows the line changes once a second at most.
    mark = progress.spinner(now) if progress.waiting_for_first_token else "●"
    return f"{mark} {progress.describe(now)}", parts


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
