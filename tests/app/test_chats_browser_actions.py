"""The chats browser's actions: pin and unpin, duplicate (the copy highlighted, enter opens
it), export to Markdown or JSON (a default name here, never replacing a file unasked)."""

from __future__ import annotations

import json

import pytest

from tests.app.pilot_helpers import dialog_text, wait_until
from tests.app.test_chats_list import open_list, rows, stored_chat
from tui.screens.dialogs import ConfirmDialog, InputDialog
from tui.widgets.conversations import PIN_MARK


@pytest.fixture
def here(tmp_path, monkeypatch):
    """The folder parley runs in, under home: exports go there by default."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("HOME", str(tmp_path))
    return folder


def notes(app) -> list[str]:
    return [n.message for n in app._notifications]


async def answer_dialog(pilot, value: str) -> None:
    app = pilot.app
    await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))
    app.screen.query_one("#dialog-input").value = value
    await pilot.press("enter")


# -- pin ---------------------------------------------------------------------------------------


async def test_pinning_brings_a_chat_to_the_top_and_unpinning_puts_it_back(build_app, store):
    old = await stored_chat(store, "Old but dear")
    await stored_chat(store, "Newer")
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        panel = await open_list(pilot)
        await pilot.press("down", "ctrl+k")
        await wait_until(pilot, lambda: rows(app)[0].startswith(f"  {PIN_MARK} Old but dear"))
        assert panel.rows.highlighted_id == old  # the highlight follows the chat
        assert [row.pinned for row in await store.browse_conversations()] == [True, False]
        await pilot.press("ctrl+k")
        await wait_until(pilot, lambda: rows(app)[0].startswith("  Newer"))
        assert PIN_MARK not in " ".join(rows(app))
        assert not any(row.pinned for row in await store.browse_conversations())


async def test_a_deleted_pinned_chat_comes_back_pinned_with_undo(build_app, store):
    pinned = await stored_chat(store, "Pinned")
    await stored_chat(store, "Other")
    await store.set_pinned(pinned, True)
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_list(pilot)
        await pilot.press("delete")
        await wait_until(pilot, lambda: len(rows(app)) == 1)
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: len(rows(app)) == 2)
        assert rows(app)[0].startswith(f"  {PIN_MARK} Pinned")


# -- duplicate ---------------------------------------------------------------------------------


async def test_duplicating_highlights_the_copy_and_enter_opens_it(build_app, store):
    original = await stored_chat(store, "Worth keeping")
    await stored_chat(store, "Something else")
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        panel = await open_list(pilot)
        await pilot.press("down", "ctrl+d")
        await wait_until(pilot, lambda: len(rows(app)) == 3)
        copy = panel.rows.highlighted_id
        assert copy not in (None, original)
        assert rows(app)[0].startswith("  Worth keeping (copy)")
        assert any(f"#{copy}" in note for note in notes(app))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.conversation is not None)
        assert app.screen.conversation.id == copy
        assert [m.content for m in app.screen.messages] == ["Worth keeping?", "An answer"]
    assert [m.content for m in await store.messages(original)] == ["Worth keeping?", "An answer"]


# -- export ------------------------------------------------------------------------------------


async def test_export_writes_markdown_under_a_default_name_here(build_app, store, here):
    cid = await stored_chat(store, "Rust: lifetimes/borrows")
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_list(pilot)
        await pilot.press("ctrl+e")
        await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))
        shown = app.screen.query_one("#dialog-input").value
        assert shown.startswith("~/work/parley-")  # where, said short
        assert shown == f"~/work/parley-{cid}-Rust-lifetimes-borrows.md"
        default = here / shown.removeprefix("~/work/")
        await pilot.press("enter")
        await wait_until(pilot, default.exists)
        await wait_until(pilot, lambda: any("Exported" in note for note in notes(app)))
    text = default.read_text(encoding="utf-8")
    assert "# Rust: lifetimes/borrows" in text
    assert "> Rust: lifetimes/borrows?" in text and "> An answer" in text


async def test_export_to_json_keeps_every_branch(build_app, store, here):
    cid = await stored_chat(store, "Branchy")
    first_answer = (await store.messages(cid))[-1]
    await store.add_message(cid, "assistant", "Another answer", parent_id=first_answer.parent_id)
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_list(pilot)
        await pilot.press("ctrl+e")
        await answer_dialog(pilot, "branchy.json")
        await wait_until(pilot, lambda: (here / "branchy.json").exists())
    data = json.loads((here / "branchy.json").read_text(encoding="utf-8"))
    assert data["conversation"]["id"] == cid
    contents = [m["content"] for m in data["messages"]]
    assert contents == ["Branchy?", "An answer", "Another answer"]
    assert len(data["chosen_path"]) == 2


async def test_export_never_replaces_a_file_without_asking(build_app, store, here):
    await stored_chat(store, "Precious")
    target = here / "notes.md"
    target.write_text("my own notes\n", encoding="utf-8")
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_list(pilot)
        await pilot.press("ctrl+e")
        await answer_dialog(pilot, "notes.md")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "notes.md exists. Replace it?" in dialog_text(app)
        await pilot.press("n")
        await wait_until(pilot, lambda: any("Not exported" in note for note in notes(app)))
        assert target.read_text(encoding="utf-8") == "my own notes\n"
        await pilot.press("ctrl+e")
        await answer_dialog(pilot, "notes.md")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_until(pilot, lambda: "Precious" in target.read_text(encoding="utf-8"))


async def test_export_into_a_folder_uses_the_default_name_there(build_app, store, here):
    cid = await stored_chat(store, "Filed")
    (here / "out").mkdir()
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_list(pilot)
        await pilot.press("ctrl+e")
        await answer_dialog(pilot, "out")
        await wait_until(pilot, lambda: (here / "out" / f"parley-{cid}-Filed.md").exists())


async def test_an_export_that_cannot_be_written_says_why_and_keeps_the_list(build_app, store, here):
    await stored_chat(store, "Nowhere to go")
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        panel = await open_list(pilot)
        await pilot.press("ctrl+e")
        await answer_dialog(pilot, "missing/folder/chat.md")
        await wait_until(pilot, lambda: any("Cannot write" in note for note in notes(app)))
        errors = [n for n in app._notifications if n.severity == "error"]
        assert "No such file or directory" in errors[0].message
        assert app.screen.focused is panel.rows and len(rows(app)) == 1
    assert not (here / "missing").exists()
