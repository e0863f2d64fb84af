"""`parley` with a history it cannot use: plain lines and exit 1, never a traceback; an answer
streamed while the database is locked or full is kept, in the history or a recovery file."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.store.faults import FullDisk, fill, hold_lock, tmpfs, wait_locked
from tui import turn_record
from tui.store import connection

# About six seconds of answer: time for a helper process to start and act while it streams.
SLOW = "sim/slow:tps=400,tokens=2400"


def broken_random(data: Path) -> Path:
    data.mkdir()
    (data / "history.db").write_bytes(os.urandom(8192))
    return data / "history.db"


def broken_truncated(data: Path) -> Path:
    data.mkdir()
    conn = sqlite3.connect(data / "history.db")
    conn.execute("CREATE TABLE t (x)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 2000,)] * 100)
    conn.commit()
    conn.close()
    whole = (data / "history.db").read_bytes()
    (data / "history.db").write_bytes(whole[: len(whole) // 2])
    return data / "history.db"


def broken_folder(data: Path) -> Path:
    (data / "history.db").mkdir(parents=True)
    return data / "history.db"


def broken_newer(data: Path) -> Path:
    data.mkdir()
    conn = sqlite3.connect(data / "history.db")
    conn.execute("PRAGMA user_version = 9999")
    conn.close()
    return data / "history.db"


def broken_data_is_a_file(data: Path) -> Path:
    data.write_text("a file where the data folder should be")
    return data


CASES = {
    "random bytes": (broken_random, "Move it aside"),
    "truncated": (broken_truncated, "Move it aside"),
    "a folder": (broken_folder, "Move it aside"),
    "newer schema": (broken_newer, "Upgrade Parley"),
    "data dir is a file": (broken_data_is_a_file, "Move that file aside"),
}


def assert_explained(result, path: Path, hint: str) -> None:
    assert result.code == 1
    assert "Traceback" not in result.err
    lines = result.err.strip().splitlines()
    assert 1 <= len(lines) <= 2, result.err
    assert str(path) in lines[0] and hint in result.err


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", [("history", "list"), ("ask", "-m", "sim/echo", "hi")])
def test_a_history_parley_cannot_use_is_explained_and_left_alone(
    parley, isolated_env, case, command, simulator
):
    make, hint = CASES[case]
    path = make(isolated_env / "data")
    before = path.read_bytes() if path.is_file() else None
    result = parley(*command)
    assert_explained(result, path, hint)
    assert (path.read_bytes() if path.is_file() else None) == before
    if command[0] == "ask":
        assert simulator.requests() == []  # nothing asked that could not be kept


def test_a_lock_held_before_start_is_explained(parley, isolated_env, monkeypatch):
    assert parley("ask", "-m", "sim/echo", "first").code == 0
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_S", 0.3)
    db = isolated_env / "data" / "history.db"
    locker = hold_lock(db, 30)
    try:
        wait_locked(locker)
        result = parley("ask", "-m", "sim/echo", "second")
    finally:
        locker.kill()
        locker.wait()
    assert_explained(result, db, "try again")
    assert "locked by another program" in result.err


def test_a_read_only_file_system_is_explained(parley, isolated_env):
    with tmpfs(isolated_env / "data", "4m") as data:
        assert parley("ask", "-m", "sim/echo", "first").code == 0
        from tests.store.faults import remount_read_only

        remount_read_only(data)
        result = parley("history", "list")
    assert_explained(result, data / "history.db", "writable")


def test_a_full_disk_before_start_is_explained(parley, isolated_env):
    with tmpfs(isolated_env / "data", "1m") as data:
        fill(data)
        result = parley("ask", "-m", "sim/echo", "hi")
    assert_explained(result, data / "history.db", "Free some disk space")


def test_a_lock_taken_mid_stream_and_released_loses_nothing(parley, history, isolated_env):
    assert parley("ask", "-m", "sim/echo", "first").code == 0
    locker = hold_lock(isolated_env / "data" / "history.db", 1.5, when_streaming=True)
    try:
        result = parley("ask", "-m", SLOW, "go")
        out, err = locker.communicate(timeout=30)
    finally:
        locker.kill()
    assert out.split() == ["locked", "released"], err  # the lock was held mid-stream
    assert result.code == 0, result.err
    answer = history(lambda store: store.messages(2))[-1]
    assert answer.status == "complete"
    assert answer.content == result.out.rstrip("\n") or answer.content == result.out
    assert not (isolated_env / "data" / "recovered").exists()


def recovery_file(data: Path) -> Path:
    found = list((data / "recovered").glob("*.md"))
    assert len(found) == 1, found
    assert stat.S_IMODE(found[0].stat().st_mode) == 0o600
    return found[0]


def test_a_lock_held_past_the_end_sends_the_answer_to_a_recovery_file(
    parley, history, isolated_env, monkeypatch
):
    monkeypatch.setattr(turn_record, "FINAL_GRACE", 0.5)
    assert parley("ask", "-m", "sim/echo", "first").code == 0
    data = isolated_env / "data"
    locker = hold_lock(data / "history.db", 60, when_streaming=True)
    try:
        result = parley("ask", "-m", SLOW, "the question")
    finally:
        locker.kill()
        locker.wait()
    assert result.code == 1
    saved = recovery_file(data)
    assert str(saved) in result.err and "not stored" in result.err
    text = saved.read_text()
    assert "the question" in text and SLOW in text
    assert result.out.strip() in text
    assert "Traceback" not in result.err


def test_a_disk_full_mid_stream_keeps_the_whole_answer_in_a_recovery_file(
    parley, isolated_env, monkeypatch
):
    monkeypatch.setattr(turn_record, "FINAL_GRACE", 0.3)
    disk = FullDisk(monkeypatch, after=12)  # the prompt and the answer's row fit, then full
    result = parley("ask", "-m", SLOW, "the question")
    assert disk.full
    assert result.code == 1
    saved = recovery_file(isolated_env / "data")
    assert str(saved) in result.err
    assert result.out.strip() and result.out.strip() in saved.read_text()


def test_a_disk_freed_before_the_end_stores_the_answer(parley, history, monkeypatch):
    disk = FullDisk(monkeypatch)
    real = turn_record.AnswerRecorder.finish

    async def free_then_finish(self, *args):
        disk.full = False  # space freed as the stream ends
        return await real(self, *args)

    original_changed = turn_record.AnswerRecorder.changed

    def fill_once_streaming(self):
        disk.full = disk.full or disk.writes < 1000
        original_changed(self)

    monkeypatch.setattr(turn_record.AnswerRecorder, "changed", fill_once_streaming)
    monkeypatch.setattr(turn_record.AnswerRecorder, "finish", free_then_finish)
    result = parley("ask", "-m", SLOW, "go")
    assert result.code == 0, result.err
    answer = history(lambda store: store.messages(1))[-1]
    assert answer.status == "complete" and answer.content.strip() == result.out.strip()


def test_a_full_file_system_mid_stream_keeps_the_answer(parley, isolated_env, monkeypatch):
    import tempfile

    monkeypatch.setattr(turn_record, "FINAL_GRACE", 0.3)
    monkeypatch.setattr(tempfile, "tempdir", str(isolated_env / "tmp"))
    (isolated_env / "tmp").mkdir()
    with tmpfs(isolated_env / "data", "2m") as data:
        filler = _fill_when_streaming(data)
        try:
            result = parley("ask", "-m", "sim/slow:tps=400,tokens=4000", "go")
        finally:
            filler.join()
    assert result.code == 1
    assert "not stored" in result.err
    saved = next((isolated_env / "tmp").glob("parley-recovered-*/*.md"))
    assert str(saved) in result.err
    assert result.out.strip() in saved.read_text()


def _fill_when_streaming(data: Path):
    import threading
    import time

    def run() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                conn = sqlite3.connect(f"file:{data / 'history.db'}?mode=ro", uri=True)
                streaming = conn.execute(
                    "SELECT 1 FROM messages WHERE status = 'streaming'"
                ).fetchone()
                conn.close()
            except sqlite3.Error:
                streaming = None
            if streaming:
                fill(data)
                return
            time.sleep(0.02)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread
