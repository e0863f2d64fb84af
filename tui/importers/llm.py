"""The ``llm`` CLI's ``logs.db``: each conversation's responses become prompt and answer pairs;
a response outside any conversation becomes a conversation of its own."""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path, PurePath
from typing import Any

from tui.attachments import sniff
from tui.importers.errors import ImportFileError, described
from tui.store import ImportedConversation, ImportedMessage, NewAttachment
from tui.store.llm_logs import LlmAttachment, LlmLogsError, LlmResponse, read_llm_logs


def conversations(path: Path) -> Iterator[ImportedConversation]:
    try:
        rows = read_llm_logs(path)
        for key, group in groupby(rows, key=lambda r: r.conversation_id or f"response:{r.id}"):
            yield _conversation(key, list(group), path.name)
    except LlmLogsError as exc:
        raise ImportFileError(f"{path.name} {exc}") from None


def _conversation(key: str, rows: list[LlmResponse], name: str) -> ImportedConversation:
    first = rows[0]
    where = f"{name}: conversation {first.conversation_id or first.id}"
    where += described(first.conversation_name)
    messages: list[ImportedMessage] = []
    files: dict[int, list[NewAttachment]] = {}
    for row in rows:
        at = f"{where}: response {row.id}"
        when = _time(row.datetime_utc, at)
        attached = [f for f in (_file(a, n, at) for n, a in enumerate(row.attachments, 1)) if f]
        if attached:
            files[len(messages)] = attached
        messages.append(ImportedMessage("user", _text(row.prompt, "prompt", at), when))
        messages.append(_answer(row, when, at))
    system = next((r.system for r in rows if isinstance(r.system, str) and r.system), None)
    return ImportedConversation(
        messages,
        title=_optional(first.conversation_name, "name", where),
        model=_optional(first.conversation_model or first.model, "model", where),
        system=system,
        source_key=f"llm:{key}",
        attachments=files,
    )


def _answer(row: LlmResponse, when: float, where: str) -> ImportedMessage:
    duration = _number(row.duration_ms, "duration_ms", where)
    prompt_tokens = _count(row.input_tokens, "input_tokens", where)
    completion_tokens = _count(row.output_tokens, "output_tokens", where)
    both = prompt_tokens is not None and completion_tokens is not None
    model = _optional(row.model, "model", where)
    return ImportedMessage(
        "assistant",
        _text(row.response, "response", where),
        when,
        model_requested=model,
        model_answered=_optional(row.resolved_model, "resolved_model", where) or model,
        reasoning=_optional(row.reasoning, "reasoning", where) or None,
        params=_options(row.options_json, where),
        prompt_tokens=prompt_tokens,
        completion_tokens=completion_tokens,
        total_tokens=(prompt_tokens or 0) + (completion_tokens or 0) if both else None,
        duration_ms=duration,
        finished_at=when + duration / 1000 if duration is not None else None,
    )


def _time(value: Any, where: str) -> float:
    if not isinstance(value, str):
        raise ImportFileError(f"{where} has no datetime_utc")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ImportFileError(f"{where}: datetime_utc {value[:40]!r} is not a date") from None
    if moment.tzinfo is None:  # llm writes UTC; older rows lack the offset
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def _options(value: Any, where: str) -> dict[str, Any] | None:
    if value in (None, ""):
        return None
    try:
        options = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        options = None
    if not isinstance(options, dict):
        raise ImportFileError(f"{where}: options_json is not a JSON object")
    return options or None


def _file(item: LlmAttachment, number: int, where: str) -> NewAttachment | None:
    content = item.content
    if isinstance(content, str):
        content = content.encode()
    if not isinstance(content, bytes) or not content:  # llm kept only a path or URL
        return None
    label = item.path or item.url or f"file-{number}"
    name = PurePath(str(label)).name or f"file-{number}"
    found = sniff(content[:64])
    if isinstance(found, str):  # a kind of file Parley never sends (an archive, a program)
        return None
    mime = item.type if isinstance(item.type, str) and item.type else found.mime
    fmt = found.format or (mimetypes.guess_extension(mime) or "").lstrip(".")
    return NewAttachment(name, found.kind or "text", fmt, mime, content)


def _text(value: Any, column: str, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ImportFileError(f"{where}: {column} is not text")
    return value


def _optional(value: Any, column: str, where: str) -> str | None:
    return _text(value, column, where) if value is not None else None


def _number(value: Any, column: str, where: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ImportFileError(f"{where}: {column} is not a number")
    return float(value)


def _count(value: Any, column: str, where: str) -> int | None:
    number = _number(value, column, where)
    return None if number is None else int(number)
