"""The comparison view: one prompt sent to two to four models at once, answered side by side."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message as TextualMessage
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from tui import paths
from tui.controllers.lanes import (
    Lane,
    StartLine,
    column_view,
    lane_models,
    lane_views,
)
from tui.controllers.live_turn import LiveTurn
from tui.controllers.tasks import ScreenTasks
from tui.controllers.turn_phase import ActionGate
from tui.screens.compare_actions import COMPARE_BINDINGS, ColumnActions
from tui.screens.compare_layout import ColumnLayout
from tui.store import Conversation, Message
from tui.store.records import MAX_LANES
from tui.turn import INTERRUPTED, TurnOutcome, TurnRunner, TurnSpec, TurnStarted
from tui.widgets.compare_column import CompareColumn
from tui.widgets.footer import KeyFooter
from tui.widgets.prompt import PromptEditor
from tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from tui.app import ParleyApp

MIN_COLUMNS = 2
MAX_COLUMNS = MAX_LANES
PLACEHOLDER = "Ask every model at once · enter to send · ctrl+j new line"
TICK = 0.25
"""Seconds between refreshes of the spinners, keep-alive counts and speeds."""


class CompareScreen(ColumnActions, ColumnLayout, Screen[None]):
    """Two to four models side by side, one prompt editor; enter asks them all at once.

    ``CompareScreen(models)`` starts a new comparison (stored on the first prompt as one
    conversation of kind ``compare``: prompts on no lane, each column's answers on its lane);
    ``CompareScreen(conversation_id=ID)`` reopens a stored one, a column per lane with the
    model it asked last. Picking a winner posts :class:`CompareScreen.WinnerPicked`.
    """

    CSS_PATH = paths.styles_dir() / "compare.tcss"
    BINDINGS: ClassVar[list[BindingType]] = COMPARE_BINDINGS

    class WinnerPicked(TextualMessage):
        """The user picked a column to carry on as a chat (its streams are stopped and stored).

        ``conversation_id`` is the comparison's, ``lane`` the column's lane in the store,
        ``model`` the model it asks: ``Store.promote_lane(conversation_id, lane)`` makes the chat.
        """

        def __init__(self, conversation_id: int, lane: int, model: str) -> None:
            super().__init__()
            self.conversation_id = conversation_id
            self.lane = lane
            self.model = model

    app: ParleyApp

    def __init__(self, models: Sequence[str] = (), conversation_id: int | None = None) -> None:
        if conversation_id is None and not MIN_COLUMNS <= len(models) <= MAX_COLUMNS:
            raise ValueError(f"compare {MIN_COLUMNS} to {MAX_COLUMNS} models, not {len(models)}")
        super().__init__()
        self._models = tuple(models)
        self._initial_conversation = conversation_id
        self.conversation: Conversation | None = None
        self.lanes: list[Lane] = []
        self.tasks = ScreenTasks(lambda name, error: self.app.task_failed(name, error))
        """The screen's streams: cancelled, stored and awaited when it goes."""
        self.active = 0
        """The index (in :attr:`lanes`) of the column the column keys act on."""
        self.maximised = False
        self.synced = False
        self._window = range(0)
        self._ticker: Timer | None = None
        self._used_lanes: set[int] = set()  # lanes with stored answers: never reused
        self._settling: list[Worker[None]] = []
        self._syncing = False
        self.gate = ActionGate(lambda: [lane.turn for lane in self.lanes], self._note)

    def compose(self) -> ComposeResult:
        yield Horizontal(id="compare-columns")
        yield StatusLine(id="compare-status")
        yield PromptEditor(id="compare-prompt", placeholder=PLACEHOLDER)
        yield KeyFooter()

    @property
    def prompt(self) -> PromptEditor:
        return self.query_one(PromptEditor)

    @property
    def streaming(self) -> bool:
        """Some column is sending or streaming (escape stops them all)."""
        return any(lane.turn.busy for lane in self.lanes)

    def _note(self, text: str) -> None:
        self.notify(text, timeout=3)

    @property
    def window(self) -> range:
        """The indexes of the columns on screen now."""
        return self._window

    async def on_mount(self) -> None:
        if self._initial_conversation is not None:
            await self._open(self._initial_conversation)
        if not self.lanes:
            await self.add_lanes(enumerate(self._models), [])
        self.prompt.focus()

    async def _open(self, conversation_id: int) -> None:
        store = self.app.store
        conversation = await store.get_conversation(conversation_id)
        if conversation is None or conversation.kind != "compare":
            self.notify(f"No comparison {conversation_id} in the history.", severity="error")
            return
        messages = await store.messages(conversation_id)
        self.conversation = conversation
        models = lane_models(messages)
        self._used_lanes = set(models)
        await self.add_lanes(models.items() or enumerate(self._models), messages)
        self.prompt.set_history([m.content for m in messages if m.role == "user"])

    async def add_lanes(self, lanes: Iterable[tuple[int, str]], messages: list[Message]) -> None:
        """Mount a column per ``(lane, model)``, showing its part of ``messages``."""
        added = [Lane(lane, model, CompareColumn(0, model)) for lane, model in lanes]
        await self.query_one("#compare-columns").mount_all(lane.column for lane in added)
        for lane in added:
            self.lanes.append(lane)
            transcript = lane.column.transcript
            transcript.set_messages(lane_views(messages, lane.lane))
            answers = [m for m in messages if m.lane == lane.lane and m.role == "assistant"]
            lane.last = answers[-1] if answers else None
            self.watch(transcript, "scroll_y", partial(self._column_scrolled, lane), init=False)
            self.show_stats(lane)
        self.relayout()

    # -- sending ---------------------------------------------------------------------------

    @on(PromptEditor.Submitted)
    async def prompt_submitted(self, event: PromptEditor.Submitted) -> None:
        event.stop()
        if not self.lanes:
            self.notify("No models to ask: open a comparison with two or more.", timeout=3)
            return
        await self.app.services_ready.wait()
        await self.gate.run(partial(self._ask, event.text), busy="stop")

    async def _ask(self, text: str) -> None:
        self.prompt.remember(text)
        store = self.app.store
        if self.conversation is None:
            self.conversation = await store.create_conversation(
                kind="compare", model=self.lanes[0].model, system=self.app.settings.system
            )
        user = await store.add_message(self.conversation.id, "user", text)
        self.conversation = await store.get_conversation(self.conversation.id)  # titled now
        self.send(user)

    def send(self, user: Message) -> None:
        """Show the stored prompt in every column and start every column's answer at once."""
        assert self.conversation is not None
        runner = TurnRunner(self.app.client, self.app.store, clock=self.app.clock)
        # Released after the screen has drawn the prompts, so no redraw delays any request.
        start_line = StartLine(
            (lane.lane for lane in self.lanes), release=self.app.call_after_refresh
        )
        for lane in self.lanes:
            transcript = lane.column.transcript
            transcript.add_message(column_view(user))
            transcript.action_follow_end()
            lane.live = LiveTurn(
                runner,
                transcript,
                self.app.clock,
                tasks=self.tasks,
                on_started=_nothing,
                on_ended=partial(self._lane_ended, lane, start_line),
                phase=lane.turn,
            )
            spec = TurnSpec(
                model=lane.model,
                prompt=None,
                conversation_id=self.conversation.id,
                params=self.app.settings.params,
                lane=lane.lane,
            )
            lane.live.start(
                spec,
                placeholder_title=lane.model,
                before_request=partial(start_line.wait, lane.lane),
                first_event=partial(start_line.responded, lane.lane),
            )
            self._used_lanes.add(lane.lane)
            self.show_stats(lane)
        self.prompt.busy = True
        if self._ticker is None:
            self._ticker = self.set_interval(TICK, self._tick)
        self.refresh_status()

    def _lane_ended(
        self, lane: Lane, start_line: StartLine, outcome: TurnOutcome | None, message_id: int | None
    ) -> None:
        start_line.withdraw(lane.lane)
        if not self.is_attached:
            lane.turn.settled()  # the app is closing: the runner has stored the ending
            return
        # Called from the ending turn's own task, which still counts as running.
        if not any(other.running for other in self.lanes if other is not lane):
            if self._ticker is not None:
                self._ticker.stop()
                self._ticker = None
            self.prompt.busy = False
        worker = self.run_worker(
            self._settle(lane, message_id), group="compare-settle", exit_on_error=False
        )
        self._settling = [w for w in self._settling if w.is_running] + [worker]

    async def _settle(self, lane: Lane, message_id: int | None) -> None:
        """Show the stored answer as it ended, then let the next action have the history."""
        try:
            await self._show_ending(lane, message_id)
        finally:
            lane.turn.settled()

    async def _show_ending(self, lane: Lane, message_id: int | None) -> None:
        """The stored answer's provenance, status and detail; the column's stats."""
        stored = await self.app.store.get_message(message_id) if message_id is not None else None
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
                )
        if lane in self.lanes:
            self.show_stats(lane)
            self.refresh_status()

    def interrupt_streams(self, reason: str) -> None:
        for lane in self.lanes:
            if lane.live is not None:
                lane.live.interrupt(reason)

    async def stop_streaming(self, reason: str | None = None, *, last: bool = False) -> None:
        """Cancel every running stream at once and wait until each partial answer is stored.

        After the action under way, if any: a prompt just sent is stopped, not left to run.
        ``last``: the app is closing; no action runs after this.
        """
        await self.gate.run(partial(self._stop_all, reason, last), busy="run")

    async def _stop_all(self, reason: str | None, last: bool = False) -> None:
        await asyncio.gather(*(lane.turn.stop(reason) for lane in self.lanes))
        await self.settled()
        if last:
            self.gate.close()

    async def settled(self) -> None:
        """Wait until every ended column shows its stored ending."""
        for worker in list(self._settling):
            # A column that could not be read back keeps what it showed live.
            with contextlib.suppress(WorkerFailed, WorkerCancelled):
                await worker.wait()

    def _tick(self) -> None:
        for lane in self.lanes:
            if lane.running:
                self.show_stats(lane)
        self.refresh_status()


def _nothing(event: TurnStarted) -> None:
    """Columns add their prompt before the turns start; nothing to do when one starts."""

    async def on_unmount(self) -> None:
        # Leaving with a stream running (the app closing under it): stop it, store it.
        for lane in self.lanes:
            lane.turn.cancel(INTERRUPTED)
        await self.tasks.close(INTERRUPTED)
