"""A comparison's lanes and their effects on the store: asked, added, removed, swapped, stopped."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from tui.controllers.lane_turns import LaneTurns
from tui.controllers.lanes import CompareContext, Lane, lane_models, lane_views
from tui.controllers.turn_phase import ActionGate
from tui.store import Conversation, Message
from tui.store.records import MAX_LANES
from tui.widgets.compare_column import CompareColumn


class Comparison:
    """The lanes of one comparison, their turns and their effects on the store.

    Owns the lanes (in column order), the comparison's conversation and the gate that runs
    the actions that start, stop or drop turns one at a time. It stores a prompt and has
    :class:`LaneTurns` send it to every lane, stops them all, and adds, removes and swaps
    lanes. It is handed the screen's :class:`CompareContext`.
    """

    def __init__(self, ctx: CompareContext) -> None:
        self._ctx = ctx
        self.conversation: Conversation | None = None
        self.lanes: list[Lane] = []
        self.gate = ActionGate(lambda: [lane.turn for lane in self.lanes], self._note)
        self._used_lanes: set[int] = set()  # lanes with stored answers: never reused
        self.turns = LaneTurns(ctx, lanes=lambda: self.lanes, show_stats=self.show_stats)

    def _note(self, text: str) -> None:
        self._ctx.notify(text, timeout=3)

    @property
    def streaming(self) -> bool:
        """Some lane is sending or streaming (escape stops them all)."""
        return any(lane.turn.busy for lane in self.lanes)

    @property
    def active_lane(self) -> Lane:
        """The lane of the column the column keys act on."""
        return self.lanes[self._ctx.columns.active]

    def show_stats(self, lane: Lane) -> None:
        lane.show_stats(self._ctx.app().clock())
        self._ctx.columns.align_stats()

    # -- lanes -----------------------------------------------------------------------------

    async def open(self, conversation_id: int, models: Sequence[str]) -> list[Message] | None:
        """Show a stored comparison, a column per stored lane (else one per ``models``);
        its messages, or None when there is no such comparison."""
        store = self._ctx.app().store
        conversation = await store.get_conversation(conversation_id)
        if conversation is None or conversation.kind != "compare":
            self._ctx.notify(f"No comparison {conversation_id} in the history.", severity="error")
            return None
        messages = await store.messages(conversation_id)
        self.conversation = conversation
        stored = lane_models(messages)
        self._used_lanes = set(stored)
        await self.add_lanes(stored.items() or enumerate(models))
        return messages

    async def add_lanes(self, lanes: Iterable[tuple[int, str]]) -> None:
        """Mount a column per ``(lane, model)``, showing what that column saw and said (the
        chosen path, with its own answers)."""
        added = [Lane(lane, model, CompareColumn(0, model)) for lane, model in lanes]
        await self._ctx.columns.add(lane.column for lane in added)
        store, conversation = self._ctx.app().store, self.conversation
        for lane in added:
            self.lanes.append(lane)
            path = await store.lane_path(conversation.id, lane.lane) if conversation else []
            lane.column.transcript.set_messages(lane_views(path, lane.lane))
            answers = [m for m in path if m.lane == lane.lane and m.role == "assistant"]
            lane.last = answers[-1] if answers else None
            self.show_stats(lane)
        self._ctx.columns.relayout()

    def free_lane(self) -> int | None:
        """A lane number a new column can take (None, and a note saying why, when none)."""
        if len(self.lanes) >= MAX_LANES:
            self._ctx.notify(f"A comparison shows at most {MAX_LANES} models.", timeout=3)
            return None
        taken = self._used_lanes | {lane.lane for lane in self.lanes}
        free = next((n for n in range(MAX_LANES) if n not in taken), None)
        if free is None:
            self._ctx.notify(
                "This comparison has used all its columns: start a new one.", timeout=4
            )
        return free

    async def add_lane(self, lane: int, model: str) -> None:
        """Add a column asking ``model`` on lane ``lane``, showing the prompts so far."""
        await self.gate.run(partial(self._mount_lane, lane, model), busy="run")

    async def _mount_lane(self, lane: int, model: str) -> None:
        if len(self.lanes) >= MAX_LANES or lane in {known.lane for known in self.lanes}:
            return
        await self.add_lanes([(lane, model)])
        self._ctx.columns.activate(len(self.lanes) - 1)

    async def remove_lane(self, lane: Lane) -> None:
        """Stop ``lane``'s turn and take its column away (its answers stay in the history)."""
        if len(self.lanes) <= 2:
            self._ctx.notify("A comparison needs at least two models.", timeout=3)
            return
        await self.gate.run(partial(self._remove_lane, lane), busy="run")

    async def _remove_lane(self, lane: Lane) -> None:
        if lane not in self.lanes or len(self.lanes) <= 2:
            return
        await lane.turn.stop()
        await self.settled()
        self.lanes.remove(lane)
        await self._ctx.columns.remove_column(lane.column)
        self._ctx.notify(f"Removed {lane.model}; its answers stay in the history.", timeout=3)

    async def swap(self, lane: Lane, model: str) -> None:
        """``lane`` asks ``model`` from the next prompt on."""
        if lane not in self.lanes or model == lane.model:
            return
        lane.model = model
        self._ctx.columns.relayout()
        number = self.lanes.index(lane) + 1
        self._ctx.notify(f"Column {number} asks {model} from the next prompt on.", timeout=3)

    # -- sending ---------------------------------------------------------------------------

    async def ask(self, text: str) -> None:
        """Store ``text`` as the comparison's next prompt and send it to every lane."""
        app = self._ctx.app()
        if self.conversation is None:
            self.conversation = await app.store.create_conversation(
                kind="compare", model=self.lanes[0].model, system=app.settings.system
            )
        user = await app.store.add_message(self.conversation.id, "user", text)
        self.conversation = await app.store.get_conversation(self.conversation.id)  # titled now
        self.turns.start(user, self.conversation.id)
        self._used_lanes.update(lane.lane for lane in self.lanes)

    # -- stopping --------------------------------------------------------------------------

    async def stop(self, reason: str | None = None, *, last: bool = False) -> None:
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

    def interrupt(self, reason: str) -> None:
        """Cancel every lane's turn at once, without waiting (from a signal)."""
        self.turns.interrupt(reason)

    async def stop_lane(self, lane: Lane) -> None:
        """Cancel ``lane``'s turn and wait until its ending is stored and shown."""
        await lane.turn.stop()
        await self.settled()

    async def end_with(self, then: Callable[[], object], winner: Lane | None = None) -> None:
        """Stop every stream, show every ending, then ``then()``: the view goes, so nothing
        may start here any more. With a ``winner``, only while it has a stored comparison."""

        async def last() -> None:
            if winner is not None and (self.conversation is None or winner not in self.lanes):
                return
            await self.settled()
            self.gate.close()
            then()

        await self.gate.run(last, busy="stop")

    async def settled(self) -> None:
        """Wait until every ended lane shows its stored ending."""
        await self.turns.settled()

    async def close(self, reason: str) -> None:
        """The screen goes: stop every turn with ``reason``; nothing starts here any more."""
        self.gate.close()
        await self.turns.close(reason)
