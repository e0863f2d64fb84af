"""What a turn sends of the stored conversation: the path, its messages and parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tui.api.content import Attachment
from tui.api.reasoning import details_from_json
from tui.api.types import ChatMessage
from tui.store import Message, Store
from tui.store.records import TOP
from tui.turn_spec import TurnSpec


async def stored_path(reader: Store, conversation_id: int, spec: TurnSpec) -> list[Message]:
    """The stored messages a request sends: exactly a path of the conversation's tree."""
    if spec.continue_message_id is not None:
        path = await reader.path_to(spec.continue_message_id)
        if not path or path[-1].conversation_id != conversation_id:
            raise LookupError(f"no message {spec.continue_message_id} to continue")
        return path
    if spec.parent_id == TOP:
        return []
    if spec.parent_id is not None:
        path = await reader.path_to(spec.parent_id)
        if not path or path[-1].conversation_id != conversation_id:
            raise LookupError(f"no message {spec.parent_id} in conversation {conversation_id}")
        return path
    if spec.lane is not None:
        return await reader.lane_path(conversation_id, spec.lane)
    return await reader.active_path(conversation_id)


def left_out(path: list[Message], count: int) -> list[Message]:
    """``path`` without its first ``count`` messages, system messages kept."""
    if count <= 0:
        return path
    return [m for m in path[:count] if m.role == "system"] + path[count:]


def request_messages(
    messages: list[Message], lane: int | None, files: Mapping[int, tuple[Attachment, ...]]
) -> list[ChatMessage]:
    """The request's messages: what was said, in order, on this lane (or shared by all lanes),
    each user message with the files it was sent with."""
    history = []
    for message in messages:
        if message.role not in ("system", "user", "assistant"):
            continue
        if lane is not None and message.lane is not None and message.lane != lane:
            continue
        if message.role == "assistant" and not message.content:
            continue
        details = details_from_json(message.reasoning_details)
        history.append(
            ChatMessage(
                message.role,
                message.content,
                reasoning_details=details,
                attachments=files.get(message.id, ()),
            )
        )
    return history


def as_prompt(history: list[ChatMessage]) -> str:
    return "\n\n".join(m.content for m in history)


def stored_params(spec: TurnSpec) -> dict[str, Any]:
    params: dict[str, Any] = dict(spec.params)
    if spec.fallback_models:
        params["models"] = list(spec.fallback_models)
    if spec.completion:
        params["endpoint"] = "completions"
    if not spec.stream:
        params["stream"] = False
    if spec.plugins() and not spec.completion:
        params["plugins"] = [p.to_json() for p in spec.plugins()]
    return params
