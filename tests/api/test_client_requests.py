"""What the client sends, and how it reads whole answers, models, key and generation replies."""

from __future__ import annotations

import json

import httpx
import pytest

from tui.api.client import DEFAULT_BASE_URL, OpenAICompatibleClient
from tui.api.errors import ApiError, ErrorKind
from tui.api.types import ChatMessage, ChatRequest, CompletionRequest, KeyInfo, Usage

from .client_support import mock_client

REQUEST = ChatRequest("openai/gpt-4o", (ChatMessage("user", "hi"),))


def answering(payload, status: int = 200, seen: list[httpx.Request] | None = None):
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return httpx.Response(status, json=payload)

    return handler


ANSWER = {
    "id": "gen-9-ff",
    "object": "chat.completion",
    "model": "openai/gpt-4o-2024-08-06",
    "provider": "Azure",
    "choices": [
        {
            "message": {"role": "assistant", "content": "Hello!", "reasoning": "Greet."},
            "finish_reason": "stop",
            "native_finish_reason": "end_turn",
        }
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5, "cost": 0.01},
}


async def test_the_default_base_url_is_openrouter():
    assert DEFAULT_BASE_URL == "https://openrouter.ai/api/v1"
    async with OpenAICompatibleClient() as client:
        assert client.base_url == DEFAULT_BASE_URL


async def test_no_authorization_header_is_sent_without_a_key():
    seen: list[httpx.Request] = []
    async with mock_client(answering(ANSWER, seen=seen)) as client:
        await client.chat(REQUEST)
    assert "authorization" not in seen[0].headers


async def test_a_key_is_sent_as_a_bearer_token_with_attribution_and_user_agent():
    seen: list[httpx.Request] = []
    handler = answering(ANSWER, seen=seen)
    async with mock_client(
        handler, api_key="sk-or-1", site_url="https://x.example", site_name="Parley"
    ) as client:
        await client.chat(REQUEST)
    headers = seen[0].headers
    assert headers["authorization"] == "Bearer sk-or-1"
    assert headers["http-referer"] == "https://x.example"
    assert headers["x-title"] == "Parley"
    assert headers["user-agent"].startswith("parley/")


async def test_a_trailing_slash_on_the_base_url_is_tolerated():
    seen: list[httpx.Request] = []
    handler = answering(ANSWER, seen=seen)
    async with mock_client(handler, base_url="http://localhost:8080/v1/") as client:
        await client.chat(REQUEST)
    assert str(seen[0].url) == "http://localhost:8080/v1/chat/completions"


async def test_the_request_body_carries_every_parameter_and_stream_false():
    seen: list[httpx.Request] = []
    params = {"temperature": 0.2, "max_tokens": 64, "provider": {"sort": "price"}, "seed": 7}
    request = ChatRequest("a/b", (ChatMessage("user", "hi"),), params, models=("c/d",))
    async with mock_client(answering(ANSWER, seen=seen)) as client:
        await client.chat(request)
    body = json.loads(seen[0].content)
    assert body == {
        "model": "a/b",
        "messages": [{"role": "user", "content": "hi"}],
        "models": ["c/d"],
        **params,
        "stream": False,
    }


async def test_a_whole_chat_answer_is_read_into_a_completion():
    async with mock_client(answering(ANSWER)) as client:
        completion = await client.chat(REQUEST)
    assert completion.content == "Hello!"
    assert completion.reasoning == "Greet."
    assert (completion.finish_reason, completion.native_finish_reason) == ("stop", "end_turn")
    assert (completion.model, completion.provider) == ("openai/gpt-4o-2024-08-06", "Azure")
    assert completion.generation_id == "gen-9-ff"
    assert completion.usage == Usage(3, 2, 5, cost=0.01)


