"""The simulator's static knowledge: the model list, prices, error messages and HTML pages."""

from __future__ import annotations

import http
from typing import Any

from tui.sim.scenarios import SCENARIOS, SMALL_CONTEXT

_CHAT_PARAMS = [
    "max_tokens", "temperature", "top_p", "stop", "frequency_penalty", "presence_penalty",
    "seed", "logit_bias", "logprobs", "top_logprobs", "response_format", "structured_outputs",
    "tools", "tool_choice",
]  # fmt: skip
_Spec = tuple[str, int, str, str, "int | None", str, int, list[str]]
# id -> (name, context, prompt $/token, completion $/token, max output, tokenizer, created, extra)
# fmt: off
_MODELS: dict[str, _Spec] = {
    "openai/gpt-4o":
        ("OpenAI: GPT-4o", 128000, "0.0000025", "0.00001", 16384, "GPT", 1715367049, []),
    "openai/gpt-4o-mini":
        ("OpenAI: GPT-4o-mini", 128000, "0.00000015", "0.0000006", 16384, "GPT", 1721260800, []),
    "anthropic/claude-3.5-sonnet":
        ("Anthropic: Claude 3.5 Sonnet", 200000, "0.000003", "0.000015", 8192, "Claude",
         1729555200, []),
    "meta-llama/llama-3.1-8b-instruct:free":
        ("Meta: Llama 3.1 8B Instruct (free)", 131072, "0", "0", 4096, "Llama3", 1721692800,
         ["top_k", "repetition_penalty"]),
    "google/gemini-flash-1.5":
        ("Google: Gemini 1.5 Flash", 1000000, "0.000000075", "0.0000003", 8192, "Gemini",
         1715644800, []),
    "mistralai/mistral-large":
        ("Mistral Large", 128000, "0.000002", "0.000006", None, "Mistral", 1708905600, []),
    "deepseek/deepseek-r1":
        ("DeepSeek: R1", 163840, "0.00000055", "0.00000219", 163840, "DeepSeek", 1737381095,
         ["reasoning", "include_reasoning"]),
    "qwen/qwen-2.5-72b-instruct":
        ("Qwen2.5 72B Instruct", 32768, "0.00000012", "0.00000039", 16384, "Qwen", 1726704000,
         ["top_k", "repetition_penalty"]),
}
# fmt: on
_DEFAULT_PRICE = ("0.0000025", "0.00001")  # sim ids and unknown ids cost what GPT-4o costs
_PROVIDERS = {
    "openai": "OpenAI", "anthropic": "Anthropic", "google": "Google", "meta-llama": "DeepInfra",
    "mistralai": "Mistral", "deepseek": "DeepSeek", "qwen": "Together",
}  # fmt: skip


# The reasoning scenarios list what reasoning models list; the summary one only the older
# ``include_reasoning``, as some models still do.
_REASONING_PARAMS = {
    "reasoning": ["reasoning", "include_reasoning"],
    "reasoning-encrypted": ["reasoning", "include_reasoning"],
    "reasoning-summary": ["include_reasoning"],
}


def price(model: str) -> tuple[float, float]:
    """Dollars per prompt token and per completion token for ``model``."""
    if model.endswith(":free"):
        return 0.0, 0.0
    entry = _MODELS.get(model)
    prompt, completion = (entry[2], entry[3]) if entry else _DEFAULT_PRICE
    return float(prompt), float(completion)


def provider_for(model: str) -> str:
    """The provider name OpenRouter would report for ``model``."""
    return _PROVIDERS.get(model.partition("/")[0], "OpenAI")


# What each model reads besides text; the simulator's own ids read everything (it describes
# what it received), the rest as OpenRouter lists them.
_INPUTS = {
    "openai/gpt-4o": ["text", "image", "file"],
    "openai/gpt-4o-mini": ["text", "image", "file"],
    "anthropic/claude-3.5-sonnet": ["text", "image", "file"],
    "google/gemini-flash-1.5": ["text", "image", "file", "audio"],
}
_ALL_INPUTS = ["text", "image", "file", "audio"]


def model_entry(model_id: str, spec: _Spec, description: str) -> dict[str, Any]:
    name, context, prompt, completion, max_out, tokenizer, created, extra = spec
    inputs = _ALL_INPUTS if model_id.startswith("sim/") else _INPUTS.get(model_id, ["text"])
    return {
        "id": model_id,
        "canonical_slug": model_id.removesuffix(":free"),
        "name": name,
        "created": created,
        "description": description,
        "context_length": context,
        "architecture": {
            "modality": "text->text",
            "input_modalities": list(inputs),
            "output_modalities": ["text"],
            "tokenizer": tokenizer,
            "instruct_type": None,
        },
        "pricing": {
            "prompt": prompt,
            "completion": completion,
            "request": "0",
            "image": "0",
            "web_search": "0",
            "internal_reasoning": "0",
        },
        "top_provider": {
            "context_length": context,
            "max_completion_tokens": max_out,
            "is_moderated": model_id.startswith("openai/"),
        },
        "per_request_limits": None,
        "supported_parameters": [*_CHAT_PARAMS, *extra],
    }


