"""What each scenario sends: the outcome of a turn and the timed writes that deliver it."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tui.sim import hostile
from tui.sim.answers import SPLIT_UTF8_ANSWER, demo_answer, tokenize
from tui.sim.chunks import ChunkEncoder, Identity, dumps, usage, whole_body
from tui.sim.flood import flood_pieces, parse_flood, trickle
from tui.sim.longform import long_answer
from tui.sim.media import WebAsk, citations
from tui.sim.scenarios import Scenario
from tui.sim.thinking import (
    SHAPES,
    ReasoningAsk,
    encrypted_detail,
    reasoning_pieces,
    signature_detail,
    stream_detail,
    whole_reasoning,
)

MID_STREAM_ERROR = "Provider disconnected unexpectedly"
# They send half the answer.
_CUT = {
    "mid-error",
    "mid-error-null",
    "drop",
    "no-finish",
    "evil-mid",
    "evil-mid-null",
    "evil-event",
}
_ERRORS = {"mid-error", "mid-error-null", "evil-mid", "evil-mid-null"}
_TOOL_ARGS = ('{"city":', ' "Paris",', ' "unit":', ' "celsius"}')
_TOOL_CALL_ID = "call_sim_weather_0001"
_ANNOTATION = {
    "type": "url_citation",
    "url_citation": {
        "url": "https://openrouter.ai/docs/api-reference/streaming",
        "title": "API Streaming",
        "content": "OpenRouter occasionally sends comments to prevent connection timeouts.",
        "start_index": 0,
        "end_index": 12,
    },
}
_SUMMARY = {
    "type": "reasoning.summary",
    "summary": "The user wants the weather, so call get_weather.",
    "format": "unknown",
    "index": 0,
}


@dataclass(frozen=True, slots=True)
class Pause:
    """Wait this long (before ``time_scale``); consecutive pauses keep an exact pace."""

    seconds: float


@dataclass(frozen=True, slots=True)
class Fragments:
    """Bytes written in several TCP writes, a little apart."""

    parts: tuple[bytes, ...]


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


DROP = _Drop()  # close the connection abruptly, whatever was sent
Action = bytes | Pause | Fragments | _Drop


@dataclass(frozen=True, slots=True)
class Turn:
    """One chat or completion request, understood."""

    scenario: Scenario
    ident: Identity
    prompt: str  # the last message's text (chat) or the prompt (completions)
    prompt_tokens: int
    max_tokens: int | None = None
    tps: float | None = None
    reasoning: ReasoningAsk = field(default_factory=ReasoningAsk)
    received: str = ""
    """What the request brought besides text, said first in the answer (tui.sim.media)."""
    web: WebAsk | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the client will receive, decided before the first byte."""

    content: tuple[str, ...]
    reasoning: tuple[str, ...] = ()
    finish: str | None = "stop"
    native: str | None = "stop"
    usage: dict | None = None
    tools: bool = False
    error: str | None = None
    reasoning_shape: str = "text"
    reasoning_shown: bool = True
    """False when the request said ``reasoning.exclude``: reasoned and billed, not sent."""
    annotations: tuple[dict[str, Any], ...] = ()
    """``url_citation`` annotations, sent with the last piece of the answer."""


_FINISH = {"length": ("length", "MAX_TOKENS"), "content-filter": ("content_filter", "SAFETY")}


def decide(turn: Turn) -> Outcome:
    """The answer, its finish reason and its usage for ``turn``."""
    name = turn.scenario.name
    content = tuple(_answer_pieces(turn))
    reasoning = _reasoning(turn)
    finish, native = _FINISH.get(name, ("stop", "stop"))
    if turn.max_tokens is not None and len(content) > turn.max_tokens:
        content, finish, native = content[: turn.max_tokens], "length", "length"
    tools = name == "tools" and turn.ident.chat
    if tools:
        finish, native = "tool_calls", "tool_calls"
    error = None
    if name in _CUT:
        content = content[: math.ceil(len(content) / 2)]
        finish, native = ("error", None) if name in _ERRORS else (None, None)
        error = MID_STREAM_ERROR if name in _ERRORS else None
        if name.startswith("evil"):
            error = "stream broke " + hostile.PAYLOAD
    spent = len(content) + len(reasoning) + (len(_TOOL_ARGS) if tools else 0)
    model = turn.ident.model
    used = None if name in _CUT else usage(model, turn.prompt_tokens, spent, len(reasoning))
    shape = SHAPES.get(name, "text")
    shown = not turn.reasoning.exclude
    notes = ()
    if turn.web is not None and name not in _CUT and not tools:
        notes = tuple(citations(turn.web, turn.prompt, "".join(content)))
    return Outcome(content, reasoning, finish, native, used, tools, error, shape, shown, notes)


