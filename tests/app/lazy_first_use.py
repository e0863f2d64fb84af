"""Run in a fresh process by test_lazy_first_use: the app's first screen, then what it left
for later (a file attached, a prompt sent, an answer again, a stored chat with files)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

from textual.widgets import Input

from tests.app.pilot_helpers import ask, settle, wait_until
from tui.app import ParleyApp
from tui.config import Settings
from tui.screens.dialogs import InputDialog
from tui.store import Store
from tui.widgets.attachment_chips import AttachmentChips
from tui.widgets.transcript import Transcript

DEFERRED = (
    "tui.attachments",
    "tui.controllers.live_turn",
    "tui.exporting.one",
    "tui.progress",
    "tui.turn",
    "tui.turn_spec",
)
"""Modules the first screen does not import: the first use does."""


async def main(base_url: str, folder: Path, conversation_id: int | None) -> dict[str, object]:
    settings = Settings(
        base_url=base_url,
        model="sim/echo",
        config_path=folder / "config.toml",
        db_path=folder / "history.db",
    )
    async with await Store.open(settings.db_path) as store:
        app = ParleyApp(settings, store, None, conversation_id=conversation_id)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, app.painted.is_set)
            report: dict[str, object] = {"at_first_paint": sorted(set(DEFERRED) & set(sys.modules))}
            if conversation_id is None:
                report |= await _attach_and_send(pilot, folder)
            else:
                report |= await _resume_and_answer_again(pilot, store, conversation_id)
    return report


async def _attach_and_send(pilot, folder: Path) -> dict[str, object]:
    notes = folder / "notes.md"
    notes.write_text("# Plan\nship it\n")
    await pilot.press("f8")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, InputDialog))
    pilot.app.screen.query_one(Input).value = str(notes)
    await pilot.press("enter")
    await wait_until(pilot, lambda: pilot.app.screen.query_one(AttachmentChips).chips)
    chips = pilot.app.screen.query_one(AttachmentChips).chips
    screen = await ask(pilot, "Summarise this")
    return {"chips": list(chips), "conversation": screen.conversation.id}


async def _resume_and_answer_again(pilot, store: Store, conversation_id: int) -> dict[str, object]:
    screen = pilot.app.screen
    user = screen.messages[0]
    detail = screen.query_one(Transcript).message_view(user.id).detail
    await pilot.press("ctrl+r")
    await settle(pilot)
    answers = [m for m in await store.messages(conversation_id) if m.role == "assistant"]
    return {"detail": detail, "answers": [m.status for m in answers]}


if __name__ == "__main__":
    chosen = int(sys.argv[3]) if len(sys.argv) > 3 else None
    print(json.dumps(asyncio.run(main(sys.argv[1], Path(sys.argv[2]), chosen))))
