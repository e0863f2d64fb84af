"""Saving a typed API key into config.toml, for the base URL it was typed for."""

from __future__ import annotations

import tomllib
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any, TypeGuard

import tomlkit
from tomlkit.exceptions import TOMLKitError

from tui.config import DEFAULT_BASE_URL, ConfigError
from tui.credentials import same_server
from tui.files import write_private

__all__ = ["save_api_key"]


def save_api_key(path: Path, key: str, base_url: str | None = None) -> None:
    """Keep ``key`` for ``base_url`` in the config file, keeping everything else, owner-only.

    The top-level ``api_key`` belongs to the config's own base URL; a key typed for another
    one goes to its ``[servers."URL"]`` table, so it never reaches a server it was not for.
    The user's comments, order and other settings stay as they were (tomlkit edits in place).
    """
    key = key.strip()
    if not key or any(ch.isspace() or ord(ch) < 32 for ch in key):
        raise ConfigError("an API key is one word with no spaces or control characters")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    try:
        tomllib.loads(text)  # the reader Parley loads settings with decides what is valid
        document = tomlkit.parse(text)
    except (tomllib.TOMLDecodeError, TOMLKitError) as exc:
        raise ConfigError(f"{path}: invalid TOML, so the key cannot be added: {exc}") from exc
    own_url = document.get("base_url")
    top = base_url is None or same_server(
        own_url if isinstance(own_url, str) else DEFAULT_BASE_URL, base_url
    )
    server = None if top else base_url
    _table_for(document, server)["api_key"] = key
    text = tomlkit.dumps(document)
    _check_placed(text, key, server)
    write_private(path, text)


def _table_for(document: tomlkit.TOMLDocument, server: str | None) -> MutableMapping[str, Any]:
    """The table the key goes in: the top level, or ``[servers."URL"]`` (made if missing)."""
    if server is None:
        return document
    servers = document.setdefault("servers", tomlkit.table(is_super_table=True))
    table = servers.setdefault(server, tomlkit.table()) if _is_table(servers) else None
    if not _is_table(table):
        raise ConfigError("cannot add the key to the config file safely: edit it by hand")
    return table


def _is_table(value: object) -> TypeGuard[MutableMapping[str, Any]]:
    return isinstance(value, MutableMapping)


def _check_placed(text: str, key: str, server: str | None) -> None:
    """Never write a file we cannot read back, or whose key landed somewhere else."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot add the key to the config file safely: {exc}") from exc
    table = data.get("servers", {}).get(server, {}) if server is not None else data
    if not isinstance(table, dict) or table.get("api_key") != key:
        raise ConfigError("cannot add the key to the config file safely: edit it by hand")
