"""Reasoning as OpenRouter sends it: text, summaries or encrypted blobs, and what a request asks."""

from __future__ import annotations

import base64
import functools
import hashlib
import itertools
from dataclasses import dataclass
from typing import Any

from tui.sim.answers import tokenize

# Scenario name -> how its reasoning arrives: ``text`` (``delta.reasoning`` plus
# ``reasoning.text`` details, as DeepSeek R1 or Claude send it), ``summary`` (only
# ``reasoning.summary`` details, no ``reasoning`` field) or ``encrypted`` (summaries, then one
# ``reasoning.encrypted`` item whose data is opaque and must never be shown).
SHAPES: dict[str, str] = {
    "reasoning": "text",
    "reasoning-summary": "summary",
    "reasoning-encrypted": "encrypted",
    "reasoning-evil": "text",
}
DESCRIPTIONS: dict[str, str] = {
    "reasoning": "Reasoning deltas first (reasoning + reasoning.text details), then the answer.",
    "reasoning-summary": "Reasoning only as reasoning.summary details (no reasoning field).",
    "reasoning-encrypted": "Reasoning summaries, then a reasoning.encrypted item (data only).",
    "reasoning-evil": "Reasoning text carrying terminal control sequences, then an answer.",
}
_FORMATS = {"text": "anthropic-claude-v1", "summary": "openai-responses-v1"}
_FORMATS["encrypted"] = _FORMATS["summary"]

_THOUGHTS = (
    "The user wants a clear answer.",
    "I will start with a short heading, then list the key points.",
    "A small example they can copy would help.",
    "Let me check the edge cases before I commit to an approach.",
    "The stream should stay cheap, so each piece is small.",
    "Cancelling must stay instant, even halfway through a thought.",
    "I should keep the wording plain and the steps in order.",
    "Finally, a one-line summary at the end ties it together.",
)
DEFAULT_TEXT = " ".join(_THOUGHTS[:3])


@dataclass(frozen=True, slots=True)
class ReasoningAsk:
    """What the request's ``reasoning`` object asks for (defaults: reason, and show it)."""

    enabled: bool = True
    exclude: bool = False
    max_tokens: int | None = None
    effort: str | None = None


def ask_of(body: dict[str, Any]) -> ReasoningAsk:
    """The request's reasoning wishes; malformed fields are ignored, as OpenRouter does."""
    value = body.get("reasoning")
    if not isinstance(value, dict):
        return ReasoningAsk()
    limit = value.get("max_tokens")
    limit = limit if isinstance(limit, int) and not isinstance(limit, bool) and limit >= 0 else None
    effort = value.get("effort") if isinstance(value.get("effort"), str) else None
    return ReasoningAsk(
        enabled=value.get("enabled") is not False,
        exclude=value.get("exclude") is True,
        max_tokens=limit,
        effort=effort,
    )


@functools.lru_cache(maxsize=8)
def reasoning_pieces(tokens: int | None) -> tuple[str, ...]:
    """The reasoning's pieces: the short default, or exactly ``tokens`` pieces of prose."""
    if tokens is None:
        return tuple(tokenize(DEFAULT_TEXT))
    pieces: list[str] = []
    for index in itertools.count():
        if len(pieces) >= tokens:
            break
        sentence = _THOUGHTS[index % len(_THOUGHTS)]
        sep = "\n\n" if index and index % 5 == 0 else " "
        pieces.extend(tokenize((sep if index else "") + sentence))
    return tuple(pieces[:tokens])


def encrypted_data(pieces: tuple[str, ...]) -> str:
    """An opaque blob standing for the reasoning (base64, as providers send theirs)."""
    digest = hashlib.sha256("".join(pieces).encode()).digest()
    return base64.b64encode(b"sim-encrypted-reasoning:" + digest * 4).decode()


def stream_detail(shape: str, text: str) -> dict[str, Any]:
    """The ``reasoning_details`` item a chunk carries for one piece of reasoning."""
    if shape == "text":
        return {"type": "reasoning.text", "text": text, "format": _FORMATS[shape], "index": 0}
    return {"type": "reasoning.summary", "summary": text, "format": _FORMATS[shape], "index": 0}


def signature_detail(pieces: tuple[str, ...]) -> dict[str, Any]:
    """The last ``reasoning.text`` item of a stream: no text, the block's signature."""
    item = stream_detail("text", "")
    item["signature"] = _signature(pieces)
    return item


def _signature(pieces: tuple[str, ...]) -> str:
    return "sim-signature-" + hashlib.sha1("".join(pieces).encode()).hexdigest()[:16]


def encrypted_detail(pieces: tuple[str, ...]) -> dict[str, Any]:
    """The encrypted item that ends an ``encrypted`` reasoning (its own index)."""
    return {
        "type": "reasoning.encrypted",
        "data": encrypted_data(pieces),
        "id": "rs_sim_0001",
        "format": _FORMATS["encrypted"],
        "index": 1,
    }


def whole_reasoning(shape: str, pieces: tuple[str, ...]) -> tuple[str | None, list[dict]]:
    """``message.reasoning`` and ``message.reasoning_details`` of a whole answer."""
    if not pieces:
        return None, []
    text = "".join(pieces)
    details = [stream_detail(shape, text)]
    if shape == "text":
        details[0]["signature"] = _signature(pieces)
        return text, details
    if shape == "encrypted":
        details.append(encrypted_detail(pieces))
    return None, details
