"""The turns of a comparison's lanes: started together, each ending stored and shown, stopped."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from tui.controllers.lanes import CompareContext, Lane, column_view
from tui.controllers.live_turn import LiveTurn
from tui.controllers.start_line import StartLine
from tui.controllers.ticker import PacedTicker
from tui.store import Message
from tui.turn import TurnRunner
from tui.turn_spec import TurnOutcome, TurnSpec, TurnStarted

TICK = 0.25
"""Seconds between refreshes of the spinners and keep-alive counts, while a lane waits."""

PULSE = 1.0
"""Seconds between refreshes of the speeds and counts once every running lane has text."""


class LaneTurns:
    """Runs the lanes' turns: one prompt to every lane at once, then each lane's ending.

    Every turn and every settling of an ending is one of the screen's ``tasks``; the start
    line's timeouts and the ticker (a timer of the columns widget) end when the screen goes
    (:meth:`close`). ``lanes`` reads the lanes on screen now; ``show_stats`` redraws a
    lane's stats.
    """

    def __init__(
        self,
        ctx: CompareContext,
        *,
        lanes: Callable[[], Sequence[Lane]],
        show_stats: Callable[[Lane], None],
    ) -> None:
        self._ctx = ctx
        self._lanes = lanes
        self._show_stats = show_stats
        self._settling: list[asyncio.Task[Any]] = []
        self._start_line: StartLine | None = None
        self._ticker = PacedTicker(lambda: self._ctx.columns, self._tick)
        self._closing = False

    @property
    def ticking(self) -> bool:
        """The spinners' timer runs (while some lane streams)."""
        return self._ticker.running

    @property
    def timing(self) -> bool:
        """The latest start line still has a timeout pending."""
        return self._start_line is not None and self._start_line.timing

    def start(self, user: Message, conversation_id: int) -> None:
        """Show the stored prompt in every column and start every column's answer at once."""
        app = self._ctx.app()
        lanes = self._lanes()
        runner = TurnRunner(app.client, app.store, clock=app.clock)
        # Released after the screen has drawn the prompts, so no redraw delays any request.
        start_line = StartLine((lane.lane for lane in lanes), release=app.call_after_refresh)
        self._start_line = start_line
        for lane in lanes:
            transcript = lane.column.transcript
            transcript.add_message(column_view(user))
            transcript.action_follow_end()
            self._start_lane(lane, runner, start_line, conversation_id)
            self._show_stats(lane)
        self._ctx.on_busy(True)
        self._ticker.every(TICK)
        self._ctx.on_change()

    def _start_lane(
        self, lane: Lane, runner: TurnRunner, start_line: StartLine, conversation_id: int
    ) -> None:
        app = self._ctx.app()
        lane.live = LiveTurn(
            runner,
            lane.column.transcript,
            app.clock,
            tasks=self._ctx.tasks,
            on_started=_nothing,
            on_ended=partial(self._ended, lane, start_line),
            phase=lane.turn,
        )
        spec = TurnSpec(
            model=lane.model,
            prompt=None,
            conversation_id=conversation_id,
            params=app.settings.params,
            lane=lane.lane,
        )
        lane.live.start(
            spec,
            placeholder_title=lane.model,
            before_request=partial(start_line.wait, lane.lane),
            first_event=partial(start_line.responded, lane.lane),
        )

    def _tick(self) -> None:
        waiting = False
        for lane in self._lanes():
            if lane.running:
                self._show_stats(lane)
                waiting = waiting or lane.progress is None or lane.progress.waiting_for_first_token
        self._ctx.on_change()
        if self._ticker.running:  # (a tick may end the last lane)
            self._ticker.every(TICK if waiting else PULSE)

    @property
    def tick_interval(self) -> float | None:
        """Seconds between two refreshes of the lanes' stats, None when they are still."""
        return self._ticker.interval

    def _stop_ticker(self) -> None:
        self._ticker.stop()

    def _ended(
        self, lane: Lane, start_line: StartLine, outcome: TurnOutcome | None, message_id: int | None
    ) -> None:
        start_line.withdraw(lane.lane)
        if self._closing or not self._ctx.columns.is_attached:
            lane.turn.settled()  # the screen is going: the runner has stored the ending
            return
        # Called from the ending turn's own task, which still counts as running.
        if not any(other.running for other in self._lanes() if other is not lane):
            self._stop_ticker()
            self._ctx.on_busy(False)
        task = self._ctx.tasks.spawn(self._settle(lane, message_id), name=f"settle {lane.model}")
        self._settling = [t for t in self._settling if not t.done()] + [task]

    async def _settle(self, lane: Lane, message_id: int | None) -> None:
        """Show the stored answer as it ended, then let the next action have the history."""
        try:
            await self._show_ending(lane, message_id)
        finally:
            lane.turn.settled()

    async def _show_ending(self, lane: Lane, message_id: int | None) -> None:
        """The stored answer's provenance, status and detail; the column's stats."""
        store = self._ctx.app().store
        stored = await store.get_message(message_id) if message_id is not None else None
        if stored is not None:
            lane.last = stored
            transcript = lane.column.transcript
            if stored.id in transcript.message_keys():
                view = column_view(stored)
                transcript.update_message(
                    stored.id,
                    title=view.title,
                    footer=view.footer,
                    status=view.status,
                    detail=view.detail,
                    thought=view.thought,
                )
        if lane in self._lanes():
            self._show_stats(lane)
            self._ctx.on_change()

    async def settled(self) -> None:
        """Wait until every ended lane shows its stored ending."""
        # A column that could not be read back keeps what it showed live (the failure itself
        # is told once, by the screen's tasks); asyncio.wait raises none of the tasks' errors.
        pending = [task for task in self._settling if not task.done()]
        if pending:
            await asyncio.wait(pending)

    def interrupt(self, reason: str) -> None:
        """Cancel every lane's turn at once, without waiting (from a signal)."""
        for lane in self._lanes():
            if lane.live is not None:
                lane.live.interrupt(reason)

    async def close(self, reason: str) -> None:
        """The screen goes: stop every turn with ``reason``; end every task, timeout and tick."""
        self._closing = True
        self._stop_ticker()
        for lane in self._lanes():
            lane.turn.cancel(reason)
        await self._ctx.tasks.close(reason)
        if self._start_line is not None:
            self._start_line.close()


def _nothing(event: TurnStarted) -> None:
    """Columns add their prompt before the turns start; nothing to do when one starts."""
