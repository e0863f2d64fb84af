"""When the history cannot be opened, the first screen says why and what to do; q quits, 1."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from tests.trust.terminal import PtyProcess
from tui.screens.store_error import StoreErrorApp, StoreErrorScreen
from tui.store import StoreDamagedError


async def test_the_screen_names_the_file_the_fault_and_the_fix_and_q_quits_with_1():
    error = StoreDamagedError("/data/parley/history.db", "it is not an SQLite database")
    app = StoreErrorApp(error.lines())
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StoreErrorScreen)
        shown = " ".join(str(w.render()) for w in app.screen.query(Static))
        assert "/data/parley/history.db" in shown
        assert "not an SQLite database" in shown and "Move it aside" in shown
        await pilot.press("q")
    assert (app.return_value, app.return_code) == (1, 1)


def test_parley_on_a_broken_history_shows_the_screen_then_exits_1(isolated_env: Path):
    data = isolated_env / "data"
    data.mkdir()
    db = data / "history.db"
    db.write_bytes(b"\x00garbage" * 1000)
    before = db.read_bytes()
    process = PtyProcess("--demo")
    try:
        process.wait_for("Press q to quit")
        process.send(b"q")
        assert process.finish(timeout=15) == 1
    finally:
        process.close()
    assert b"hint:" in process.output
    assert b"Traceback" not in process.output
    assert db.read_bytes() == before


async def test_an_answer_the_history_refuses_is_kept_and_the_user_told_where(
    build_app, store, monkeypatch, tmp_path: Path
):
    from tests.app.pilot_helpers import ask
    from tests.store.faults import FullDisk
    from tui import turn_record

    monkeypatch.setattr(turn_record, "FINAL_GRACE", 0.2)
    disk = FullDisk(monkeypatch)
    changed = turn_record.AnswerRecorder.changed

    def full_once_streaming(self) -> None:
        # Full for the answer's writes: once the chat's own follow-up writes of a new
        # conversation (its parameters) are done, which a busy machine can hold back past
        # the first words of the answer.
        settling = [w for w in app.screen.workers if w.group == "settle" and not w.is_finished]
        disk.full = disk.full or not settling
        changed(self)

    monkeypatch.setattr(turn_record.AnswerRecorder, "changed", full_once_streaming)
    app = build_app(model="sim/slow:tps=100,tokens=300")
    async with app.run_test(size=(100, 30)) as pilot:
        await ask(pilot, "keep this")
        assert disk.full
        saved = list((tmp_path / "recovered").glob("*.md"))
        assert len(saved) == 1 and "keep this" in saved[0].read_text()
        told = [n.message for n in app._notifications]
        assert any(str(saved[0]) in message for message in told), told
