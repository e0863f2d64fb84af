"""Named parameter presets, kept in presets.toml beside config.toml (which is never rewritten)."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomli_w

from tui.api.params import ParamError, validate_params
from tui.files import write_private

__all__ = [
    "PRESETS_FILE",
    "Preset",
    "PresetError",
    "delete_preset",
    "dump_presets",
    "load_presets",
    "presets_path",
    "save_preset",
]

PRESETS_FILE = "presets.toml"

_HEADER = (
    "# Parley's parameter presets: one table per preset, written by Parley.\n"
    "# Each has an optional `system` prompt and a `params` table of request parameters.\n"
)


class PresetError(Exception):
    """The presets file cannot be read or written, or a preset is not valid."""


@dataclass(frozen=True, slots=True)
class Preset:
    """Request parameters (as validated by tui.api.params) and a system prompt, by name."""

    params: dict[str, Any] = field(default_factory=dict)
    system: str | None = None


def presets_path(config_path: Path) -> Path:
    """Where the presets live: next to ``config.toml``."""
    return config_path.with_name(PRESETS_FILE)


def load_presets(path: Path) -> dict[str, Preset]:
    """Every preset in the file, in file order; ``{}`` when there is no file yet."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise PresetError(f"{path}: cannot read the presets file: {exc.strerror}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PresetError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message ends "(at line 3, column 7)": keep it, name the file first.
        raise PresetError(f"{path}: invalid TOML: {exc}") from exc
    return {name: _preset(path, text, name, table) for name, table in data.items()}


def save_preset(path: Path, name: str, preset: Preset) -> None:
    """Add ``preset`` as ``name`` (replacing one of that name, in place) and rewrite the file.

    A file that cannot be read is left as it is: the error is raised instead.
    """
    name = _check_name(name)
    try:
        params = validate_params(preset.params)
    except ParamError as exc:
        raise PresetError(f"preset {name!r}: {exc}") from exc
    if preset.system is not None and not isinstance(preset.system, str):
        raise PresetError(f"preset {name!r}: the system prompt must be text")
    presets = load_presets(path)
    presets[name] = Preset(params, preset.system)
    _write(path, presets)


def delete_preset(path: Path, name: str) -> bool:
    """Remove the preset called ``name``; False when there was none."""
    presets = load_presets(path)
    if presets.pop(name, None) is None:
        return False
    _write(path, presets)
    return True


# -- reading ---------------------------------------------------------------------------------


def _preset(path: Path, text: str, name: str, table: Any) -> Preset:
    where = f"{path}, line {_line_of(text, name)}: preset {name!r}"
    if not isinstance(table, dict):
        header = tomli_w.dumps({name: {}}).strip()  # how the table would be written
        raise PresetError(f"{where} must be a table ({header})")
    unknown = sorted(set(table) - {"params", "system"})
    if unknown:
        raise PresetError(f"{where}: unknown setting {unknown[0]!r} (expected params, system)")
    system = table.get("system")
    if system is not None and not isinstance(system, str):
        raise PresetError(f"{where}: system must be a string")
    params = table.get("params", {})
    if not isinstance(params, dict):
        raise PresetError(f"{where}: params must be a table of request parameters")
    try:
        return Preset(validate_params(params), system)
    except ParamError as exc:
        raise PresetError(f"{where}: {exc}") from exc


def _line_of(text: str, name: str) -> int:
    """The line of the preset's table header (or of its top-level key); 1 when not found."""
    in_tables = False
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        is_header = stripped.startswith("[")
        in_tables = in_tables or is_header
        if not stripped or stripped.startswith("#") or (in_tables and not is_header):
            continue
        try:
            # A header or a top-level key line parses alone; its first key names the preset.
            parsed = tomllib.loads(stripped + "\n")
        except tomllib.TOMLDecodeError:
            continue
        if name in parsed:
            return number
    return 1


# -- writing ---------------------------------------------------------------------------------


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise PresetError("a preset needs a name")
    name = name.strip()
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name):
        raise PresetError(f"a preset name cannot hold control characters: {name!r}")
    return name


def _write(path: Path, presets: Mapping[str, Preset]) -> None:
    text = dump_presets(presets)
    tomllib.loads(text)  # never leave a file that cannot be read back
    write_private(path, text)


def dump_presets(presets: Mapping[str, Preset]) -> str:
    """The TOML text of ``presets``: a table per preset, after a header saying what it is."""
    data: dict[str, dict[str, Any]] = {}
    for name, preset in presets.items():
        table: dict[str, Any] = {} if preset.system is None else {"system": preset.system}
        if preset.params:
            _check_numbers(name, preset.params)
            table["params"] = preset.params
        data[name] = table
    try:
        text = _HEADER + "\n" + tomli_w.dumps(data)
    except TypeError as exc:  # a value TOML has no type for (None, an object)
        raise PresetError(f"cannot save this in a preset: {exc}") from exc
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PresetError(f"cannot save text holding a lone surrogate: {exc.object!r}") from exc
    return text


def _check_numbers(name: str, params: Mapping[str, Any]) -> None:
    """Refuse NaN and infinities: TOML could hold them, but no request could send them."""
    try:
        json.dumps(params, allow_nan=False, default=str)
    except ValueError as exc:
        raise PresetError(f"preset {name!r}: cannot save the number: {exc}") from exc