def models_list() -> list[dict[str, Any]]:
    """``GET /models`` data: well-known models, then one entry per simulator scenario."""
    data = [
        model_entry(
            model_id, spec, f"{spec[0]}, as listed by OpenRouter (served by Parley's simulator)."
        )
        for model_id, spec in _MODELS.items()
    ]
    for name, description in SCENARIOS.items():
        sim_id = "sim/" + name.replace("NNN", "429" if name == "flaky-NNN" else "502")
        extra = _REASONING_PARAMS.get(name, [])
        context = SMALL_CONTEXT if name == "small-context" else 128000
        spec = (f"Simulator: {name}", context, *_DEFAULT_PRICE, 16384, "Other", 1735689600, extra)
        data.append(model_entry(sim_id, spec, description))
    return data


_ERRORS: dict[int, str] = {
    400: (
        "This endpoint's maximum context length is 128000 tokens. However, you requested "
        "about 131072 tokens (126976 of text input, 4096 in the output). Please reduce the "
        'length of either one, or use the "middle-out" transform to compress your prompt '
        "automatically."
    ),
    401: "No auth credentials found",
    402: (
        "Insufficient credits. This account never purchased credits. Make sure your key is "
        "on the correct account or org, and if so, purchase more at "
        "https://openrouter.ai/settings/credits"
    ),
    403: '{model} requires moderation on OpenRouter. Your input was flagged for "violence". '
    "No credits were charged.",
    404: "No endpoints found for {model}.",
    408: "Request timed out: the provider did not respond in time. Please try again.",
    413: "Request entity too large: the request body exceeds the provider's limit.",
    422: "Unprocessable entity: the provider could not process this request.",
    429: (
        "Rate limit exceeded: limit_rpm/{model}. High demand for {model} on OpenRouter - "
        "limited to 20 requests per minute. Please retry shortly."
    ),
    500: "Internal Server Error",
    502: "Provider returned error",
    503: "No instances available: every provider of {model} is currently overloaded.",
    504: "Gateway Timeout: the provider took too long to produce a response.",
}


def error_body(status: int, model: str, message: str | None = None) -> dict[str, Any]:
    """OpenRouter's error JSON for ``status``, with a realistic message and metadata."""
    if message is None:
        template = _ERRORS.get(status) or _phrase(status)
        message = template.format(model=model)
    error: dict[str, Any] = {"code": status, "message": message}
    if status == 502:
        error["metadata"] = {
            "raw": '{"error":{"message":"The server had an error while processing your '
            'request.","type":"server_error"}}',
            "provider_name": provider_for(model),
        }
    elif status == 403:
        error["metadata"] = {
            "reasons": ["violence"],
            "flagged_input": "...",
            "provider_name": provider_for(model),
            "model_slug": model,
        }
    return {"error": error, "user_id": "user_2simulator"}


def html_page(status: int) -> str:
    """The kind of HTML page a proxy or a wrong base URL answers with."""
    title = f"{status} {_phrase(status)}"
    return (
        "<!DOCTYPE html>\n<html>\n<head><title>" + title + "</title></head>\n<body>\n"
        "<center><h1>" + title + "</h1></center>\n<hr><center>cloudflare</center>\n"
        "</body>\n</html>\n"
    )


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"


NEARLY_SPENT = "nearly-spent"
"""A key with this in it has spent 95 % of a $1 limit before any answer."""


def key_info(api_key: str | None, spent: float) -> dict[str, Any]:
    """``GET /key`` data for ``api_key`` after ``spent`` dollars of simulated use."""
    label = f"{api_key[:11]}...{api_key[-3:]}" if api_key and len(api_key) > 14 else "sk-or-v1-sim"
    limit = 25.0
    if api_key and NEARLY_SPENT in api_key:
        limit, spent = 1.0, spent + 0.95
    return {
        "label": label,
        "usage": round(spent, 8),
        "usage_daily": round(spent, 8),
        "usage_weekly": round(spent, 8),
        "usage_monthly": round(spent, 8),
        "limit": limit,
        "limit_remaining": round(limit - spent, 8),
        "limit_reset": "monthly",
        "include_byok_in_limit": False,
        "byok_usage": 0,
        "byok_usage_daily": 0,
        "byok_usage_weekly": 0,
        "byok_usage_monthly": 0,
        "is_free_tier": False,
        "is_provisioning_key": False,
        "is_management_key": False,
        "expires_at": None,
    }
