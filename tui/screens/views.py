"""What the transcript shows of stored messages: titles, provenance footers, error details."""

from __future__ import annotations

from tui.api.errors import ApiError, hint_for
from tui.store import Message
from tui.widgets.transcript import MessageView
from tui.words import count_of

_STATUS_NOTES = {
    "cancelled": "cancelled · x continues it",
    "interrupted": "interrupted · x continues it",
}


def message_view(message: Message) -> MessageView:
    """The transcript's view of one stored message."""
    if message.role == "user":
        return MessageView(message.id, "user", message.content, title="You")
    if message.role != "assistant":
        return MessageView(message.id, message.role, message.content)
    return MessageView(
        message.id,
        "assistant",
        message.content,
        title=message.model_answered or message.model_requested or "assistant",
        footer=provenance(message),
        status=message.status,
        detail=error_detail(message),
    )


def error_detail(message: Message) -> str:
    if message.status == "error" and message.error_message:
        hint = hint_for(message.error_kind)
        return f"{message.error_message}\n{hint}" if hint else message.error_message
    return _STATUS_NOTES.get(message.status, "")


def live_error_detail(error: ApiError) -> str:
    return f"{error.headline()}\n{error.hint}"


def provenance(message: Message) -> str:
    """A quiet footer: who answered, tokens, cost, time to first token, speed."""
    if message.status == "streaming":
        return ""
    parts = []
    model = message.model_answered or message.model_requested
    if model:
        parts.append(f"{model} via {message.provider}" if message.provider else model)
    if message.completion_tokens is not None:
        parts.append(count_of(message.completion_tokens, "token"))
    if message.cost is not None:
        parts.append(f"${message.cost:.4f}")
    if message.ttft_ms is not None:
        parts.append(f"first token {message.ttft_ms / 1000:.1f} s")
    rate = tokens_per_second(message)
    if rate:
        parts.append(f"{rate:.0f} tok/s")
    if message.finish_reason and message.finish_reason != "stop":
        parts.append(f"finish: {message.finish_reason}")
    return " · ".join(parts)


def tokens_per_second(message: Message) -> float | None:
    if not message.completion_tokens or message.ttft_ms is None or message.duration_ms is None:
        return None
    span = (message.duration_ms - message.ttft_ms) / 1000
    return message.completion_tokens / span if span > 0.05 else None


def can_continue(message: Message) -> bool:
    """A cancelled, interrupted, failed or cut-off answer with text can be continued."""
    if message.role != "assistant" or not message.content:
        return False
    return message.status in ("cancelled", "interrupted", "error") or (
        message.finish_reason == "length"
    )
