"""Turning rows into the store's dataclasses and values into columns (and params into JSON)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import fields
from typing import Any

from tui.store.liveness import is_orphaned
from tui.store.records import (
    Conversation,
    ConversationSummary,
    Ending,
    ImportedMessage,
    Message,
)

MESSAGE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Message))
CONVERSATION_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Conversation))
IMPORTED_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(ImportedMessage))
ADDABLE_FIELDS: frozenset[str] = frozenset(IMPORTED_COLUMNS) - {"role", "content"}
"""The keyword fields ``Store.add_message`` takes."""
ENDING_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Ending) if f.name != "status")
"""The columns a turn's ending sets (besides its status)."""

# A copy (a fork, a column carried on as a chat) keeps these as they are; it gets its own
# place, lane, links and status, and belongs to no writer.
_NOT_COPIED = frozenset(
    {"id", "conversation_id", "seq", "lane", "status", "owner_pid", "owner_host"}
    | {"heartbeat_at", "parent_id"}
)
COPIED_COLUMNS: tuple[str, ...] = tuple(n for n in MESSAGE_COLUMNS if n not in _NOT_COPIED)

MESSAGE_SELECT = f"SELECT {', '.join(MESSAGE_COLUMNS)} FROM messages"
CONVERSATION_SELECT = f"SELECT {', '.join(CONVERSATION_COLUMNS)} FROM conversations"
STREAMING_ACTIVITY_SQL = (
    "SELECT MAX(s.updated_at) FROM messages AS s INDEXED BY messages_streaming"
    " WHERE s.status = 'streaming' AND s.conversation_id = c.id"
)
"""The latest progress save of conversation ``c``'s open streams (NULL: none)."""

_STATUS = MESSAGE_COLUMNS.index("status")
_PARAMS = MESSAGE_COLUMNS.index("params")
_DETAILS = MESSAGE_COLUMNS.index("reasoning_details")
_OWNER_PID = MESSAGE_COLUMNS.index("owner_pid")
_OWNER_HOST = MESSAGE_COLUMNS.index("owner_host")
_HEARTBEAT = MESSAGE_COLUMNS.index("heartbeat_at")

# Never stored, whatever a caller puts in the request parameters.
_SECRET_NAMES = frozenset(("api_key", "apikey", "key", "authorization", "token", "password"))


def _is_secret(name: str) -> bool:
    lowered = name.lower().replace("-", "_")
    return lowered in _SECRET_NAMES or lowered.endswith(("_api_key", "_secret", "_password"))


def encode_params(params: Mapping[str, Any] | None) -> str | None:
    """The request parameters as JSON text, with anything that looks like a credential dropped."""
    if not params:
        return None
    kept = {name: value for name, value in params.items() if not _is_secret(str(name))}
    return json.dumps(kept, ensure_ascii=False, default=str) if kept else None


def message_values(message: ImportedMessage) -> dict[str, Any]:
    """A new message's columns and values, its parameters as JSON (credentials dropped)."""
    values = {name: getattr(message, name) for name in IMPORTED_COLUMNS}
    values["params"] = encode_params(message.params)
    values["reasoning_details"] = encode_details(message.reasoning_details)
    return values


def ending_values(ending: Ending) -> dict[str, Any]:
    """The columns a turn's ending sets, its reasoning details as JSON."""
    values = {name: getattr(ending, name) for name in ENDING_COLUMNS}
    values["reasoning_details"] = encode_details(ending.reasoning_details)
    return values


def encode_details(details: list[dict[str, Any]] | None) -> str | None:
    """Reasoning details as JSON text (``None``: none, so a stored list stays)."""
    return json.dumps(details, ensure_ascii=False, default=str) if details else None


def decode_details(text: str | None) -> list[dict[str, Any]] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    if not isinstance(value, list):
        return None
    return [item for item in value if isinstance(item, dict)] or None


def decode_params(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def message_from_row(row: Sequence[Any], now: float, stale_after: float) -> Message:
    """A message; one left streaming by a writer that is gone reads as ``interrupted``."""
    values = list(row)
    values[_PARAMS] = decode_params(values[_PARAMS])
    values[_DETAILS] = decode_details(values[_DETAILS])
    if values[_STATUS] == "streaming" and is_orphaned(
        values[_OWNER_PID], values[_OWNER_HOST], values[_HEARTBEAT], now, stale_after
    ):
        values[_STATUS] = "interrupted"
    return Message(**dict(zip(MESSAGE_COLUMNS, values, strict=True)))


def conversation_from_row(row: Sequence[Any]) -> Conversation:
    *values, params = row
    return Conversation(*values, params=decode_params(params))


def summary_from_row(row: Sequence[Any]) -> ConversationSummary:
    return ConversationSummary(*row)
