"""Config files are replaced whole, owner-only from the first byte, or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tui import files
from tui.config import ConfigError
from tui.files import write_private
from tui.keyfile import save_api_key


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The most permissive umask: nothing may rely on it to keep a file private."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_file_and_its_directory_are_owner_only(tmp_path, open_umask):
    path = tmp_path / "new" / "config.toml"
    write_private(path, "a = 1\n")
    assert path.read_text() == "a = 1\n"
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_a_readable_file_becomes_owner_only(tmp_path, open_umask):
    path = tmp_path / "config.toml"
    path.write_text("old\n")
    path.chmod(0o644)
    write_private(path, "new\n")
    assert (path.read_text(), mode(path)) == ("new\n", 0o600)


def test_the_file_is_never_readable_by_others_while_written(tmp_path, monkeypatch, open_umask):
    seen: list[tuple[int, str]] = []
    real_replace = os.replace

    def spy(src, dst):
        seen.append((mode(Path(src)), Path(src).read_text()))
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", spy)
    write_private(tmp_path / "config.toml", "secret\n")
    assert seen == [(0o600, "secret\n")]  # complete and private before it takes the name


def test_an_interrupted_write_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text('api_key = "sk-old"\n')
    path.chmod(0o600)

    def crash(_fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", crash)
    with pytest.raises(OSError, match="No space"):
        write_private(path, 'api_key = "sk-new"\n')
    assert path.read_text() == 'api_key = "sk-old"\n'
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temp file left


def test_saving_a_key_that_fails_midway_keeps_the_old_config(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text('model = "m"\napi_key = "sk-old"\n')

    def crash(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(files.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        save_api_key(path, "sk-new")
    assert path.read_text() == 'model = "m"\napi_key = "sk-old"\n'
    assert len(list(tmp_path.iterdir())) == 1


def test_a_bad_key_writes_nothing(tmp_path):
    with pytest.raises(ConfigError):
        save_api_key(tmp_path / "config.toml", "two words")
    assert list(tmp_path.iterdir()) == []