async def test_a_whole_legacy_completion_reads_choice_text():
    payload = {"id": "gen-1", "model": "m", "choices": [{"text": "42", "finish_reason": "stop"}]}
    seen: list[httpx.Request] = []
    async with mock_client(answering(payload, seen=seen)) as client:
        completion = await client.complete(CompletionRequest("m", "6*7="))
    assert completion.content == "42"
    assert seen[0].url.path.endswith("/completions")
    assert json.loads(seen[0].content)["prompt"] == "6*7="


async def test_a_json_error_in_a_200_whole_answer_is_raised():
    payload = {"error": {"code": 502, "message": "Upstream failed"}}
    async with mock_client(answering(payload)) as client:
        with pytest.raises(ApiError) as caught:
            await client.chat(REQUEST)
    assert caught.value.kind is ErrorKind.PROVIDER
    assert caught.value.message == "Upstream failed"


async def test_openrouter_models_have_prices_per_token_context_and_parameters():
    payload = {
        "data": [
            {
                "id": "openai/gpt-4o",
                "name": "OpenAI: GPT-4o",
                "context_length": 128000,
                "pricing": {"prompt": "0.0000025", "completion": "0.00001"},
                "supported_parameters": ["temperature", "top_p"],
                "created": 1715367049,
            },
            {"id": "openrouter/auto", "pricing": {"prompt": "-1", "completion": "-1"}},
        ]
    }
    async with mock_client(answering(payload)) as client:
        gpt, auto = await client.models()
    assert (gpt.id, gpt.name, gpt.context_length) == ("openai/gpt-4o", "OpenAI: GPT-4o", 128000)
    assert (gpt.prompt_price, gpt.completion_price) == (0.0000025, 0.00001)
    assert gpt.supported_parameters == ("temperature", "top_p")
    assert (auto.prompt_price, auto.completion_price) == (None, None)


async def test_minimal_local_server_model_lists_are_understood():
    openai_like = {"object": "list", "data": [{"id": "llama3", "object": "model"}]}
    ollama_like = {"models": [{"name": "qwen2:7b", "model": "qwen2:7b"}]}
    async with mock_client(answering(openai_like)) as client:
        assert [m.id for m in await client.models()] == ["llama3"]
    async with mock_client(answering(ollama_like)) as client:
        assert [m.id for m in await client.models()] == ["qwen2:7b"]


async def test_key_info_is_read_from_data():
    payload = {
        "data": {"label": "sk-or-v1-abc", "usage": 1.5, "limit": None, "is_free_tier": False}
    }
    async with mock_client(answering(payload)) as client:
        info = await client.key_info()
    assert info == KeyInfo(label="sk-or-v1-abc", usage=1.5, limit=None, is_free_tier=False)


async def test_key_info_is_none_when_the_server_has_no_key_endpoint():
    async with mock_client(answering({"error": "not found"}, status=404)) as client:
        assert await client.key_info() is None


async def test_key_info_raises_for_a_refused_key():
    payload = {"error": {"code": 401, "message": "Invalid key"}}
    async with mock_client(answering(payload, status=401)) as client:
        with pytest.raises(ApiError) as caught:
            await client.key_info()
    assert caught.value.kind is ErrorKind.AUTH


async def test_generation_is_read_from_data_and_asks_by_id():
    payload = {
        "data": {
            "id": "gen-5",
            "model": "openai/gpt-4o",
            "provider_name": "OpenAI",
            "total_cost": 0.002,
            "tokens_prompt": 10,
            "tokens_completion": 20,
            "latency": 800,
            "generation_time": 1200,
            "finish_reason": "stop",
        }
    }
    seen: list[httpx.Request] = []
    async with mock_client(answering(payload, seen=seen)) as client:
        info = await client.generation("gen-5")
    assert seen[0].url.params["id"] == "gen-5"
    assert (info.provider, info.total_cost, info.tokens_completion) == ("OpenAI", 0.002, 20)
    assert (info.latency_ms, info.generation_time_ms) == (800.0, 1200.0)


async def test_generation_is_none_for_an_unknown_id():
    async with mock_client(answering({"error": {"code": 404}}, status=404)) as client:
        assert await client.generation("gen-unknown") is None
