"""Model ids to scenarios: ``sim/<name>[:opt=value,…]`` parsed and validated, defaults applied."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from tui.sim.bounds import BOUNDS_SCENARIOS
from tui.sim.flood import parse_flood
from tui.sim.hostile import HOSTILE_SCENARIOS, HOSTILE_STATUS
from tui.sim.thinking import DESCRIPTIONS as REASONING_SCENARIOS

# Each scenario with a one-line description (also served by /models).
SMALL_CONTEXT = 4000
"""The context length of ``sim/small-context``."""

SCENARIOS: dict[str, str] = {
    "normal": "A normal streamed answer ending with finish_reason stop, usage and [DONE].",
    "keepalive": "': OPENROUTER PROCESSING' comments before the first token.",
    "keepalive-between": "Keep-alive comments before the first token and between chunks.",
    "mid-error": "Half the answer, then a mid-stream error event; no [DONE].",
    "mid-error-null": "Half the answer, finish_reason length, then an error with reason null.",
    "http-NNN": "Fails with HTTP status NNN and OpenRouter's JSON error body.",
    "html-NNN": "Answers with HTTP status NNN and an HTML page instead of JSON.",
    "flaky-NNN": "The first `fail` requests fail with status NNN, then it answers.",
    "flaky-drop": "The first `fail` requests lose their connection, then it answers.",
    "drop": "Half the answer, then the TCP connection is closed abruptly.",
    "drop-before": "The connection is closed before any response.",
    "truncated-json": "A normal answer with one extra data event carrying truncated JSON.",
    "split-utf8": "Multi-byte text whose TCP writes split inside UTF-8 sequences.",
    "crlf": "A normal answer framed with CRLF line ends.",
    "cr": "A normal answer framed with CR line ends.",
    **REASONING_SCENARIOS,
    "slow": "A normal answer at 20 tokens per second.",
    "long": "A 20,000-token Markdown answer.",
    "usage-after-finish": "Usage in a separate chunk with no choices after the finish chunk.",
    "usage-null-finish": "Usage in a chunk whose finish_reason is null again.",
    "role-first": "A first chunk carrying only the assistant role.",
    "fallback": "Answered by a fallback model and provider (Anthropic).",
    "tools": "Tool calls, annotations and reasoning details mixed with content.",
    "no-done": "A complete answer whose body ends without [DONE].",
    "no-finish": "Half the answer, then the body ends: no finish_reason, no [DONE].",
    "length": "Stops with finish_reason length (native MAX_TOKENS).",
    "content-filter": "Stops with finish_reason content_filter (native SAFETY).",
    "stall": "Headers and one chunk, then `stall` seconds of silence, then the rest.",
    "stall-before": "No response headers for `stall` seconds, then the answer.",
    "echo": "Answers with the last message (or the prompt) verbatim.",
    "small-context": (
        "A normal answer from a model listed with a 4,000-token context; a longer request is"
        " refused as OpenRouter refuses it, unless it asks for the middle-out transform."
    ),
    **BOUNDS_SCENARIOS,
}
_WITH_STATUS = {"http": (400, 599), "html": (200, 599), "flaky": (400, 599), **HOSTILE_STATUS}


class ScenarioError(ValueError):
    """A ``sim/`` model id the simulator cannot honour; the message names the culprit."""


@dataclass(frozen=True, slots=True)
class Scenario:
    """What the simulator does for one model id (``name`` is ``demo`` for non-sim ids)."""

    name: str
    status: int | None = None
    tokens: int | None = None
    tps: float | None = None
    keepalives: int = 0
    keepalive_interval: float = 0.2
    retry_after: int = 1
    fail: int = 1
    stall: float = 30.0
    reasoning_tokens: int | None = None
    """How many reasoning pieces to send first (any scenario; reasoning ones default to a few)."""
    reasoning_tps: float | None = None
    """The reasoning's pace, when it differs from ``tps``."""


def _integer(low: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if value < low:
            raise ValueError
        return value

    parse.__doc__ = f"a whole number of at least {low}"
    return parse


def _number(positive: bool) -> Callable[[str], float]:
    def parse(text: str) -> float:
        value = float(text)
        if not math.isfinite(value) or value < 0 or (positive and value == 0):
            raise ValueError
        return value

    parse.__doc__ = "a number greater than 0" if positive else "a number of at least 0"
    return parse


_OPTIONS: dict[str, Callable[[str], Any]] = {
    "tokens": _integer(1),
    "tps": _number(positive=True),
    "keepalives": _integer(0),
    "keepalive_interval": _number(positive=False),
    "retry_after": _integer(0),
    "fail": _integer(0),
    "stall": _number(positive=False),
    "reasoning_tokens": _integer(0),
    "reasoning_tps": _number(positive=True),
}
_DEFAULTS: dict[str, dict[str, Any]] = {
    "keepalive": {"keepalives": 3},
    "keepalive-between": {"keepalives": 3},
    "slow": {"tps": 20.0},
    "long": {"tokens": 20000},
}


def parse_model(model: str) -> Scenario:
    """The scenario for ``model``; raises :class:`ScenarioError` naming a bad part."""
    if not model.startswith("sim/"):
        return Scenario("demo")
    spec, _, options = model[4:].partition(":")
    scenario = _scenario_for(spec, model)
    if options:
        scenario = replace(scenario, **_parse_options(options, model))
    return scenario


def _scenario_for(spec: str, model: str) -> Scenario:
    if (spec in SCENARIOS or spec in HOSTILE_SCENARIOS) and not spec.endswith("-NNN"):
        return Scenario(spec, **_DEFAULTS.get(spec, {}))
    if parse_flood(spec) is not None:  # sim/flood-<MB>mb…: see tui.sim.flood
        return Scenario(spec)
    kind, _, code = spec.partition("-")
    if kind in _WITH_STATUS and spec != "flaky-drop":
        low, high = _WITH_STATUS[kind]
        if not (code.isdigit() and low <= int(code) <= high):
            raise ScenarioError(
                f"{model} is not a valid model ID: the status after '{kind}-' must be a "
                f"number from {low} to {high}"
            )
        return Scenario(kind, status=int(code))
    known = ", ".join(SCENARIOS)
    raise ScenarioError(
        f"{model} is not a valid model ID: unknown simulator scenario '{spec}' (known: {known})"
    )


def _parse_options(options: str, model: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for item in options.split(","):
        name, eq, text = (part.strip() for part in item.partition("="))
        parse = _OPTIONS.get(name)
        if parse is None:
            known = ", ".join(_OPTIONS)
            raise ScenarioError(
                f"Unknown simulator option '{name}' in model '{model}' (known: {known})"
            )
        try:
            if not eq:
                raise ValueError
            values[name] = parse(text)
        except ValueError:
            raise ScenarioError(
                f"Invalid simulator option '{item.strip()}' in model '{model}': "
                f"{name} must be {parse.__doc__}"
            ) from None
    return values
