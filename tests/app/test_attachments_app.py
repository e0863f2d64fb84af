"""Files in the chat: f8 names one, chips show it, sending takes it, the prompt lists it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from tests.app.pilot_helpers import catalog_loaded, last_chat, send, settle
from tui.screens.dialogs import InputDialog, complete_path
from tui.widgets.attachment_chips import AttachmentChips
from tui.widgets.transcript import Transcript

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


async def attach(pilot, path: Path | str) -> None:
    """Press f8, type the path, enter."""
    await pilot.press("f8")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, InputDialog)
    dialog.query_one(Input).value = str(path)
    await pilot.press("enter")
    await pilot.pause()


def chips(app) -> tuple[str, ...]:
    return app.screen.query_one(AttachmentChips).chips


def notes(app) -> str:
    return " | ".join(str(n.message) for n in app._notifications)


async def test_an_attached_file_is_a_chip_then_goes_with_the_prompt(
    build_app, store, simulator, tmp_path
):
    notes_file = tmp_path / "notes.md"
    notes_file.write_text("# Plan\nship it\n")
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        await attach(pilot, notes_file)
        assert chips(app) == ("notes.md · text · 15 bytes",)
        assert app.screen.query_one(AttachmentChips).display
        await send(pilot, "Summarise this")
        screen = await settle(pilot)
        assert chips(app) == ()
        assert not screen.query_one(AttachmentChips).display
        sent = last_chat(simulator).body["messages"][-1]["content"]
        assert sent[0] == {"type": "text", "text": "Summarise this"}
        assert "notes.md" in sent[1]["text"] and "ship it" in sent[1]["text"]
        user, _answer = await store.messages(screen.conversation.id)
        assert [a.name for a in (await store.attachments_of([user.id]))[user.id]] == ["notes.md"]
        view = screen.query_one(Transcript).message_view(user.id)
        assert "notes.md · text · 15 bytes" in view.detail


async def test_a_chip_comes_off_and_only_the_rest_go(build_app, simulator, tmp_path):
    (tmp_path / "a.png").write_bytes(PNG)
    (tmp_path / "b.txt").write_text("bee")
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        await attach(pilot, tmp_path / "a.png")
        await attach(pilot, tmp_path / "b.txt")
        assert [chip.split(" · ")[0] for chip in chips(app)] == ["a.png", "b.txt"]
        await pilot.press("alt+x")
        await pilot.pause()
        assert [chip.split(" · ")[0] for chip in chips(app)] == ["a.png"]
        await send(pilot, "look")
        await settle(pilot)
        parts = last_chat(simulator).body["messages"][-1]["content"]
        assert [p["type"] for p in parts] == ["text", "image_url"]
        assert parts[1]["image_url"]["url"].startswith("data:image/png;base64,")


async def test_bad_files_are_notes_and_no_chip(build_app, simulator, tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "a.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 30)
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        await attach(pilot, tmp_path / "missing.txt")
        await attach(pilot, tmp_path / "folder")
        await attach(pilot, tmp_path / "a.zip")
        assert chips(app) == ()
        said = notes(app)
        assert "no such file" in said and "is a folder" in said and "ZIP archive" in said


async def test_a_kind_the_model_does_not_take_is_refused(build_app, tmp_path):
    (tmp_path / "a.png").write_bytes(PNG)
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await catalog_loaded(pilot)
        text_only = next(m for m in screen.model_infos.values() if m.input_modalities == ("text",))
        await screen.parts.models.use(text_only.id)
        await attach(pilot, tmp_path / "a.png")
        assert chips(app) == ()
        assert f"{text_only.id} does not take image input" in notes(app)


async def test_a_hostile_file_name_reaches_the_chip_inert(build_app, tmp_path):
    hostile = tmp_path / "a\x1b]0;owned\x07.txt"
    hostile.write_text("hi")
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        await attach(pilot, hostile)
        (chip,) = chips(app)
        assert "\x1b" not in chip and "\x07" not in chip and "owned" in chip


def test_a_path_completes_from_its_folder(tmp_path):
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "reports").mkdir()
    assert complete_path(f"{tmp_path}/rep") == f"{tmp_path}/report.pdf"
    assert complete_path(f"{tmp_path}/reports") == f"{tmp_path}/reports/"
    assert complete_path(f"{tmp_path}/nothing") is None


async def test_an_edited_prompt_keeps_its_files_unless_the_edit_is_abandoned(
    build_app, store, simulator, tmp_path
):
    (tmp_path / "a.png").write_bytes(PNG)
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        await attach(pilot, tmp_path / "a.png")
        await send(pilot, "look")
        await settle(pilot)
        await pilot.press("ctrl+l")
        await pilot.pause()
        assert chips(app) == ("a.png · png · 48 bytes",)
        await pilot.press("escape")
        await pilot.pause()
        assert chips(app) == ()
        await pilot.press("ctrl+l")
        await pilot.pause()
        await send(pilot, "look again")
        screen = await settle(pilot)
        parts = last_chat(simulator).body["messages"][-1]["content"]
        assert [p["type"] for p in parts] == ["text", "image_url"]
        edited = screen.messages[-2]
        assert edited.content == "look again"
        files = await store.attachments_of([edited.id])
        assert [a.name for a in files[edited.id]] == ["a.png"]
