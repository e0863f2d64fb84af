"""What the keyboard does in the comparison view: columns, scrolling, copy, winner, models."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from tui.controllers.lanes import Lane
from tui.screens.model_choice import model_picker
from tui.store.records import MAX_LANES

if TYPE_CHECKING:
    from tui.screens.compare import CompareScreen
    from tui.widgets.transcript import Transcript


def _column_key(number: int) -> Binding:
    # ESC+digit, as most terminals send alt+digit, is read as alt+digit too (textual_compat.keys).
    return Binding(
        f"alt+{number}",
        f"go({number - 1})",
        f"Column {number}",
        show=False,
        priority=True,
        id=f"compare.column_{number}",
    )


# Column keys are alt+…: the prompt editor keeps the focus and every ctrl+arrow and ctrl+letter
# it uses. Priority, because a terminal reports alt+x as "x" too, which the editor would type.
COMPARE_BINDINGS: list[BindingType] = [
    Binding("escape", "cancel_or_back", "Cancel all", id="compare.cancel"),
    Binding(
        "alt+x",
        "cancel_column",
        "Cancel column",
        show=False,
        priority=True,
        id="compare.cancel_column",
    ),
    Binding(
        "alt+left", "move(-1)", "Previous column", show=False, priority=True, id="compare.previous"
    ),
    Binding("alt+right", "move(1)", "Next column", priority=True, id="compare.next"),
    *(_column_key(number) for number in range(1, MAX_LANES + 1)),
    Binding("alt+m", "toggle_maximise", "Maximise", priority=True, id="compare.maximise"),
    Binding("alt+w", "pick_winner", "Winner", priority=True, id="compare.winner"),
    Binding("alt+up", "scroll(-3)", "Scroll column up", show=False, priority=True, id="compare.up"),
    Binding(
        "alt+down", "scroll(3)", "Scroll column down", show=False, priority=True, id="compare.down"
    ),
    Binding(
        "alt+pageup", "page(-1)", "Page column up", show=False, priority=True, id="compare.page_up"
    ),
    Binding(
        "alt+pagedown",
        "page(1)",
        "Page column down",
        show=False,
        priority=True,
        id="compare.page_down",
    ),
    Binding("alt+s", "toggle_sync", "Sync scrolling", show=False, priority=True, id="compare.sync"),
    Binding("alt+c", "copy_answer", "Copy answer", show=False, priority=True, id="compare.copy"),
    Binding("alt+a", "add_column", "Add a model", show=False, priority=True, id="compare.add"),
    Binding(
        "alt+d", "remove_column", "Remove the model", show=False, priority=True, id="compare.remove"
    ),
    Binding("alt+o", "swap_model", "Swap the model", show=False, priority=True, id="compare.swap"),
]


class ColumnActions:
    """Mixed into :class:`CompareScreen`: the actions its key bindings name."""

    # -- which column ----------------------------------------------------------------------

    @property
    def active_lane(self: CompareScreen) -> Lane:
        return self.lanes[self.active]

    def _number(self: CompareScreen, lane: Lane) -> int:
        return self.lanes.index(lane) + 1

    def action_move(self: CompareScreen, step: int) -> None:
        """Make the next (or previous) column active, wrapping around; off screen: scroll to it."""
        if self.lanes:
            self.activate((self.active + step) % len(self.lanes))

    def action_go(self: CompareScreen, index: int) -> None:
        if index >= len(self.lanes):
            self.notify(f"There is no column {index + 1}.", timeout=2)
            return
        self.activate(index)

    def activate(self: CompareScreen, index: int) -> None:
        """Make column ``index`` active; when a column had the focus, this one takes it."""
        had_focus = self.column_index(self.focused) is not None
        self.active = index
        self.relayout()
        if had_focus:
            self.active_lane.column.transcript.focus()

    # -- reading ---------------------------------------------------------------------------

    def _transcript(self: CompareScreen) -> Transcript:
        return self.active_lane.column.transcript

    def action_scroll(self: CompareScreen, lines: int) -> None:
        self._transcript().scroll_relative(y=lines, animate=False)

    def action_page(self: CompareScreen, pages: int) -> None:
        transcript = self._transcript()
        transcript.scroll_relative(y=pages * max(1, transcript.size.height - 2), animate=False)

    def action_toggle_sync(self: CompareScreen) -> None:
        self.synced = not self.synced
        self.notify(
            "Synced scrolling: the active column leads."
            if self.synced
            else "Columns scroll on their own.",
            timeout=2,
        )
        self.refresh_status()

    def action_toggle_maximise(self: CompareScreen) -> None:
        self.maximised = not self.maximised
        self.relayout()

    def action_copy_answer(self: CompareScreen) -> None:
        lane = self.active_lane
        text = lane.answer_text()
        number = self._number(lane)
        if not text:
            self.notify(f"Column {number} has no answer to copy yet.", timeout=3)
            return
        self.app.copy_text(text)
        self.notify(f"Copied column {number}'s answer ({len(text):,} characters).", timeout=2)

    # -- cancelling ------------------------------------------------------------------------

    async def action_cancel_or_back(self: CompareScreen) -> None:
        """Cancel every stream; with none running, restore a maximised column, else leave."""
        if self.streaming or self.gate.acting:
            await self.stop_streaming()
        elif any(not lane.turn.idle for lane in self.lanes):
            return  # ending: the answers are being stored already
        elif self.maximised:
            self.action_toggle_maximise()
        elif len(self.app.screen_stack) > 2:  # the default screen, then what opened this one
            await self.gate.run(self._leave, busy="stop")

    async def _leave(self: CompareScreen) -> None:
        await self.settled()
        self.gate.close()  # a prompt sent just before must not start turns here
        self.dismiss(None)

    async def action_cancel_column(self: CompareScreen) -> None:
        lane = self.active_lane
        if not lane.turn.busy:
            self.notify(f"Column {self._number(lane)} is not streaming.", timeout=2)
            return
        await lane.turn.stop()
        await self.settled()

    # -- the winner ------------------------------------------------------------------------

    async def action_pick_winner(self: CompareScreen) -> None:
        """Stop every stream and post :class:`CompareScreen.WinnerPicked` for this column."""
        lane = self.active_lane
        if self.conversation is None or (lane.last is None and lane.turn.idle):
            self.notify(f"Column {self._number(lane)} has no answer to carry on from.", timeout=3)
            return
        await self.gate.run(partial(self._post_winner, lane), busy="stop")

    async def _post_winner(self: CompareScreen, lane: Lane) -> None:
        if self.conversation is not None and lane in self.lanes:
            await self.settled()
            self.gate.close()  # the app closes this view: nothing may start here any more
            self.post_message(self.WinnerPicked(self.conversation.id, lane.lane, lane.model))

    # -- models ----------------------------------------------------------------------------

    def action_add_column(self: CompareScreen) -> None:
        if len(self.lanes) >= MAX_LANES:
            self.notify(f"A comparison shows at most {MAX_LANES} models.", timeout=3)
            return
        taken = self._used_lanes | {lane.lane for lane in self.lanes}
        free = next((n for n in range(MAX_LANES) if n not in taken), None)
        if free is None:
            self.notify("This comparison has used all its columns: start a new one.", timeout=4)
            return
        self.choose_model(None, partial(self._add_lane, free))

    async def _add_lane(self: CompareScreen, lane: int, model: str) -> None:
        await self.gate.run(partial(self._mount_lane, lane, model), busy="run")

    async def _mount_lane(self: CompareScreen, lane: int, model: str) -> None:
        if len(self.lanes) >= MAX_LANES or lane in {known.lane for known in self.lanes}:
            return
        store = self.app.store
        messages = await store.messages(self.conversation.id) if self.conversation else []
        await self.add_lanes([(lane, model)], messages)
        self.activate(len(self.lanes) - 1)

    async def action_remove_column(self: CompareScreen) -> None:
        if len(self.lanes) <= 2:
            self.notify("A comparison needs at least two models.", timeout=3)
            return
        await self.gate.run(partial(self._remove_lane, self.active_lane), busy="run")

    async def _remove_lane(self: CompareScreen, lane: Lane) -> None:
        if lane not in self.lanes or len(self.lanes) <= 2:
            return
        await lane.turn.stop()
        await self.settled()
        self.lanes.remove(lane)
        self.active = min(self.active, len(self.lanes) - 1)
        await lane.column.remove()
        self.relayout()
        self.notify(f"Removed {lane.model}; its answers stay in the history.", timeout=3)

    def action_swap_model(self: CompareScreen) -> None:
        lane = self.active_lane
        self.choose_model(lane.model, partial(self._swap, lane))

    async def _swap(self: CompareScreen, lane: Lane, model: str) -> None:
        if lane not in self.lanes or model == lane.model:
            return
        lane.model = model
        self.relayout()
        self.notify(f"Column {self._number(lane)} asks {model} from the next prompt on.", timeout=3)

    def choose_model(
        self: CompareScreen, current: str | None, chosen: Callable[[str], Awaitable[None]]
    ) -> None:
        """Open the model picker; ``chosen`` gets the model picked (nothing when cancelled)."""
        # A function, not a coroutine: a picker replaced before it opened is then never begun.
        work = partial(self._open_picker, current, chosen)
        self.run_worker(work, group="compare-picker", exclusive=True)

    async def _open_picker(
        self: CompareScreen, current: str | None, chosen: Callable[[str], Awaitable[None]]
    ) -> None:
        picker = await model_picker(self.app, current)

        async def picked(model: str | None) -> None:
            if model:
                await chosen(model)

        await self.app.push_screen(picker, picked)
