"""Parley's own JSON export: one conversation (``history export --format json``), a list of
them, or JSON lines (``history export --all``); chosen path or whole tree, files and sources."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from tui.importers import fields
from tui.importers.errors import ImportFileError, described
from tui.store import ImportedConversation, ImportedMessage, NewAttachment, StoredCitation
from tui.store.records import FINAL_STATUSES, KINDS, MAX_LANES, ROLES

_TEXTS = (
    "model_requested",
    "reasoning",
    "model_answered",
    "provider",
    "finish_reason",
    "native_finish_reason",
    "error_message",
    "error_kind",
    "generation_id",
)
_INTEGERS = (
    "error_status",
    "prompt_tokens",
    "completion_tokens",
    "total_tokens",
    "reasoning_tokens",
    "cached_tokens",
)
_NUMBERS = ("cost", "ttft_ms", "duration_ms", "reasoning_ms", "finished_at")


def from_document(value: Any, name: str) -> Iterator[ImportedConversation]:
    """One exported conversation, or a list of them."""
    if isinstance(value, list):
        for number, item in enumerate(value, 1):
            yield conversation(item, f"{name}: conversation {number}")
    else:
        yield conversation(value, name)


def from_lines(lines: Iterable[tuple[int, Any]], name: str) -> Iterator[ImportedConversation]:
    """One exported conversation per line."""
    for number, value in lines:
        yield conversation(value, f"{name}: line {number}")


def conversation(value: Any, where: str) -> ImportedConversation:
    data = fields.record(value, where, "an exported conversation")
    head = fields.record(data.get("conversation"), f"{where}: conversation", "an object")
    where += described(head.get("title"))
    kind = fields.text(head, "kind", where, "chat")
    if kind not in KINDS:
        raise ImportFileError(f"{where}: unknown kind {kind!r}")
    raw = fields.listing(data, "messages", where)
    records = [fields.record(m, f"{where}: message {n}") for n, m in enumerate(raw, 1)]
    created = fields.number(head, "created_at", where)
    messages = [_message(m, f"{where}: message {n}", created) for n, m in enumerate(records, 1)]
    order, parents, chosen = _tree(records, data.get("chosen_path"), where)
    files = {i: _files(records[k], f"{where}: message {k + 1}") for i, k in enumerate(order)}
    cited = {i: _citations(records[k], f"{where}: message {k + 1}") for i, k in enumerate(order)}
    return ImportedConversation(
        [messages[k] for k in order],
        title=fields.text(head, "title", where),
        kind=kind,  # type: ignore[arg-type]  # checked against KINDS above
        model=fields.text(head, "model", where),
        system=fields.text(head, "system", where),
        created_at=created,
        updated_at=fields.number(head, "updated_at", where),
        params=fields.mapping(head, "params", where),
        source_key=_source_key(head, messages),
        parents=parents,
        chosen=chosen,
        attachments={i: f for i, f in files.items() if f},
        citations={i: c for i, c in cited.items() if c},
    )


def _message(data: Mapping[str, Any], where: str, default_time: float | None) -> ImportedMessage:
    role = fields.text(data, "role", where)
    if role not in ROLES:
        raise ImportFileError(f"{where}: unknown role {role!r}")
    status = fields.text(data, "status", where, "complete")
    if status == "streaming":  # exported while it streamed: it will never finish now
        status = "interrupted"
    if status not in FINAL_STATUSES:
        raise ImportFileError(f"{where}: unknown status {status!r}")
    lane = fields.integer(data, "lane", where)
    if lane is not None and not 0 <= lane < MAX_LANES:
        raise ImportFileError(f"{where}: lane {lane} is not 0 to {MAX_LANES - 1}")
    created = fields.number(data, "created_at", where) or default_time or 0.0
    details = fields.listing(data, "reasoning_details", where)
    extra: dict[str, Any] = {name: fields.text(data, name, where) for name in _TEXTS}
    extra |= {name: fields.integer(data, name, where) for name in _INTEGERS}
    extra |= {name: fields.number(data, name, where) for name in _NUMBERS}
    return ImportedMessage(
        role,  # type: ignore[arg-type]  # checked against ROLES above
        fields.text(data, "content", where, "") or "",
        created,
        lane=lane,
        status=status,  # type: ignore[arg-type]  # checked against FINAL_STATUSES above
        params=fields.mapping(data, "params", where),
        reasoning_details=[d for d in details if isinstance(d, dict)] or None,
        **extra,
    )


def _tree(
    records: list[Mapping[str, Any]], chosen_path: Any, where: str
) -> tuple[list[int], list[int | None] | None, int | None]:
    """The messages' order (parents first), each one's parent as an index into that order,
    and the chosen path's last message; ``None`` parents when the file has no ids."""
    if not records or not all("id" in r and "parent_id" in r for r in records):
        return list(range(len(records))), None, None
    position = {}
    for k, data in enumerate(records):
        key = data["id"]
        if not isinstance(key, int | str) or key in position:
            raise ImportFileError(f"{where}: message {k + 1} has a missing or repeated id")
        position[key] = k
    children: dict[int | None, list[int]] = {}
    for k, data in enumerate(records):
        parent = data["parent_id"]
        if parent is not None and parent not in position:
            raise ImportFileError(f"{where}: message {k + 1} follows message {parent!r}, not here")
        children.setdefault(None if parent is None else position[parent], []).append(k)
    order: list[int] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        k = stack.pop()
        order.append(k)
        stack.extend(reversed(children.get(k, [])))
    if len(order) != len(records):
        raise ImportFileError(f"{where}: the messages' parents go round in a circle")
    placed = {k: i for i, k in enumerate(order)}
    parents = [
        None if records[k]["parent_id"] is None else placed[position[records[k]["parent_id"]]]
        for k in order
    ]
    chosen = None
    if isinstance(chosen_path, list) and chosen_path and chosen_path[-1] in position:
        chosen = placed[position[chosen_path[-1]]]
    elif "siblings" in records[-1]:  # a chosen-path export: it ends where the path ends
        chosen = placed[len(records) - 1]
    return order, parents, chosen


