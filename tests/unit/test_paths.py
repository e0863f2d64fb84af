"""The shipped styles are found inside an installed package, or beside a source checkout's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tui import paths


def test_a_checkout_finds_the_styles_beside_the_package() -> None:
    found = paths.styles_dir()
    assert (found / "chat.tcss").is_file()
    assert found == Path(paths.__file__).resolve().parent.parent / "styles"


def test_an_installed_package_finds_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "tui"
    (package / "styles").mkdir(parents=True)
    monkeypatch.setattr(paths, "__file__", str(package / "paths.py"))
    assert paths.styles_dir() == package / "styles"


def test_finding_them_imports_no_resource_readers() -> None:
    # importlib.resources brings zipfile and its readers: ~4 ms before the first frame.
    code = (
        "import sys, tui.paths as p; p.styles_dir(); "
        "print([m for m in ('importlib.resources', 'zipfile') if m in sys.modules])"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"