def _reasoning(turn: Turn) -> tuple[str, ...]:
    sc, ask = turn.scenario, turn.reasoning
    if not ask.enabled or (sc.name not in SHAPES and sc.reasoning_tokens is None):
        return ()
    if sc.name == "reasoning-evil":
        pieces = tuple(tokenize(f"Thinking it over {hostile.PAYLOAD} and done."))
    else:
        pieces = reasoning_pieces(sc.reasoning_tokens)
    return pieces[: ask.max_tokens] if ask.max_tokens is not None else pieces


def _answer_pieces(turn: Turn) -> list[str] | tuple[str, ...]:
    sc = turn.scenario
    if sc.tokens is not None:
        return long_answer(sc.tokens)
    if sc.name.startswith("evil"):
        return tokenize(hostile.answer())
    if sc.name == "echo":
        return tokenize(turn.prompt)
    if (flood := parse_flood(sc.name)) is not None:
        return flood_pieces(flood)
    if sc.name == "split-utf8":
        return tokenize(SPLIT_UTF8_ANSWER)
    if sc.name == "tools":
        return tokenize("I'll look up the current weather in Paris for you.")
    return tokenize(turn.received + demo_answer(turn.prompt))


def stream_actions(turn: Turn, out: Outcome) -> Iterator[Action]:
    """The SSE writes of a streamed answer, pauses and breaks included."""
    sc, name = turn.scenario, turn.scenario.name
    enc = ChunkEncoder(turn.ident)
    if name == "stall-before":
        yield Pause(sc.stall)
    for _ in range(sc.keepalives):
        yield enc.comment()
        yield Pause(sc.keepalive_interval)
    if name == "role-first":
        yield enc.role_only()
    gap = 1.0 / turn.tps if turn.tps else None
    think_tps = sc.reasoning_tps or turn.tps
    think_gap = 1.0 / think_tps if think_tps else None
    for i, (chunk, thinking) in enumerate(_deltas(enc, out)):
        pause = think_gap if thinking else gap
        if pause:
            yield Pause(pause)
        yield Fragments(split_inside_utf8(chunk)) if name == "split-utf8" else chunk
        if i == 0 and name == "stall":
            yield Pause(sc.stall)
        elif i == 1 and name == "truncated-json":
            yield enc.truncated(out.content[min(1, len(out.content) - 1)])
        if name == "keepalive-between":
            yield enc.comment()
    if name.startswith("flood-"):  # the stream stays open after the flood, still billing
        for step in trickle(sc.stall):
            yield Pause(step) if isinstance(step, float) else enc.content(step)
    yield from _ending(enc, name, out)


def _deltas(enc: ChunkEncoder, out: Outcome) -> Iterator[tuple[bytes, bool]]:
    """Each data event, and whether it is reasoning (paced at the reasoning's rate)."""
    if out.reasoning_shown:
        for chunk in _reasoning_chunks(enc, out):
            yield chunk, True
    for chunk in _answer_chunks(enc, out):
        yield chunk, False


def _reasoning_chunks(enc: ChunkEncoder, out: Outcome) -> Iterator[bytes]:
    shape = out.reasoning_shape
    for text in out.reasoning:
        fields: dict[str, Any] = {"reasoning": text} if shape == "text" else {}
        yield enc.reasoning(fields, stream_detail(shape, text))
    if out.reasoning and shape == "text":
        yield enc.reasoning({}, signature_detail(out.reasoning))
    elif out.reasoning and shape == "encrypted":
        yield enc.reasoning({}, encrypted_detail(out.reasoning))


