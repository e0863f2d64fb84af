"""The comparison view: one prompt sent to two to four models at once, answered side by side."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.message import Message as TextualMessage
from textual.screen import Screen

from tui import paths
from tui.controllers.compare_status import status_words
from tui.controllers.comparison import Comparison
from tui.controllers.lanes import CompareContext, Lane
from tui.controllers.tasks import ScreenTasks
from tui.controllers.turn_phase import ActionGate
from tui.screens.compare_bindings import COMPARE_BINDINGS
from tui.screens.model_choice import choose_model
from tui.screens.parts import Forwarded, delegate, dismiss_once
from tui.store import Conversation
from tui.store.records import MAX_LANES
from tui.turn_spec import INTERRUPTED
from tui.widgets.compare_columns import CompareColumns
from tui.widgets.footer import KeyFooter
from tui.widgets.prompt import PromptEditor
from tui.widgets.status import StatusLine

if TYPE_CHECKING:
    from tui.app import ParleyApp

MIN_COLUMNS = 2
MAX_COLUMNS = MAX_LANES
PLACEHOLDER = "Ask every model at once · enter to send · ctrl+j new line"


class CompareScreen(Screen[None]):
    """Two to four models side by side, one prompt editor; enter asks them all at once.

    ``CompareScreen(models)`` starts a new comparison (stored on the first prompt as one
    conversation of kind ``compare``: prompts on no lane, each column's answers on its lane);
    ``CompareScreen(conversation_id=ID)`` reopens a stored one, a column per lane with the
    model it asked last. Picking a winner posts :class:`CompareScreen.WinnerPicked`.

    :class:`CompareColumns` shows the columns, :class:`Comparison` runs their lanes; the
    screen composes them with the prompt and the status line, and holds the keys (so they
    work wherever the focus is), each handed to the one that owns what it does.
    """

    CSS_PATH = paths.styles_dir() / "compare.tcss"
    BINDINGS: ClassVar[list[BindingType]] = COMPARE_BINDINGS

    class WinnerPicked(TextualMessage):
        """The user picked a column to carry on as a chat (its streams are stopped and stored).

        ``conversation_id`` is the comparison's, ``lane`` the column's lane in the store,
        ``model`` the model it asks: ``Store.pick_winner`` chooses the column's answers.
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
        self.tasks = ScreenTasks(lambda name, error: self.app.task_failed(name, error))
        """The screen's streams: cancelled, stored and awaited when it goes."""
        self.columns = CompareColumns(id="compare-columns", on_change=self.refresh_status)
        context = CompareContext(
            lambda: self.app, self.columns, self.tasks,
            notify=self.notify, on_busy=self._busy, on_change=self.refresh_status,
        )  # fmt: skip
        self.comparison = Comparison(context)

    def compose(self) -> ComposeResult:
        yield self.columns
        yield StatusLine(id="compare-status")
        yield PromptEditor(id="compare-prompt", placeholder=PLACEHOLDER)
        yield KeyFooter()

    @property
    def prompt(self) -> PromptEditor:
        return self.query_one(PromptEditor)

    # What tests and the app reach on the screen; the comparison and the columns keep it.
    lanes = Forwarded[list[Lane]]("comparison")
    conversation = Forwarded[Conversation | None]("comparison")
    gate = Forwarded[ActionGate]("comparison")
    streaming = Forwarded[bool]("comparison")
    """Some column is sending or streaming (escape stops them all)."""
    active = Forwarded[int]("columns")
    """The index (in :attr:`lanes`) of the column the column keys act on."""
    window = Forwarded[range]("columns")
    """The indexes of the columns on screen now."""

    async def on_mount(self) -> None:
        if self._initial_conversation is not None:
            messages = await self.comparison.open(self._initial_conversation, self._models)
            if messages is not None:
                self.prompt.set_history([m.content for m in messages if m.role == "user"])
        if not self.lanes:
            await self.comparison.add_lanes(enumerate(self._models))
        self.prompt.focus()

    async def on_unmount(self) -> None:
        # Leaving with a stream running (the app closing under it): stop it, store it.
        await self.comparison.close(INTERRUPTED)

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
        await self.comparison.ask(text)

    interrupt_streams = delegate("comparison", Comparison.interrupt)
    stop_streaming = delegate("comparison", Comparison.stop)
    settled = delegate("comparison", Comparison.settled)
    show_stats = delegate("comparison", Comparison.show_stats)

    def _busy(self, busy: bool) -> None:
        self.prompt.busy = busy

    def refresh_status(self) -> None:
        """The status line: which columns are on screen, how they stand, and the view's modes."""
        title = self.conversation.title if self.conversation is not None else None
        now, demo = self.app.clock(), self.app.settings.demo
        state, flags = status_words(self, self.lanes, self.columns, now, demo=demo, title=title)
        self.query_one(StatusLine).show(state, flags, busy=self.streaming)

    # -- the keys: columns and reading -------------------------------------------------------

    action_move = delegate("columns", CompareColumns.move)
    action_go = delegate("columns", CompareColumns.go)
    action_scroll = delegate("columns", CompareColumns.scroll_active)
    action_page = delegate("columns", CompareColumns.page_active)
    action_toggle_sync = delegate("columns", CompareColumns.toggle_sync)
    action_toggle_maximise = delegate("columns", CompareColumns.toggle_maximise)

    def action_toggle_thinking(self) -> None:
        if self.columns.toggle_thinking() is None:
            self.notify("No answer here has thinking to show.", timeout=2)

    def action_copy_answer(self) -> None:
        text, number = self.comparison.active_lane.answer_text(), self.active + 1
        if not text:
            self.notify(f"Column {number} has no answer to copy yet.", timeout=3)
            return
        self.app.copy_text(text)
        self.notify(f"Copied column {number}'s answer ({len(text):,} characters).", timeout=2)

    # -- the keys: stopping, leaving, the winner ---------------------------------------------

    async def action_cancel_or_back(self) -> None:
        """Cancel every stream; with none running, restore a maximised column, else leave."""
        if self.streaming or self.gate.acting:
            await self.stop_streaming()
        elif any(not lane.turn.idle for lane in self.lanes):
            return  # ending: the answers are being stored already
        elif self.columns.maximised:
            self.columns.toggle_maximise()
        elif len(self.app.screen_stack) > 2:  # the default screen, then what opened this one
            await self.comparison.end_with(self._leave)

    def _leave(self) -> None:
        # Run after the gate: a second escape (or a winner already taken) may have ended this
        # comparison first.
        dismiss_once(self, None)

    async def action_cancel_column(self) -> None:
        lane = self.comparison.active_lane
        if not lane.turn.busy:
            self.notify(f"Column {self.active + 1} is not streaming.", timeout=2)
            return
        await self.comparison.stop_lane(lane)

    async def action_pick_winner(self) -> None:
        """Stop every stream and post :class:`CompareScreen.WinnerPicked` for this column."""
        lane = self.comparison.active_lane
        if self.conversation is None or (lane.last is None and lane.turn.idle):
            self.notify(f"Column {self.active + 1} has no answer to carry on from.", timeout=3)
            return
        await self.comparison.end_with(partial(self._post_winner, lane), winner=lane)

    def _post_winner(self, lane: Lane) -> None:
        assert self.conversation is not None
        self.post_message(self.WinnerPicked(self.conversation.id, lane.lane, lane.model))

    # -- the keys: models --------------------------------------------------------------------

    def action_add_column(self) -> None:
        free = self.comparison.free_lane()
        if free is not None:
            choose_model(
                self, None, partial(self.comparison.add_lane, free), group="compare-picker"
            )

    async def action_remove_column(self) -> None:
        await self.comparison.remove_lane(self.comparison.active_lane)

    def action_swap_model(self) -> None:
        lane = self.comparison.active_lane
        choose_model(self, lane.model, partial(self.comparison.swap, lane), group="compare-picker")
