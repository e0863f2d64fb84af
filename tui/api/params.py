"""Every request parameter of the OpenRouter reference: its type, range and doc; validation."""

from __future__ import annotations

import difflib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "PARAMS",
    "ParamError",
    "ParamSpec",
    "parse_param",
    "supported_params",
    "validate_params",
]


class ParamError(ValueError):
    """A request parameter is unknown, malformed or out of its allowed range."""


@dataclass(frozen=True, slots=True)
class ParamSpec:
    """One request parameter, as the validator checks it and the sidebar shows it.

    ``type`` is ``number``, ``integer``, ``boolean``, ``string``, ``array`` (of strings),
    ``object`` (with known ``fields``) or ``map`` (token id -> number in the range).
    ``minimum`` and ``maximum`` are inclusive; ``None`` means unbounded.
    """

    name: str
    type: str
    minimum: float | None = None
    maximum: float | None = None
    doc: str = ""
    choices: tuple[str, ...] = ()
    fields: tuple[ParamSpec, ...] = ()


def _spec(
    name: str,
    type: str,
    doc: str,
    lo: float | None = None,
    hi: float | None = None,
    choices: tuple[str, ...] = (),
    fields: tuple[ParamSpec, ...] = (),
) -> ParamSpec:
    return ParamSpec(name, type, lo, hi, doc, choices, fields)


PARAMS: dict[str, ParamSpec] = {
    spec.name: spec
    for spec in (
        # OpenRouter's own, model-independent fields.
        _spec("models", "array", "Fallback model ids, tried in order when the model fails."),
        _spec(
            "provider",
            "object",
            "Provider routing preferences (sort, order, allow_fallbacks …).",
            fields=(_spec("sort", "string", "Prefer providers by price, throughput or latency."),),
        ),
        _spec(
            "reasoning",
            "object",
            "Reasoning tokens: effort, budget, and whether to leave them out of the reply.",
            fields=(
                _spec("effort", "string", "How hard to think.", choices=("high", "medium", "low")),
                _spec("max_tokens", "integer", "Token budget for reasoning.", 1),
                _spec("exclude", "boolean", "Reason, but leave the reasoning out of the reply."),
                _spec(
                    "enabled",
                    "boolean",
                    "Reason at the model's default effort (on), or not at all (off).",
                ),
            ),
        ),
        _spec(
            "usage",
            "object",
            "Deprecated (usage always comes last); accepted, never sent.",
            fields=(_spec("include", "boolean", "Deprecated; usage is always reported."),),
        ),
        _spec("transforms", "array", "Prompt transforms, e.g. middle-out to fit the context."),
        _spec("stream", "boolean", "Stream the reply as server-sent events."),
        # Sampling, with the ranges OpenRouter documents.
        _spec("max_tokens", "integer", "Upper limit on the tokens generated.", 1),
        _spec("temperature", "number", "Randomness: 0 is near-deterministic.", 0, 2),
        _spec("seed", "integer", "Repeat sampling for the same seed, where supported."),
        _spec("top_p", "number", "Sample only from the top tokens totalling this mass.", 0, 1),
        _spec("top_k", "integer", "Sample only from the K likeliest tokens; 0 is off.", 0),
        _spec("frequency_penalty", "number", "Penalise tokens by how often they occur.", -2, 2),
        _spec("presence_penalty", "number", "Penalise tokens that occurred at all.", -2, 2),
        _spec("repetition_penalty", "number", "Penalise repeated input tokens; 1 is off.", 0, 2),
        _spec("logit_bias", "map", "Token id -> bias added to its logit.", -100, 100),
        _spec("top_logprobs", "integer", "Log-probabilities of this many top tokens.", 0, 20),
        _spec("min_p", "number", "Drop tokens below this fraction of the likeliest.", 0, 1),
        _spec("top_a", "number", "Drop tokens far below the likeliest (dynamic top-p).", 0, 1),
        _spec("user", "string", "A stable id for your end user, for abuse detection."),
    )
}

# Parts of every request that the request dataclasses hold, not params: who sets them.
_NOT_PARAMS = {
    "model": "set it with --model/-m, `model` in config.toml or the model picker",
    "messages": "they are built from the conversation and the prompt",
    "prompt": "give the prompt as the argument of `parley ask` or on stdin",
}


# Models list the older ``include_reasoning`` flag, ``reasoning``, or both: either means the
# model reasons, and OpenRouter takes the ``reasoning`` object for all of them.
_SAME_AS = {"include_reasoning": "reasoning"}


def supported_params(listed: Iterable[str] | None) -> frozenset[str] | None:
    """The request parameters a model takes, from its ``supported_parameters``.

    ``None`` (or an empty list) means unknown: nothing should be left out. A model that lists
    ``include_reasoning`` takes ``reasoning`` too.
    """
    names = frozenset(listed or ())
    if not names:
        return None
    return names | {_SAME_AS[name] for name in names if name in _SAME_AS}


