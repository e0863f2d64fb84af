"""What the transcript shows of stored messages: titles, provenance footers, error details."""

from __future__ import annotations

import re

from tui.api.errors import ApiError, hint_for
from tui.api.reasoning import ENCRYPTED
from tui.store import Message
from tui.widgets.transcript import MessageView
from tui.words import count_of

CONTINUE_KEY = "ctrl+g"
"""The key that continues an answer wherever the user is (x works only on a selected one)."""

_STOPPED = ("cancelled", "interrupted")
_CUT_OFF = {
    "length": "cut off at the length limit",
    "content_filter": "stopped by the content filter",
}
CHAT_FALLBACKS = "ctrl+o, or fallback models in the sidebar: f5"
"""Where the chat screen's keys lead to another model (the shared hints name a CLI flag)."""
_CLI_FALLBACKS = re.compile(r" ?\(--models A,B\)")


def message_view(message: Message, *, continue_key: str = "", fallbacks: str = "") -> MessageView:
    """The transcript's view of one stored message.

    ``continue_key`` and ``fallbacks`` (the keys to another model) are named where they work.
    """
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
        detail=error_detail(message, fallbacks, continue_key),
        mark=cut_off_mark(message.status, message.finish_reason, continue_key),
        thought=stored_thought(message),
        reasoning=message.reasoning or "",
    )


def thought_words(seconds: float | None, tokens: int | None = None, encrypted: bool = False) -> str:
    """A thinking block's line: ``thought for 12 s · 1,240 tokens``, what is known of it."""
    words = "thought"
    if seconds is not None:
        words += f" for {seconds:.1f} s" if seconds < 10 else f" for {seconds:,.0f} s"
    if tokens:
        words += f" · {count_of(tokens, 'token')}"
    return words + (" · encrypted, not shown" if encrypted else "")


def stored_thought(message: Message) -> str:
    """The thinking line of a stored answer ("" when it has no reasoning, readable or not)."""
    if not message.reasoning and not message.reasoning_details:
        return ""
    seconds = None if message.reasoning_ms is None else message.reasoning_ms / 1000
    encrypted = not message.reasoning and any(
        isinstance(detail, dict) and detail.get("type") == ENCRYPTED
        for detail in message.reasoning_details or ()
    )
    return thought_words(seconds, message.reasoning_tokens, encrypted)


def error_detail(message: Message, fallbacks: str = "", continue_key: str = "") -> str:
    """The note under a failed or stopped answer: what happened, and what to do about it."""
    if message.status == "error" and message.error_message:
        hint = tui_hint(hint_for(message.error_kind), fallbacks)
        return f"{message.error_message}\n{hint}" if hint else message.error_message
    if message.status not in _STOPPED:
        return ""
    going_on = f" · {continue_key} continues it" if continue_key and message.content else ""
    return message.status + going_on


def live_error_detail(error: ApiError, fallbacks: str = "") -> str:
    return f"{error.headline()}\n{tui_hint(error.hint, fallbacks)}"


def tui_hint(hint: str, fallbacks: str = "") -> str:
    """A shared error hint in the app's words: keys where they work, never a CLI flag."""
    return _CLI_FALLBACKS.sub(f" ({fallbacks})" if fallbacks else "", hint)


def cut_off_mark(status: str, finish_reason: str | None, continue_key: str = "") -> str:
    """What a finished answer that the model did not end itself says, and the key to go on."""
    if status != "complete" or finish_reason not in _CUT_OFF:
        return ""
    going_on = f" · {continue_key} continues it" if continue_key else ""
    return _CUT_OFF[finish_reason] + going_on


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
    """A cancelled, interrupted, failed, cut-off or filtered answer with text can be continued."""
    if message.role != "assistant" or not message.content:
        return False
    return message.status in ("cancelled", "interrupted", "error") or (
        message.finish_reason in _CUT_OFF
    )


def files_words(described: tuple[str, ...]) -> str:
    """The line under a prompt naming the files it was sent with."""
    return "📎 " + "   📎 ".join(described) if described else ""


def sources_words(sources: tuple[tuple[str, str], ...]) -> str:
    """An answer's numbered references: ``[1] title — URL``, one a line, URLs whole to copy."""
    lines = ["Sources:"] if sources else []
    for number, (title, url) in enumerate(sources, 1):
        lines.append(
            f"[{number}] {title} — {url}" if title and title != url else f"[{number}] {url}"
        )
    return "\n".join(lines)
