"""Byte-exact OpenRouter stream chunks and whole-answer bodies, cheap enough for 20k tokens."""

from __future__ import annotations

import json
from dataclasses import dataclass
from json.encoder import encode_basestring  # type: ignore[attr-defined]  # C-accelerated
from typing import Any

from tui.sim.catalog import price

KEEPALIVE_TEXT = ": OPENROUTER PROCESSING"


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True, slots=True)
class Identity:
    """Who answers one request, and how its events are framed."""

    gen_id: str
    model: str
    provider: str
    created: int
    chat: bool = True  # False: legacy /completions (``text`` instead of ``delta``)
    eol: str = "\n"


def usage(model: str, prompt_tokens: int, completion_tokens: int, reasoning: int = 0) -> dict:
    """OpenRouter's usage object, cost included."""
    prompt_price, completion_price = price(model)
    prompt_cost = prompt_tokens * prompt_price
    completion_cost = completion_tokens * completion_price
    return {
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "total_tokens": prompt_tokens + completion_tokens,
        "cost": round(prompt_cost + completion_cost, 10),
        "is_byok": False,
        "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
        "cost_details": {
            "upstream_inference_cost": None,
            "upstream_inference_prompt_cost": round(prompt_cost, 10),
            "upstream_inference_completions_cost": round(completion_cost, 10),
        },
        "completion_tokens_details": {"reasoning_tokens": reasoning, "image_tokens": 0},
    }


class ChunkEncoder:
    """Encodes the SSE events of one streamed answer; content chunks use a pre-encoded frame."""

    def __init__(self, ident: Identity) -> None:
        self.ident = ident
        self._end = (ident.eol * 2).encode()
        obj = "chat.completion.chunk" if ident.chat else "text_completion"
        self._head = {
            "id": ident.gen_id,
            "provider": ident.provider,
            "model": ident.model,
            "object": obj,
            "created": ident.created,
        }
        head = dumps(self._head)[:-1]
        if ident.chat:
            before = ',"choices":[{"index":0,"delta":{"role":"assistant","content":'
            after = '},"finish_reason":null,"native_finish_reason":null,"logprobs":null}]}'
        else:
            before = ',"choices":[{"index":0,"text":'
            after = ',"logprobs":null,"finish_reason":null,"native_finish_reason":null}]}'
        self._content_prefix = ("data: " + head + before).encode()
        self._content_suffix = after.encode() + self._end

    def content(self, text: str) -> bytes:
        return self._content_prefix + encode_basestring(text).encode() + self._content_suffix

    def event(self, choices: list[dict], **extra: Any) -> bytes:
        return ("data: " + dumps({**self._head, "choices": choices, **extra})).encode() + self._end

    def choice(self, delta: dict, finish: str | None = None, native: str | None = None) -> dict:
        if self.ident.chat:
            body: dict[str, Any] = {"index": 0, "delta": {"role": "assistant", **delta}}
        else:
            body = {"index": 0, "text": delta.pop("content", ""), **delta}
        body.update(finish_reason=finish, native_finish_reason=native, logprobs=None)
        return body

    def reasoning(self, fields: dict[str, Any], detail: dict[str, Any]) -> bytes:
        """A reasoning chunk: ``fields`` (``reasoning`` text, or none) and one detail item.

        Legacy completions carry them beside ``text`` in the choice, chat in the delta.
        """
        delta = {"content": "", **fields, "reasoning_details": [detail]}
        return self.event([self.choice(delta)])

    def role_only(self) -> bytes:
        choice = self.choice({})
        if not self.ident.chat:
            choice.pop("text")
        return self.event([choice])

    def finish(self, reason: str, native: str | None, usage: dict | None) -> bytes:
        extra = {"usage": usage} if usage is not None else {}
        return self.event([self.choice({"content": ""}, reason, native)], **extra)

    def usage_only(self, usage: dict) -> bytes:
        return self.event([], usage=usage)

    def error(self, message: str, finish: str | None) -> bytes:
        error = {"code": "server_error", "message": message}
        choice = self.choice({"content": ""}, finish)
        return self.event([choice], error=error)

    def comment(self) -> bytes:
        return KEEPALIVE_TEXT.encode() + self._end

    def done(self) -> bytes:
        return b"data: [DONE]" + self._end

    def truncated(self, text: str) -> bytes:
        whole = self.content(text)[: -len(self._end)]
        return whole[: len(whole) // 2] + self._end


def whole_body(
    ident: Identity,
    content: str,
    reasoning: tuple[str | None, list[dict]],
    finish: str | None,
    native: str | None,
    usage_data: dict | None,
    **extra: Any,
) -> dict:
    """The ``stream: false`` answer: one ``chat.completion`` or ``text_completion`` object.

    ``reasoning`` is ``message.reasoning`` (None for summary-only or encrypted reasoning)
    and ``message.reasoning_details``.
    """
    text, details = reasoning
    choice: dict[str, Any] = {"logprobs": None, "finish_reason": finish}
    choice["native_finish_reason"] = native
    choice["index"] = 0
    if ident.chat:
        message: dict[str, Any] = {"role": "assistant", "content": content, "refusal": None}
        message["reasoning"] = text
        if details:
            message["reasoning_details"] = details
        message.update(extra.pop("message_extra", {}))
        choice["message"] = message
    else:
        choice["text"] = content
        if text:
            choice["reasoning"] = text
        if details:
            choice["reasoning_details"] = details
        extra.pop("message_extra", None)
    body = {
        "id": ident.gen_id,
        "provider": ident.provider,
        "model": ident.model,
        "object": "chat.completion" if ident.chat else "text_completion",
        "created": ident.created,
        "choices": [choice],
        **extra,
    }
    if usage_data is not None:
        body["usage"] = usage_data
    return body
