"""Reading an import file: which format it is (from its content), and its JSON, bounded."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tui.importers import chatgpt, llm, parley
from tui.importers.errors import ImportFileError
from tui.store import ImportedConversation

FORMATS = ("parley", "chatgpt", "llm")
FORMAT_NAMES = {
    "parley": "a Parley JSON export",
    "chatgpt": "a ChatGPT export",
    "llm": "an llm logs.db",
}
MIB = 1024 * 1024
MAX_JSON_BYTES = 512 * MIB
"""The largest JSON document read whole (JSON lines are read a line at a time)."""
MAX_LINE_BYTES = 256 * MIB
_HEAD = 64 * 1024
_SQLITE = b"SQLite format 3\x00"
_BOM = b"\xef\xbb\xbf"
_CHATGPT = re.compile(rb'"mapping"\s*:')
_WHAT = "a Parley JSON export, ChatGPT's conversations.json or llm's logs.db"


def detect(path: Path) -> str:
    """The format of ``path``, from its first bytes (never from its name alone)."""
    head = _head(path)
    if head.startswith(_SQLITE):
        return "llm"
    body = head.removeprefix(_BOM).lstrip()
    if not body:
        raise ImportFileError(f"{path.name} is empty")
    if body.startswith(b"["):
        return "chatgpt" if _CHATGPT.search(head) else "parley"
    if body.startswith(b"{"):
        return "parley"
    raise ImportFileError(f"{path.name} is not a file Parley can import: expected {_WHAT}")


def read_file(path: Path, fmt: str | None = None) -> tuple[str, Iterator[ImportedConversation]]:
    """The format of ``path`` (``fmt`` forces one) and its conversations, read lazily where
    the format allows: a bad record raises :class:`ImportFileError` when it is reached."""
    fmt = fmt or detect(path)
    name = path.name
    if fmt == "llm":
        return fmt, llm.conversations(path)
    if fmt == "chatgpt":
        return fmt, chatgpt.conversations(_load_json(path), name)
    if fmt != "parley":
        raise ValueError(f"unknown import format {fmt!r}")
    if _first_line_is_a_record(path):
        return fmt, parley.from_lines(_json_lines(path), name)
    return fmt, parley.from_document(_load_json(path), name)


def _head(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(_HEAD)
    except IsADirectoryError:
        raise ImportFileError(f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror}") from None


def _load_json(path: Path) -> Any:
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise ImportFileError(
                f"{path.name} is {size / MIB:,.1f} MB; Parley reads JSON files up to "
                f"{MAX_JSON_BYTES // MIB} MB (JSON lines, as export --all writes, have no limit)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror}") from None
    return _parse(data, path.name)


def _parse(data: bytes, where: str) -> Any:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"{where} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(
            f"{where} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise ImportFileError(f"{where}: the JSON is nested too deeply") from None


def _first_line_is_a_record(path: Path) -> bool:
    """Whether the file is JSON lines: its first line is a whole object on its own (a
    pretty-printed export's first line is just ``{``)."""
    with path.open("rb") as handle:
        first = handle.readline(_HEAD).removeprefix(_BOM).strip()
    if not first.startswith(b"{"):
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):
        return False


def _json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """``(line number, value)`` for each non-blank line, one line in memory at a time."""
    try:
        with path.open("rb") as handle:
            number = 0
            while line := handle.readline(MAX_LINE_BYTES + 1):
                number += 1
                if len(line) > MAX_LINE_BYTES:
                    raise ImportFileError(
                        f"{path.name}: line {number} is longer than {MAX_LINE_BYTES // MIB} MB"
                    )
                if line.strip():
                    yield number, _parse(line.removeprefix(_BOM), f"{path.name}: line {number}")
    except OSError as exc:
        raise ImportFileError(f"cannot read {path}: {exc.strerror}") from None
