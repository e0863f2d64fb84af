"""A signal's cancel is stored as "interrupted" wherever the live turn happens to be waiting."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from textual.app import App, ComposeResult

from tui.api.client import OpenAICompatibleClient
from tui.controllers.live_turn import LiveTurn
from tui.controllers.tasks import ScreenTasks
from tui.store import Store
from tui.turn import TurnRunner
from tui.turn_spec import INTERRUPTED, TurnSpec
from tui.widgets.transcript import Transcript


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield Transcript()


async def test_an_interrupt_between_two_events_is_stored_as_interrupted(simulator, tmp_path: Path):
    """The turn is parked outside the runner (in its first-event hook), not inside a read.

    Closing the runner there used to read as a plain cancel, so a dropped terminal could
    store the answer as "cancelled".
    """
    parked = asyncio.Event()

    async def park() -> None:
        parked.set()
        await asyncio.Event().wait()

    async with (
        await Store.open(tmp_path / "history.db") as store,
        OpenAICompatibleClient(simulator.base_url) as client,
    ):
        app = _Host()
        async with app.run_test():
            ended: list[int | None] = []
            live = LiveTurn(
                TurnRunner(client, store),
                app.query_one(Transcript),
                time.monotonic,
                tasks=ScreenTasks(lambda name, error: None),
                on_started=lambda _event: None,
                on_ended=lambda _outcome, message_id: ended.append(message_id),
            )
            live.start(TurnSpec("sim/slow", "hello"), placeholder_title="…", first_event=park)
            await asyncio.wait_for(parked.wait(), 10)
            live.interrupt(INTERRUPTED)
            await asyncio.wait_for(live.wait(), 10)
        assert ended and ended[0] is not None
        stored = await store.get_message(ended[0])
        assert stored is not None and stored.status == "interrupted"
