"""Reading the ``llm`` CLI's ``logs.db`` (simonw/llm), read-only: its responses as records."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote


class LlmLogsError(Exception):
    """The file is not an llm logs database Parley can read; the message says why."""


@dataclass(frozen=True, slots=True)
class LlmAttachment:
    """A file sent with a prompt; ``content`` is ``None`` when llm kept only its path or URL."""

    type: str | None
    path: str | None
    url: str | None
    content: bytes | None = field(repr=False)


@dataclass(frozen=True, slots=True)
class LlmResponse:
    """One row of llm's ``responses``: a prompt and its answer, with its conversation."""

    id: str
    conversation_id: str | None
    conversation_name: str | None
    conversation_model: str | None
    model: str | None
    resolved_model: str | None
    prompt: str | None
    system: str | None
    options_json: str | None
    response: str | None
    reasoning: str | None
    duration_ms: float | None
    datetime_utc: str | None
    input_tokens: int | None
    output_tokens: int | None
    attachments: tuple[LlmAttachment, ...] = ()


# Columns added by later llm migrations, read as NULL from an older file.
_LATER = ("resolved_model", "reasoning", "input_tokens", "output_tokens")
_SELECT = """
SELECT r.id, r.conversation_id, {conversation}, r.model, {resolved_model}, r.prompt, r.system,
       r.options_json, r.response, {reasoning}, r.duration_ms, r.datetime_utc,
       {input_tokens}, {output_tokens}
FROM responses AS r {join}
ORDER BY COALESCE(r.conversation_id, r.id), r.datetime_utc, r.id
"""
_FILES = """
SELECT a.type, a.path, a.url, a.content
FROM prompt_attachments AS p JOIN attachments AS a ON a.id = p.attachment_id
WHERE p.response_id = ? ORDER BY p."order"
"""


def read_llm_logs(path: Path) -> Iterator[LlmResponse]:
    """Every response, grouped by conversation and in time order, one row in memory at a
    time. Raises :class:`LlmLogsError` for a file that is not such a database."""
    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise LlmLogsError(f"cannot be opened: {exc}") from None
    try:
        yield from _responses(conn)
    except sqlite3.DatabaseError as exc:
        raise LlmLogsError(f"cannot be read as an SQLite database ({exc})") from None
    finally:
        conn.close()


def _responses(conn: sqlite3.Connection) -> Iterator[LlmResponse]:
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "responses" not in tables:
        raise LlmLogsError("has no responses table: it is not an llm logs.db")
    present = {row[1] for row in conn.execute("PRAGMA table_info(responses)")}
    columns = {name: (f"r.{name}" if name in present else "NULL") for name in _LATER}
    if "conversations" in tables:
        conversation = "c.name, c.model"
        join = "LEFT JOIN conversations AS c ON c.id = r.conversation_id"
    else:
        conversation, join = "NULL, NULL", ""
    sql = _SELECT.format(conversation=conversation, join=join, **columns)
    files = {"attachments", "prompt_attachments"} <= tables
    for row in conn.execute(sql):
        attached = ()
        if files:
            attached = tuple(LlmAttachment(*r) for r in conn.execute(_FILES, (row[0],)))
        yield LlmResponse(*(str(row[0]), *row[1:]), attachments=attached)