def _answer_chunks(enc: ChunkEncoder, out: Outcome) -> Iterator[bytes]:
    if not out.tools:
        for text in out.content:
            yield enc.content(text)
        if out.annotations:
            yield enc.event([enc.choice({"content": "", "annotations": list(out.annotations)})])
        return
    yield enc.event([enc.choice({"content": "", "reasoning_details": [_SUMMARY]})])
    half = len(out.content) // 2
    for text in out.content[:half]:
        yield enc.content(text)
    yield enc.event([enc.choice({"content": "", "annotations": [_ANNOTATION]})])
    for text in out.content[half:]:
        yield enc.content(text)
    call = {"index": 0, "id": _TOOL_CALL_ID, "type": "function"}
    call["function"] = {"name": "get_weather", "arguments": ""}
    yield enc.event([enc.choice({"content": None, "tool_calls": [call]})])
    for args in _TOOL_ARGS:
        part = {"index": 0, "function": {"arguments": args}}
        yield enc.event([enc.choice({"content": None, "tool_calls": [part]})])


def _ending(enc: ChunkEncoder, name: str, out: Outcome) -> Iterator[Action]:
    if name == "drop":
        yield DROP
    elif name in ("mid-error", "evil-mid"):
        yield enc.error(out.error or MID_STREAM_ERROR, "error")
    elif name in ("mid-error-null", "evil-mid-null"):
        yield enc.finish("length", "length", None)
        yield enc.error(out.error or MID_STREAM_ERROR, None)
    elif name == "evil-event":
        yield hostile.error_event()
    elif name == "no-finish":
        return
    elif name in ("usage-after-finish", "usage-null-finish"):
        yield enc.finish(out.finish or "stop", out.native, None)
        if name == "usage-after-finish":
            yield enc.usage_only(out.usage or {})
        else:
            yield enc.event([enc.choice({"content": ""})], usage=out.usage)
        yield enc.done()
    else:
        yield enc.finish(out.finish or "stop", out.native, out.usage)
        if name != "no-done":
            yield enc.done()


def whole_actions(turn: Turn, out: Outcome) -> tuple[list[Action], bool]:
    """The writes of a ``stream: false`` answer, and whether its length is known upfront."""
    sc, name = turn.scenario, turn.scenario.name
    extra: dict[str, Any] = {}
    if out.error:
        extra["error"] = {"code": "server_error", "message": out.error}
    if out.tools:
        call = {"id": _TOOL_CALL_ID, "type": "function"}
        call["function"] = {"name": "get_weather", "arguments": "".join(_TOOL_ARGS)}
        extra["message_extra"] = {"tool_calls": [call], "annotations": [_ANNOTATION]}
    elif out.annotations:
        extra["message_extra"] = {"annotations": list(out.annotations)}
    reasoning = out.reasoning if out.reasoning_shown else ()
    body = whole_body(
        turn.ident,
        "".join(out.content),
        whole_reasoning(out.reasoning_shape, reasoning),
        out.finish,
        out.native,
        out.usage,
        **extra,
    )
    data = dumps(body).encode()
    actions: list[Action] = []
    if name in ("stall", "stall-before"):
        actions.append(Pause(sc.stall))
    if sc.keepalives:
        # OpenRouter keeps a non-streamed request alive with leading whitespace.
        for _ in range(sc.keepalives):
            actions += [b"\n", Pause(sc.keepalive_interval)]
        return [*actions, data], False
    if name == "drop":
        return [*actions, data[: len(data) // 2], DROP], True
    if name == "split-utf8":
        return [*actions, Fragments(split_inside_utf8(data))], True
    return [*actions, data], True


def split_inside_utf8(data: bytes, most: int = 3) -> tuple[bytes, ...]:
    """``data`` cut right after the lead byte of up to ``most`` multi-byte characters."""
    cuts = [i + 1 for i, byte in enumerate(data) if byte >= 0xC0][:most]
    if not cuts:
        return (data,)
    bounds = [0, *cuts, len(data)]
    return tuple(data[a:b] for a, b in itertools.pairwise(bounds))


def size_of(action: Action) -> int:
    """How many body bytes ``action`` writes."""
    if isinstance(action, bytes):
        return len(action)
    if isinstance(action, Fragments):
        return sum(len(part) for part in action.parts)
    return 0
