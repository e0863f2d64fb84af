"""Saving a typed API key into config.toml, for the base URL it was typed for."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from tui.config import DEFAULT_BASE_URL, ConfigError
from tui.credentials import same_server
from tui.files import write_private

__all__ = ["save_api_key"]

_KEY_LINE = re.compile(r"^[ \t]*api_key[ \t]*=.*$", re.MULTILINE)
_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)


def save_api_key(path: Path, key: str, base_url: str | None = None) -> None:
    """Keep ``key`` for ``base_url`` in the config file, keeping everything else, owner-only.

    The top-level ``api_key`` belongs to the config's own base URL; a key typed for another
    one goes to its ``[servers."URL"]`` table, so it never reaches a server it was not for.
    """
    key = key.strip()
    if not key or any(ch.isspace() or ord(ch) < 32 for ch in key):
        raise ConfigError("an API key is one word with no spaces or control characters")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML, so the key cannot be added: {exc}") from exc
    own_url = data.get("base_url") if isinstance(data.get("base_url"), str) else None
    line = f"api_key = {json.dumps(key)}"
    top = base_url is None or same_server(own_url or DEFAULT_BASE_URL, base_url)
    if top:
        text = _set_key(text, 0, line=line)
    else:
        header = f"[servers.{json.dumps(base_url)}]"
        at = text.find(header)
        if at < 0:
            text = text + ("\n" if text and not text.endswith("\n") else "") + header + "\n"
            at = text.find(header)
        line_end = text.find("\n", at)
        text = _set_key(text, line_end + 1 if line_end >= 0 else len(text), line=line)
    _check_placed(text, key, base_url if base_url is not None and not top else None)
    write_private(path, text)


def _set_key(text: str, start: int, *, line: str) -> str:
    """Replace the ``api_key`` line of the table starting at ``start`` (its first line), or add
    one at the table's top."""
    table = _TABLE.search(text, start)
    end = table.start() if table else len(text)
    found = _KEY_LINE.search(text, start, end)
    if found:
        return text[: found.start()] + line + text[found.end() :]
    head = text[:start]
    if head and not head.endswith("\n"):
        head += "\n"
    return head + line + "\n" + text[start:]


def _check_placed(text: str, key: str, server: str | None) -> None:
    """Never write a file we cannot read back, or whose key landed somewhere else."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"cannot add the key to the config file safely: {exc}") from exc
    table = data.get("servers", {}).get(server, {}) if server is not None else data
    if not isinstance(table, dict) or table.get("api_key") != key:
        raise ConfigError("cannot add the key to the config file safely: edit it by hand")
