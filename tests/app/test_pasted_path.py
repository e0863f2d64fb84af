"""A pasted or dropped path is offered as an attachment: enter attaches it (the path leaves
the prompt), escape keeps it as pasted text; other pastes are only text."""

from __future__ import annotations

import pytest
from textual import events

from tests.app.pilot_helpers import catalog_loaded, dialog_text
from tests.app.test_attachments_app import chips
from tui.attachments import pasted_path
from tui.screens.dialogs import ConfirmDialog
from tui.widgets.prompt import PromptEditor


async def paste(pilot, text: str) -> PromptEditor:
    editor = pilot.app.screen.query_one(PromptEditor)
    editor.focus()
    editor.post_message(events.Paste(text))
    await pilot.pause()
    await pilot.pause()
    return editor


@pytest.fixture
def photo(tmp_path):
    folder = tmp_path / "holiday pics"
    folder.mkdir()
    path = folder / "my [photo].png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    return path


async def test_enter_attaches_a_dropped_path_and_takes_it_out_of_the_prompt(build_app, photo):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        editor = pilot.app.screen.query_one(PromptEditor)
        editor.load("Look at ")
        await paste(pilot, f"'{photo}' ")
        assert isinstance(app.screen, ConfirmDialog)
        assert "Attach my [photo].png?" in dialog_text(app) and "esc keep" in dialog_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert chips(app) == ("my [photo].png · png · 48 bytes",)
        assert editor.text == "Look at " and app.focused is editor


async def test_escape_keeps_the_pasted_path_as_text(build_app, photo):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        escaped = str(photo).replace(" ", "\\ ").replace("[", "\\[").replace("]", "\\]")
        editor = await paste(pilot, escaped)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert chips(app) == () and editor.text == escaped


async def test_ordinary_text_is_only_pasted(build_app, photo):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        editor = await paste(pilot, f"see {photo} please")
        assert not isinstance(app.screen, ConfirmDialog)
        assert editor.text == f"see {photo} please"


def test_what_a_terminal_pastes_for_a_dropped_file(photo, tmp_path, monkeypatch):
    url = "file://" + str(photo).replace(" ", "%20").replace("[", "%5B").replace("]", "%5D")
    escaped = str(photo).replace(" ", "\\ ")
    for pasted in (str(photo), f'"{photo}"\n', escaped, url):
        assert pasted_path(pasted) == photo, pasted
    monkeypatch.chdir(photo.parent)
    assert pasted_path("./" + photo.name) is not None
    for text in (photo.name, str(photo.parent), str(tmp_path / "none.png"), "file://host/x"):
        assert pasted_path(text) is None, text
    assert pasted_path(f"{photo}\n{photo}") is None
