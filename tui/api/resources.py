"""Decode the model list, key and generation replies of OpenRouter and local servers."""

from __future__ import annotations

import math
from typing import Any

from tui.api.types import GenerationInfo, KeyInfo, ModelInfo

__all__ = ["generation_from_json", "key_from_json", "models_from_json"]


def models_from_json(data: Any) -> list[ModelInfo]:
    """Models of ``GET /models``: OpenRouter/OpenAI ``{"data": […]}``, Ollama ``{"models": […]}``.

    Local servers may list bare ids; entries with no usable id are dropped.
    """
    entries: Any = data
    if isinstance(data, dict):
        entries = data.get("data")
        if not isinstance(entries, list):
            entries = data.get("models")
    if not isinstance(entries, list):
        return []
    models = []
    for entry in entries:
        model = _model(entry)
        if model is not None:
            models.append(model)
    return models


def key_from_json(data: Any) -> KeyInfo | None:
    """``GET /key``'s ``{"data": {…}}``."""
    info = _data(data)
    if info is None:
        return None
    free = info.get("is_free_tier")
    return KeyInfo(
        label=_str(info.get("label")),
        usage=_float(info.get("usage")),
        limit=_float(info.get("limit")),
        limit_remaining=_float(info.get("limit_remaining")),
        is_free_tier=free if isinstance(free, bool) else None,
        usage_daily=_float(info.get("usage_daily")),
        usage_weekly=_float(info.get("usage_weekly")),
        usage_monthly=_float(info.get("usage_monthly")),
        limit_reset=_str(info.get("limit_reset")),
    )


def generation_from_json(data: Any, generation_id: str) -> GenerationInfo | None:
    """``GET /generation?id=``'s ``{"data": {…}}``."""
    info = _data(data)
    if info is None:
        return None
    return GenerationInfo(
        id=_str(info.get("id")) or generation_id,
        model=_str(info.get("model")),
        provider=_str(info.get("provider_name")) or _str(info.get("provider")),
        total_cost=_float(info.get("total_cost")),
        tokens_prompt=_int(info.get("tokens_prompt")),
        tokens_completion=_int(info.get("tokens_completion")),
        latency_ms=_float(info.get("latency")),
        generation_time_ms=_float(info.get("generation_time")),
        finish_reason=_str(info.get("finish_reason")),
        native_finish_reason=_str(info.get("native_finish_reason")),
    )


def _model(entry: Any) -> ModelInfo | None:
    if isinstance(entry, str):
        return ModelInfo(id=entry) if entry else None
    if not isinstance(entry, dict):
        return None
    model_id = _str(entry.get("id")) or _str(entry.get("model")) or _str(entry.get("name"))
    if model_id is None:
        return None
    pricing = entry.get("pricing") if isinstance(entry.get("pricing"), dict) else {}
    top = entry.get("top_provider") if isinstance(entry.get("top_provider"), dict) else {}
    context = (
        _int(entry.get("context_length"))
        or _int(top.get("context_length"))
        or _int(entry.get("max_model_len"))  # vLLM
    )
    params = entry.get("supported_parameters")
    architecture = entry.get("architecture") if isinstance(entry.get("architecture"), dict) else {}
    moderated = top.get("is_moderated")
    return ModelInfo(
        id=model_id,
        name=_str(entry.get("name")) or "",
        description=_str(entry.get("description")) or "",
        context_length=context,
        prompt_price=_price(pricing.get("prompt")),
        completion_price=_price(pricing.get("completion")),
        supported_parameters=tuple(p for p in params if isinstance(p, str))
        if isinstance(params, list)
        else (),
        created=_int(entry.get("created")),
        modality=_str(architecture.get("modality")),
        tokenizer=_str(architecture.get("tokenizer")),
        max_completion_tokens=_int(top.get("max_completion_tokens")),
        is_moderated=moderated if isinstance(moderated, bool) else None,
        input_modalities=_strings(architecture.get("input_modalities")),
    )


def _strings(value: Any) -> tuple[str, ...] | None:
    if not isinstance(value, list):
        return None
    return tuple(v for v in value if isinstance(v, str))


def _data(data: Any) -> dict[str, Any] | None:
    if isinstance(data, dict):
        inner = data.get("data")
        if isinstance(inner, dict):
            return inner
    return None


def _price(value: Any) -> float | None:
    """A per-token price; OpenRouter sends strings, and ``"-1"`` for routers of unknown cost."""
    price = _float(value)
    return price if price is not None and price >= 0 else None


def _float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _int(value: Any) -> int | None:
    number = _float(value)
    return int(number) if number is not None else None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
