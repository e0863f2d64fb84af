"""A history Parley cannot use is refused with the file, the fault and the fix, and is never
changed; new history files are private."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from tui.store import (
    SchemaTooNewError,
    Store,
    StoreDamagedError,
    StoreError,
    StoreFullError,
    StoreLocationError,
    StoreLockedError,
    StoreReadOnlyError,
    connection,
)
from tui.store.migrations import MIGRATIONS
from tui.store.recovery import RecoveredAnswer, write_recovery

from .faults import FullDisk, fill, hold_lock, remount_read_only, tmpfs, wait_locked


async def make_history(path: Path, conversations: int = 30) -> None:
    async with await Store.open(path) as store:
        for n in range(conversations):
            conversation = await store.create_conversation(model="m")
            await store.add_message(conversation.id, "user", f"question {n} " * 50)
            await store.add_message(conversation.id, "assistant", f"answer {n} " * 400)


def contents(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


async def refused(path: Path, kind: type[StoreError]) -> StoreError:
    """Open (and read) ``path``: it must fail with ``kind``, explained, the bytes unchanged."""
    before = contents(path)
    with pytest.raises(kind) as caught:
        async with await Store.open(path) as store:
            await store.list_conversations(limit=1000)
            await store.search("answer")
    error = caught.value
    assert str(path) in str(error) and error.hint
    assert 1 <= len(error.lines()) <= 2
    assert contents(path) == before
    return error


async def test_random_bytes_are_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    path.write_bytes(os.urandom(16384))
    error = await refused(path, StoreDamagedError)
    assert "Move it aside" in error.hint


@pytest.mark.parametrize("kept", [0.3, 0.6, 0.95])
async def test_a_truncated_history_is_refused_untouched(tmp_path: Path, kept: float) -> None:
    whole = tmp_path / "whole.db"
    await make_history(whole)
    path = tmp_path / "history.db"
    data = whole.read_bytes()
    path.write_bytes(data[: int(len(data) * kept)])
    await refused(path, StoreDamagedError)


async def test_a_folder_named_history_db_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    path.mkdir()
    (path / "inside").write_text("kept")
    error = await refused(path, StoreDamagedError)
    assert "folder" in str(error)
    assert (path / "inside").read_text() == "kept"


async def test_a_newer_schema_says_upgrade_parley(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    conn.close()
    error = await refused(path, SchemaTooNewError)
    assert "Upgrade Parley" in error.hint


async def test_a_file_where_the_data_folder_should_be_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.write_text("not a folder")
    with pytest.raises(StoreLocationError) as caught:
        await Store.open(folder / "history.db")
    assert str(folder) in str(caught.value) and caught.value.hint
    assert folder.read_text() == "not a folder"


async def test_a_lock_held_before_start_is_reported_after_the_wait(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    await make_history(path, conversations=1)
    locker = hold_lock(path, 30)
    try:
        wait_locked(locker)
        with pytest.raises(StoreLockedError) as caught:
            await Store.open(path, busy_timeout=0.3)
        assert "locked by another program" in str(caught.value)
    finally:
        locker.kill()
        locker.wait()


async def test_a_read_only_file_system_is_reported(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "4m") as mnt:
        await make_history(mnt / "history.db", conversations=2)
        remount_read_only(mnt)
        await refused(mnt / "history.db", StoreReadOnlyError)
        with pytest.raises(StoreReadOnlyError):
            await Store.open(mnt / "new" / "history.db")


async def test_a_read_only_database_is_reported_without_a_mount(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.db"
    await make_history(path, conversations=2)
    before = path.read_bytes()
    plain = connection.aiosqlite.connect

    def read_only(where, **options):  # what SQLite gives on a read-only file
        return plain(f"file:{where}?mode=ro", uri=True, **options)

    monkeypatch.setattr(connection.aiosqlite, "connect", read_only)
    async with await Store.open(path) as store:
        assert len(await store.list_conversations()) == 2
        with pytest.raises(StoreReadOnlyError) as caught:
            await store.create_conversation("nope")
    assert str(path) in str(caught.value) and caught.value.hint
    assert path.read_bytes() == before


async def test_a_full_disk_at_start_is_reported(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "1m") as mnt:
        fill(mnt)
        with pytest.raises(StoreFullError) as caught:
            await Store.open(mnt / "history.db")
        assert "Free some disk space" in caught.value.hint


async def test_a_full_disk_while_writing_is_a_store_full_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with await Store.open(tmp_path / "history.db") as store:
        conversation = await store.create_conversation()
        FullDisk(monkeypatch).full = True
        with pytest.raises(StoreFullError) as caught:
            await store.add_message(conversation.id, "user", "hello")
        assert caught.value.transient
        assert [m.content for m in await store.messages(conversation.id)] == []


async def test_a_full_file_system_write_is_a_store_full_error(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "2m") as mnt:
        async with await Store.open(mnt / "history.db") as store:
            conversation = await store.create_conversation()
            fill(mnt)
            with pytest.raises(StoreFullError):
                for _ in range(50):
                    await store.add_message(conversation.id, "user", "x" * 100_000)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_a_new_history_and_its_wal_and_shm_are_private(tmp_path: Path) -> None:
    path = tmp_path / "new" / "history.db"
    old = os.umask(0o022)
    try:
        async with await Store.open(path) as store:
            await store.create_conversation("private")
            files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
            assert all(f.exists() for f in files)
            assert {f.name: mode(f) for f in files} == {f.name: 0o600 for f in files}
    finally:
        os.umask(old)
    assert mode(path.parent) == 0o700


async def test_an_existing_world_readable_history_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "history.db"
    await make_history(path, conversations=1)
    path.chmod(0o644)
    async with await Store.open(path):
        pass
    assert mode(path) == 0o600


def test_a_recovery_file_is_private_and_keeps_the_prompt_model_and_answer(tmp_path: Path):
    answer = RecoveredAnswer("the prompt", "sim/slow", "the whole answer", "complete")
    written = write_recovery(tmp_path / "history.db", answer, when=1_700_000_000)
    assert written.parent == tmp_path / "recovered"
    assert written.name == "20231114T221320Z.md"
    assert mode(written) == 0o600
    text = written.read_text()
    assert "the prompt" in text and "sim/slow" in text and "the whole answer" in text
    again = write_recovery(tmp_path / "history.db", answer, when=1_700_000_000)
    assert again != written and again.read_text() == text


def test_a_recovery_file_falls_back_to_a_private_temp_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    (tmp_path / "recovered").write_text("a file in the way")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    answer = RecoveredAnswer("p", "m", "kept anyway", "complete")
    written = write_recovery(tmp_path / "history.db", answer)
    assert written.parent.parent == tmp_path / "tmp"
    assert mode(written.parent) == 0o700 and mode(written) == 0o600
    assert "kept anyway" in written.read_text()
