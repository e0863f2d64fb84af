"""ChatGPT's ``conversations.json``: each conversation's message tree (``mapping``) becomes a
Parley tree, its ``current_node`` the chosen path; system, tool and hidden nodes are left out."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from tui.importers import fields
from tui.importers.errors import ImportFileError, described
from tui.store import ImportedConversation, ImportedMessage

_TEXT_TYPES = frozenset({"text", "multimodal_text"})
_ENDINGS = {"stop": "stop", "max_tokens": "length"}


def conversations(value: Any, name: str) -> Iterator[ImportedConversation]:
    if not isinstance(value, list):
        raise ImportFileError(f"{name}: expected a list of conversations (ChatGPT's export)")
    for number, item in enumerate(value, 1):
        where = f"{name}: conversation {number}"
        data = fields.record(item, where)
        yield _conversation(data, where + described(data.get("title")))


class _Walk:
    """The kept messages in tree order, each kept one's parent, and where nodes went."""

    def __init__(self) -> None:
        self.messages: list[ImportedMessage] = []
        self.parents: list[int | None] = []
        self.kept_at: dict[str, int | None] = {}
        """Node id → index of the nearest kept message at or above it."""


def _conversation(data: Mapping[str, Any], where: str) -> ImportedConversation:
    mapping = fields.mapping(data, "mapping", where)
    if mapping is None:
        raise ImportFileError(f"{where} has no mapping (its messages)")
    created = fields.number(data, "create_time", where)
    walk = _walk(mapping, created, where)
    current = data.get("current_node")
    chosen = walk.kept_at.get(current) if isinstance(current, str) else None
    models = [m.model_answered for m in walk.messages if m.model_answered]
    model = fields.text(data, "default_model_slug", where) or (models[-1] if models else None)
    return ImportedConversation(
        walk.messages,
        title=fields.text(data, "title", where),
        model=model,
        created_at=created,
        updated_at=fields.number(data, "update_time", where),
        source_key=_source_key(data),
        parents=walk.parents,
        chosen=chosen,
    )


def _walk(mapping: Mapping[str, Any], created: float | None, where: str) -> _Walk:
    nodes = {key: fields.record(node, f"{where}: node {key}") for key, node in mapping.items()}
    children: dict[str | None, list[str]] = {}
    for key, node in nodes.items():
        parent = node.get("parent")
        parent = parent if isinstance(parent, str) and parent in nodes else None
        children.setdefault(parent, []).append(key)
    walk = _Walk()
    # Depth first, iteratively: a long chat is a deep tree.
    # Each entry carries the reasoning ("thoughts") seen above it, for the answer below.
    stack: list[tuple[str, int | None, str]] = [
        (k, None, "") for k in reversed(children.get(None, []))
    ]
    while stack:
        key, above, thinking = stack.pop()
        if key in walk.kept_at:
            continue
        value = nodes[key].get("message")
        message = _message(value, created, f"{where}: node {key}")
        if message is not None:
            if thinking and message.role == "assistant":
                message = replace(message, reasoning=thinking.strip())
            walk.messages.append(message)
            walk.parents.append(above)
            above, thinking = len(walk.messages) - 1, ""
        else:
            thinking += _thoughts(value)
        walk.kept_at[key] = above
        stack.extend((child, above, thinking) for child in reversed(children.get(key, [])))
    if len(walk.kept_at) < len(nodes):
        lost = next(key for key in nodes if key not in walk.kept_at)
        raise ImportFileError(f"{where}: node {lost} hangs from a circle of parents")
    return walk


def _message(value: Any, created: float | None, where: str) -> ImportedMessage | None:
    """The node's message as Parley keeps it, or ``None`` for one it leaves out."""
    if value is None:
        return None
    data = fields.record(value, where, "a message")
    author = data.get("author")
    if not isinstance(author, dict) or not isinstance(author.get("role"), str):
        raise ImportFileError(f"{where} has no author")
    content = data.get("content")
    if not isinstance(content, dict) or not isinstance(content.get("content_type"), str):
        raise ImportFileError(f"{where} has no content type")
    role = author["role"]
    metadata = fields.mapping(data, "metadata", where) or {}
    hidden = metadata.get("is_visually_hidden_from_conversation") is True
    to_tool = data.get("recipient", "all") not in ("all", None)
    if role not in ("user", "assistant") or hidden or to_tool:
        return None
    if content["content_type"] not in _TEXT_TYPES:
        return None  # thoughts, code for a tool, browsing results, custom instructions
    text = _text(fields.listing(content, "parts", where), where)
    if not text.strip():
        return None
    slug = fields.text(metadata, "model_slug", where) if role == "assistant" else None
    return ImportedMessage(
        role,
        text,
        fields.number(data, "create_time", where) or created or 0.0,
        model_requested=slug,
        model_answered=slug,
        **_ending(data, metadata),
    )


def _thoughts(value: Any) -> str:
    """The reasoning a ``thoughts`` message shows (a reasoning model's), else nothing."""
    content = value.get("content") if isinstance(value, dict) else None
    if not isinstance(content, dict) or content.get("content_type") != "thoughts":
        return ""
    steps = content.get("thoughts")
    texts = []
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, dict):
            texts += [t for t in (step.get("summary"), step.get("content")) if isinstance(t, str)]
    return "\n\n".join(texts) + ("\n\n" if texts else "")


def _text(parts: list[Any], where: str) -> str:
    pieces = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(part)
        elif isinstance(part, dict):
            kind = part.get("content_type")
            pieces.append("[image]" if kind == "image_asset_pointer" else f"[{kind or 'file'}]")
        else:
            raise ImportFileError(f"{where}: a part of its content is not text")
    return "\n".join(pieces)


def _ending(data: Mapping[str, Any], metadata: Mapping[str, Any]) -> dict[str, Any]:
    details = metadata.get("finish_details")
    kind = details.get("type") if isinstance(details, dict) else None
    if kind == "interrupted":
        return {"status": "cancelled", "finish_reason": None}
    if data.get("status") == "in_progress":
        return {"status": "interrupted", "finish_reason": None}
    return {"status": "complete", "finish_reason": _ENDINGS.get(str(kind))}


def _source_key(data: Mapping[str, Any]) -> str:
    ident = data.get("conversation_id") or data.get("id")
    if isinstance(ident, str) and ident:
        return f"chatgpt:{ident}"
    seed = json.dumps([data.get("title"), data.get("create_time")], ensure_ascii=False)
    return f"chatgpt:{hashlib.sha256(seed.encode()).hexdigest()[:32]}"
