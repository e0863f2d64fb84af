"""Choosing which attached file to take off: alt+f selects a chip, ←→ move, delete takes the
chosen one off, escape goes back to the prompt; alt+x still takes the last off."""

from __future__ import annotations

from tests.app.pilot_helpers import catalog_loaded, last_chat, screen_lines, send, settle
from tests.app.test_attachments_app import attach, chips
from tui.screens.help import HelpScreen
from tui.widgets.attachment_chips import AttachmentChips
from tui.widgets.prompt import PromptEditor


def names(app) -> list[str]:
    return [chip.split(" · ")[0] for chip in chips(app)]


async def three_files(pilot, tmp_path) -> None:
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(name)
        await attach(pilot, tmp_path / name)


async def test_the_chosen_chip_comes_off_and_the_rest_go(build_app, simulator, tmp_path):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        await three_files(pilot, tmp_path)
        row = app.screen.query_one(AttachmentChips)
        assert "alt+f chooses" in str(row.render())
        await pilot.press("alt+f")
        assert row.has_focus and row.selected == 2
        await pilot.press("left", "left", "left")  # wraps round to the last, then back
        assert row.selected == 2
        await pilot.press("left")
        assert row.selected == 1 and "▸📎 b.txt" in str(row.render())
        await pilot.press("delete")
        await pilot.pause()
        assert names(app) == ["a.txt", "c.txt"] and row.selected == 1
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is app.screen.query_one(PromptEditor) and row.selected is None
        await send(pilot, "read")
        await settle(pilot)
        sent = last_chat(simulator).body["messages"][-1]["content"]
        assert [part["text"].split("\n")[0] for part in sent[1:]] == ["File: a.txt", "File: c.txt"]


async def test_alt_x_takes_the_chosen_one_off_and_the_last_chip_gives_the_prompt_back(
    build_app, tmp_path
):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        await three_files(pilot, tmp_path)
        await pilot.press("alt+f", "right")  # from the last round to the first
        await pilot.press("alt+x")
        await pilot.pause()
        assert names(app) == ["b.txt", "c.txt"]
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert names(app) == []
        assert app.focused is app.screen.query_one(PromptEditor)
        await pilot.press("alt+f")  # nothing to choose: a note, the prompt keeps the focus
        assert app.focused is app.screen.query_one(PromptEditor)


async def test_help_names_the_choose_key(build_app):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 80)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(screen_lines(app))
        assert "alt+f" in text and "Pick which file to take off" in text
