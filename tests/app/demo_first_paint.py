"""Run in a fresh process by test_demo_first_paint: ``parley --demo`` to its first paint, what
it had imported then, what it imported while waiting for a prompt, and a prompt sent after."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from tests.app.pilot_helpers import send, wait_until
from tui.app import ParleyApp
from tui.config import DEMO_MODEL, Settings
from tui.controllers.warm_up import MODULES
from tui.store import Store
from tui.widgets.transcript import Transcript

DEFERRED = (
    "hashlib",
    "markdown_it",
    "rich.markdown",
    "tui.api.content",
    "tui.api.types",
    "tui.catalog",
    "tui.render.code",
    "tui.render.markdown",
)
"""Modules the demo's first screen (its notice among them) does not import: the Markdown
renderer, and the records of requests, answers and the model catalog."""


def _screen_text(transcript: Transcript) -> str:
    return "\n".join(transcript.render_line(y).text for y in range(transcript.size.height))


async def main(folder: Path) -> dict[str, object]:
    settings = Settings(
        model=DEMO_MODEL,
        demo=True,
        config_path=folder / "config.toml",
        db_path=folder / "history.db",
    )
    report: dict[str, object] = {}
    async with await Store.open(settings.db_path) as store:
        app = ParleyApp(settings, store, None, start_demo=True)
        set_painted = app.painted.set

        def painted() -> None:  # what was imported at the very moment the app says so
            report["at_first_paint"] = sorted(set(DEFERRED) & set(sys.modules))
            report["shown"] = _screen_text(app.screen.query_one(Transcript))
            set_painted()

        app.painted.set = painted
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_until(pilot, app.services_ready.is_set)  # the simulator is up
            # No prompt yet: what a first answer needs is imported while the app waits.
            await wait_until(pilot, lambda: all(name in sys.modules for name in MODULES))
            report["before_prompt"] = sorted(set(DEFERRED) & set(sys.modules))
            await send(pilot, "What is **Parley**?")
            transcript = app.screen.query_one(Transcript)
            await wait_until(pilot, lambda: "What is Parley?" in _screen_text(transcript))
            report["after_prompt"] = sorted(set(DEFERRED) & set(sys.modules))
    return report


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(Path(sys.argv[1])))))
