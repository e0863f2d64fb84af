"""Where Parley keeps its config, history and shipped styles."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "parley"


def config_dir() -> Path:
    """``PARLEY_CONFIG_DIR``, else ``$XDG_CONFIG_HOME/parley`` (or the platform's equivalent)."""
    override = os.environ.get("PARLEY_CONFIG_DIR")
    return Path(override).expanduser() if override else platformdirs.user_config_path(APP_NAME)


def data_dir() -> Path:
    """``PARLEY_DATA_DIR``, else ``$XDG_DATA_HOME/parley`` (or the platform's equivalent)."""
    override = os.environ.get("PARLEY_DATA_DIR")
    return Path(override).expanduser() if override else platformdirs.user_data_path(APP_NAME)


def config_path() -> Path:
    return config_dir() / "config.toml"


def history_path() -> Path:
    return data_dir() / "history.db"


def styles_dir() -> Path:
    """The ``.tcss`` files: inside the installed wheel, or ``styles/`` of a source checkout."""
    # The package is a folder on disk, as importlib.resources would find it (which costs the
    # first frame ~4 ms of imports: zipfile, the resource readers).
    package = Path(__file__).resolve().parent
    shipped = package / "styles"
    if shipped.is_dir():
        return shipped
    return package.parent / "styles"