def validate_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Return a checked, normalised copy of ``params``; raise :class:`ParamError` if any is bad."""
    cleaned: dict[str, Any] = {}
    for name, value in params.items():
        if name in _NOT_PARAMS:
            raise ParamError(f"{name} is not a request parameter: {_NOT_PARAMS[name]}")
        spec = PARAMS.get(name) if isinstance(name, str) else None
        if spec is None:
            raise ParamError(_unknown("parameter", name, PARAMS))
        cleaned[name] = _check(spec, value, name)
    return cleaned


def parse_param(text: str) -> tuple[str, Any]:
    """Parse ``KEY=VALUE`` from the command line; the value is JSON where it parses.

    A string parameter keeps its text as typed (``user=123`` is ``"123"``), and a string
    list accepts bare comma-separated text (``transforms=middle-out``).
    """
    key, sep, raw = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise ParamError(f"parameters are KEY=VALUE (e.g. temperature=0.7), got {text!r}")
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        value = raw
    spec = PARAMS.get(key)
    if spec is not None and spec.type == "string" and not isinstance(value, str):
        value = raw
    elif spec is not None and spec.type == "array" and isinstance(value, str):
        value = [item.strip() for item in value.split(",") if item.strip()]
    return key, value


def _check(spec: ParamSpec, value: Any, label: str) -> Any:
    return _CHECKERS[spec.type](spec, value, label)


def _check_number(spec: ParamSpec, value: Any, label: str) -> float:
    if not _is_number(value) or not math.isfinite(value) or not _in_range(spec, value):
        raise ParamError(f"{label} must be {_describe(spec)}, got {_show(value)}")
    return float(value)


def _check_integer(spec: ParamSpec, value: Any, label: str) -> int:
    ok = _is_number(value) and (isinstance(value, int) or float(value).is_integer())
    if not ok or not _in_range(spec, value):
        raise ParamError(f"{label} must be {_describe(spec)}, got {_show(value)}")
    return int(value)


def _check_boolean(spec: ParamSpec, value: Any, label: str) -> bool:
    if not isinstance(value, bool):
        raise ParamError(f"{label} must be true or false, got {_show(value)}")
    return value


def _check_string(spec: ParamSpec, value: Any, label: str) -> str:
    if not isinstance(value, str) or (spec.choices and value not in spec.choices):
        raise ParamError(f"{label} must be {_describe(spec)}, got {_show(value)}")
    return value


def _check_array(spec: ParamSpec, value: Any, label: str) -> list[str]:
    if not isinstance(value, list | tuple) or not all(
        isinstance(item, str) and item for item in value
    ):
        raise ParamError(f"{label} must be {_describe(spec)}, got {_show(value)}")
    return list(value)


def _check_object(spec: ParamSpec, value: Any, label: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ParamError(f"{label} must be {_describe(spec)}, got {_show(value)}")
    known = {field.name: field for field in spec.fields}
    cleaned: dict[str, Any] = {}
    for key, item in value.items():
        field = known.get(key)
        if field is not None:
            cleaned[key] = _check(field, item, f"{label}.{key}")
        elif spec.name == "provider" and isinstance(key, str):
            # OpenRouter's routing options grow often; pass on what the reference leaves out.
            cleaned[key] = item
        else:
            raise ParamError(_unknown(f"field of {label}", key, known))
    return cleaned


def _check_map(spec: ParamSpec, value: Any, label: str) -> dict[str, float]:
    if not isinstance(value, Mapping):
        raise ParamError(f"{label} must be {_describe(spec)}, got {_show(value)}")
    cleaned: dict[str, float] = {}
    for key, bias in value.items():
        token = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
        if not isinstance(token, str) or not (token.isascii() and token.isdigit()):
            raise ParamError(f"{label} keys must be token ids (digits), got {_show(key)}")
        number = ParamSpec(spec.name, "number", spec.minimum, spec.maximum)
        cleaned[token] = _check_number(number, bias, f"{label}[{token}]")
    return cleaned


_CHECKERS = {
    "number": _check_number,
    "integer": _check_integer,
    "boolean": _check_boolean,
    "string": _check_string,
    "array": _check_array,
    "object": _check_object,
    "map": _check_map,
}


def _is_number(value: Any) -> bool:
    # bool is an int subclass, but true is not a temperature.
    return isinstance(value, int | float) and not isinstance(value, bool)


def _in_range(spec: ParamSpec, value: float) -> bool:
    return (spec.minimum is None or value >= spec.minimum) and (
        spec.maximum is None or value <= spec.maximum
    )


def _describe(spec: ParamSpec) -> str:
    """The allowed values in words: "a number from 0 to 2", "an integer of at least 1"."""
    if spec.choices:
        return "one of " + ", ".join(spec.choices)
    kind = {
        "number": "a number",
        "integer": "an integer",
        "boolean": "true or false",
        "string": "a string",
        "array": "a list of non-empty strings",
        "object": "an object",
        "map": "an object of token id -> number",
    }[spec.type]
    return kind + bounds_text(spec, " from {lo} to {hi}", " of at least {lo}", " of at most {hi}")


def bounds_text(spec: ParamSpec, both: str, low: str, high: str, neither: str = "") -> str:
    """``spec``'s bounds in the words given: templates naming ``{lo}`` and ``{hi}``, for
    both bounds, the lower only, the upper only, and ``neither``."""
    lo, hi = spec.minimum, spec.maximum
    if lo is not None and hi is not None:
        return both.format(lo=_num(lo), hi=_num(hi))
    if lo is not None:
        return low.format(lo=_num(lo))
    if hi is not None:
        return high.format(hi=_num(hi))
    return neither


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _show(value: Any) -> str:
    """The bad value as the user wrote it (JSON), cut short if long."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _unknown(what: str, name: Any, known: Mapping[str, Any]) -> str:
    message = f"unknown {what} {_show(name)}"
    close = difflib.get_close_matches(str(name), list(known), n=3, cutoff=0.6)
    if close:
        return f"{message}; did you mean {' or '.join(close)}?"
    return f"{message}; known: {', '.join(known)}"
