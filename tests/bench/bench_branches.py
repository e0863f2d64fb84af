"""The branches case of bench_render: switching a version in a 500-message branched chat.

Run through ``python tests/bench/bench_render.py --branches [--repeats N]``. The chat is the
render benchmark's 500-message history with 5 versions of the answer at 50 points (each
extra version a leaf). With the cursor on a branched answer, ``]`` steps to a leaf version
(the 300-odd messages below go) and ``[`` steps back (they come back, drawn lazily). Each
switch is timed in three parts: the store (step and read the chosen path), the redraw (the
transcript brought to the new path: the visible messages rendered), and the paint (until
the next screen update is written); the medians are printed, and the redraw is weighed
against its 50 ms target.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from textual.pilot import Pilot

from tui.api.client import OpenAICompatibleClient
from tui.app import ParleyApp
from tui.config import Settings
from tui.screens.chat import ChatScreen
from tui.store import ImportedConversation, Message, Store
from tui.widgets.transcript import Transcript

SIZE = (120, 40)
POINTS = 50
VERSIONS = 5
TARGET_MS = 50.0


@dataclass
class Switches:
    """Milliseconds of each switch's parts."""

    store: list[float] = field(default_factory=list)
    redraw: list[float] = field(default_factory=list)
    paint: list[float] = field(default_factory=list)

    def add(self, store: float, redraw: float, paint: float) -> None:
        self.store.append(store * 1000)
        self.redraw.append(redraw * 1000)
        self.paint.append(paint * 1000)


async def branched(store: Store, chat: ImportedConversation) -> tuple[int, list[Message]]:
    """Import ``chat`` and give the answers at 50 points 4 more versions each (leaves); the
    chosen path stays the imported one. Returns the conversation and the branched answers."""
    (cid,) = await store.import_conversations([chat])
    path = (await store.chosen_path(cid)).messages
    answers = [m for m in path if m.role == "assistant"]
    step = max(1, len(answers) // POINTS)
    points = answers[::step][:POINTS]
    for answer in points:
        for n in range(VERSIONS - 1):
            await store.add_message(
                cid,
                "assistant",
                f"version {n + 2}: {answer.content[:400]}",
                parent_id=answer.parent_id,
            )
        await store.choose(answer.id)
    return cid, points


def frames(app: ParleyApp) -> list[float]:
    """The wall times of the screen updates written from now on (appended as they go out)."""
    seen: list[float] = []
    original = app._display

    def counting(screen: object, renderable: object) -> None:
        original(screen, renderable)  # type: ignore[arg-type]
        if renderable is not None:
            seen.append(time.perf_counter())

    app._display = counting  # type: ignore[method-assign]
    return seen


async def switch(
    pilot: Pilot, screen: ChatScreen, by: int, times: Switches, seen: list[float]
) -> None:
    """One switch of the message under the cursor, timed in its three parts."""
    branches, store = screen.parts.branches, screen.app.store
    transcript = screen.query_one(Transcript)
    message = screen.parts.actions.cursor_message()
    assert message is not None
    start = time.perf_counter()
    chosen = await store.step_sibling(message.id, by)
    path = await store.chosen_path(screen.conversation.id)
    stored = time.perf_counter()
    branches.show(path)
    transcript.cursor_key = chosen
    drawn = time.perf_counter()
    seen.clear()
    await pilot.pause()
    assert seen, "no frame went out after the switch"
    times.add(stored - start, drawn - stored, seen[0] - drawn)


async def measure(chat: ImportedConversation, repeats: int, folder: Path) -> Switches:
    db = Path(tempfile.mkdtemp(dir=folder)) / "history.db"
    store = await Store.open(db)
    times = Switches()
    try:
        cid, points = await branched(store, chat)
        settings = Settings(
            base_url="http://127.0.0.1:9/v1",  # never asked: no turn runs
            model="anthropic/claude-3.5-sonnet",
            config_path=db.parent / "c.toml",
            db_path=db,
        )
        async with OpenAICompatibleClient(settings.base_url) as client:
            app = ParleyApp(settings, store, client, conversation_id=cid)
            async with app.run_test(size=SIZE) as pilot:
                screen = app.screen
                assert isinstance(screen, ChatScreen)
                await pilot.pause()
                transcript = screen.query_one(Transcript)
                transcript.focus()
                seen = frames(app)
                for answer in points[5 : 5 + repeats]:  # from near the start to the middle
                    transcript.cursor_key = answer.id
                    await pilot.pause()
                    await switch(pilot, screen, +1, times, seen)  # to a leaf: the rest goes
                    await switch(pilot, screen, -1, times, seen)  # back: the rest comes back
    finally:
        await store.close()
    return times


def run_branches(chat: ImportedConversation, repeats: int) -> None:
    """Print the medians of ``2 × repeats`` switches, and the verdict on the redraw."""
    with tempfile.TemporaryDirectory() as tmp:
        asyncio.run(measure(chat, 1, Path(tmp)))  # warm up imports and caches
        times = asyncio.run(measure(chat, repeats, Path(tmp)))
    med = {name: statistics.median(getattr(times, name)) for name in ("store", "redraw", "paint")}
    worst = max(times.redraw)
    print(
        f"\nbranches: {len(chat.messages)} messages, {VERSIONS} versions at {POINTS} points,"
        f" {len(times.redraw)} switches (median ms): store {med['store']:.1f}"
        f" · redraw {med['redraw']:.1f} (worst {worst:.1f}) · paint {med['paint']:.1f}"
        f" · total {sum(med.values()):.1f}"
    )
    away, back = times.redraw[0::2], times.redraw[1::2]
    print(
        f"  redraw to a leaf version (the rest goes) {statistics.median(away):.1f} ms,"
        f" back (the rest comes back) {statistics.median(back):.1f} ms"
    )
    verdict = "ok" if med["redraw"] < TARGET_MS else "OVER"
    print(f"  sibling switch redraw < {TARGET_MS:.0f} ms: {verdict}")
