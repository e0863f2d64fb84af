"""Typed requests and responses exchanged with the API client (stream events: tui.api.events)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tui.api.content import (
    Attachment,
    Citation,
    Plugin,
    WebSearch,
    content_parts,
    merge_plugins,
    split_online,
)
from tui.api.reasoning import ReasoningDetail, details_to_json

DEPRECATED_FIELDS = frozenset({"usage"})
"""Request fields the reference marks deprecated: accepted as params, never sent (usage now
always comes in the last chunk)."""


@dataclass(frozen=True, slots=True)
class ChatMessage:
    """One message of a chat request: ``role`` is system, developer, user, assistant or tool.

    An assistant message may keep the ``reasoning_details`` it was answered with. They go
    back to the API only beside ``tool_calls``: OpenRouter asks for the reasoning blocks to
    be preserved so that a model paused for a tool's result can continue its reasoning; an
    ordinary later turn does not need them (and Parley runs no tool loop of its own, so its
    stored answers carry no tool calls).
    """

    role: str
    content: str
    reasoning_details: tuple[ReasoningDetail, ...] = ()
    tool_calls: tuple[dict[str, Any], ...] = field(default=(), hash=False)
    attachments: tuple[Attachment, ...] = field(default=(), hash=False)
    """Files sent with a user message, as content parts after its text."""

    def to_json(self) -> dict[str, Any]:
        content = content_parts(self.content, self.attachments)
        body: dict[str, Any] = {"role": self.role, "content": content}
        if self.tool_calls:
            body["tool_calls"] = [dict(call) for call in self.tool_calls]
            if self.reasoning_details:
                body["reasoning_details"] = details_to_json(self.reasoning_details)
        return body


@dataclass(frozen=True, slots=True)
class ChatRequest:
    """A ``POST /chat/completions`` request.

    ``params`` holds every other request field of the reference (sampling parameters,
    ``provider``, ``reasoning``, ``transforms``, ``user`` …), already validated by
    :func:`tui.api.params.validate_params`; deprecated ones (:data:`DEPRECATED_FIELDS`) are
    left out of the body. ``plugins`` (web search, the PDF engine) join any raw ``plugins``
    param; a model id with the deprecated ``:online`` suffix is sent as the web plugin.
    """

    model: str
    messages: tuple[ChatMessage, ...]
    params: dict[str, Any] = field(default_factory=dict)
    models: tuple[str, ...] = ()
    stream: bool = True
    plugins: tuple[Plugin, ...] = ()

    def to_json(self) -> dict[str, Any]:
        model, online = split_online(self.model)
        body: dict[str, Any] = {
            "model": model,
            "messages": [m.to_json() for m in self.messages],
        }
        if self.models:
            body["models"] = [split_online(m)[0] for m in self.models]
        body.update(_sendable(self.params))
        plugins = self.plugins
        if online and not _asks_web(plugins, body.get("plugins")):
            plugins = (*plugins, WebSearch())
        if plugins:
            body["plugins"] = merge_plugins(body.get("plugins"), plugins)
        body["stream"] = self.stream
        return body


def _asks_web(plugins: tuple[Plugin, ...], raw: Any) -> bool:
    if any(isinstance(p, WebSearch) for p in plugins):
        return True
    return isinstance(raw, list) and any(isinstance(p, dict) and p.get("id") == "web" for p in raw)


def _sendable(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if k not in DEPRECATED_FIELDS}


@dataclass(frozen=True, slots=True)
class CompletionRequest:
    """A legacy ``POST /completions`` request with a raw prompt."""

    model: str
    prompt: str
    params: dict[str, Any] = field(default_factory=dict)
    models: tuple[str, ...] = ()
    stream: bool = True

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"model": self.model, "prompt": self.prompt}
        if self.models:
            body["models"] = list(self.models)
        body.update(_sendable(self.params))
        body["stream"] = self.stream
        return body


@dataclass(frozen=True, slots=True)
class Usage:
    """Token counts and, where the server reports it (OpenRouter does), the cost in credits."""

    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    reasoning_tokens: int | None = None
    cached_tokens: int | None = None
    cost: float | None = None

    @classmethod
    def from_json(cls, data: Any) -> Usage | None:
        if not isinstance(data, dict):
            return None
        details = _table(data.get("completion_tokens_details"))
        prompt_details = _table(data.get("prompt_tokens_details"))
        cost = _number(data.get("cost"))
        return cls(
            prompt_tokens=_count(data.get("prompt_tokens")),
            completion_tokens=_count(data.get("completion_tokens")),
            total_tokens=_count(data.get("total_tokens")),
            reasoning_tokens=_count(details.get("reasoning_tokens")),
            cached_tokens=_count(prompt_details.get("cached_tokens")),
            cost=cost,
        )


def _table(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> float | None:
    # bool is an int in Python, never a count or a price in JSON.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _count(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


@dataclass(frozen=True, slots=True)
class Completion:
    """A whole (non-streamed) answer."""

    content: str
    reasoning: str = ""
    """The readable reasoning: ``reasoning``, else the text and summaries of the details."""
    finish_reason: str | None = None
    native_finish_reason: str | None = None
    model: str | None = None
    provider: str | None = None
    generation_id: str | None = None
    usage: Usage | None = None
    reasoning_details: tuple[ReasoningDetail, ...] = ()
    citations: tuple[Citation, ...] = ()
    """The message's ``url_citation`` annotations (web search)."""


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """One entry of ``GET /models``; everything but ``id`` is optional (local servers omit it)."""

    id: str
    name: str = ""
    description: str = ""
    context_length: int | None = None
    prompt_price: float | None = None
    completion_price: float | None = None
    supported_parameters: tuple[str, ...] = ()
    created: int | None = None
    modality: str | None = None
    """``architecture.modality``, e.g. ``"text+image->text"``."""
    tokenizer: str | None = None
    max_completion_tokens: int | None = None
    """The top provider's output limit (``top_provider.max_completion_tokens``)."""
    is_moderated: bool | None = None
    """Whether the top provider moderates prompts (``top_provider.is_moderated``)."""
    input_modalities: tuple[str, ...] | None = None
    """``architecture.input_modalities`` (``text``, ``image``, ``file``, ``audio`` …); None
    when the catalog does not say."""


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """``GET /key``: what the key is allowed and has spent."""

    label: str | None = None
    usage: float | None = None
    limit: float | None = None
    limit_remaining: float | None = None
    is_free_tier: bool | None = None
    usage_daily: float | None = None
    usage_weekly: float | None = None
    usage_monthly: float | None = None
    limit_reset: str | None = None
    """When the limit starts over (``daily``, ``weekly``, ``monthly``), None: never."""

    def running_out(self, fraction: float = 0.1) -> bool:
        """Whether what is left of a set limit is below ``fraction`` of it (or nothing)."""
        if self.limit is None or self.limit_remaining is None or self.limit <= 0:
            return False
        return self.limit_remaining <= self.limit * fraction


@dataclass(frozen=True, slots=True)
class GenerationInfo:
    """``GET /generation?id=…``: the stored accounting of one generation."""

    id: str
    model: str | None = None
    provider: str | None = None
    total_cost: float | None = None
    tokens_prompt: int | None = None
    tokens_completion: int | None = None
    latency_ms: float | None = None
    generation_time_ms: float | None = None
    finish_reason: str | None = None
    native_finish_reason: str | None = None