def _files(data: Mapping[str, Any], where: str) -> list[NewAttachment]:
    found = []
    for n, item in enumerate(fields.listing(data, "attachments", where), 1):
        at = f"{where}: file {n}"
        entry = fields.record(item, at)
        encoded = fields.text(entry, "data_base64", at)
        if encoded is None:  # exported without its bytes (show --json): nothing to keep
            continue
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ImportFileError(f"{at}: data_base64 is not base64") from None
        digest = fields.text(entry, "sha256", at)
        if digest is not None and digest != hashlib.sha256(content).hexdigest():
            raise ImportFileError(f"{at}: its bytes do not match its sha256")
        found.append(
            NewAttachment(
                fields.text(entry, "name", at, "file") or "file",
                fields.text(entry, "kind", at, "text") or "text",
                fields.text(entry, "format", at, "") or "",
                fields.text(entry, "mime", at, "application/octet-stream") or "",
                content,
            )
        )
    return found


def _citations(data: Mapping[str, Any], where: str) -> list[StoredCitation]:
    found = []
    for n, item in enumerate(fields.listing(data, "citations", where), 1):
        at = f"{where}: citation {n}"
        entry = fields.record(item, at)
        url = fields.text(entry, "url", at)
        if url is None:
            raise ImportFileError(f"{at} has no url")
        found.append(
            StoredCitation(
                url,
                fields.text(entry, "title", at, "") or "",
                fields.text(entry, "content", at, "") or "",
                fields.integer(entry, "start_index", at),
                fields.integer(entry, "end_index", at),
            )
        )
    return found


def _source_key(head: Mapping[str, Any], messages: list[ImportedMessage]) -> str:
    """The same conversation exported twice (even after it grew or was renamed) has the
    same key: when it began and how it began."""
    first = messages[0] if messages else None
    seed = [
        head.get("created_at"),
        head.get("kind"),
        first and [first.role, first.content, first.created_at],
    ]
    digest = hashlib.sha256(json.dumps(seed, ensure_ascii=False).encode()).hexdigest()
    return f"parley:{digest[:32]}"
