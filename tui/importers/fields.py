"""Typed reads of fields from untrusted JSON records, each failure naming the record."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from tui.importers.errors import ImportFileError


def record(value: Any, where: str, what: str = "a JSON object") -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise ImportFileError(f"{where}: expected {what}, found {_kind(value)}")
    return value


def text(data: Mapping[str, Any], name: str, where: str, default: str | None = None) -> str | None:
    value = data.get(name)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ImportFileError(f"{where}: {name} is {_kind(value)}, not text")
    return value


def number(data: Mapping[str, Any], name: str, where: str) -> float | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ImportFileError(f"{where}: {name} is {_kind(value)}, not a number")
    return float(value)


def integer(data: Mapping[str, Any], name: str, where: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ImportFileError(f"{where}: {name} is {_kind(value)}, not a whole number")
    return value


def mapping(data: Mapping[str, Any], name: str, where: str) -> dict[str, Any] | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ImportFileError(f"{where}: {name} is {_kind(value)}, not an object")
    return value


def listing(data: Mapping[str, Any], name: str, where: str) -> list[Any]:
    value = data.get(name)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportFileError(f"{where}: {name} is {_kind(value)}, not a list")
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
