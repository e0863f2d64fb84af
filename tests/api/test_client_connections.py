"""Retries, headers, concurrency and cancellation, checked from the simulator's own records."""

from __future__ import annotations

import asyncio
import itertools
import time
from contextlib import aclosing

import httpx
import pytest

from tests.wire import CLOSED
from tui.api.client import OpenAICompatibleClient
from tui.api.errors import ErrorKind
from tui.api.events import ContentDelta, Retrying, StreamEnded, StreamFailed
from tui.api.types import ChatMessage, ChatRequest, KeyInfo

from .client_support import PACED, collect, consuming, of_type

# Paced, so a stream is still running when the test acts on it; the pace also bounds how
# late the server can notice a closed socket (it finds out on its next write).


def chat(model: str, prompt: str = "hello", **params) -> ChatRequest:
    return ChatRequest(model, (ChatMessage("user", prompt),), params)


# -- retries -------------------------------------------------------------------------------


async def test_a_flaky_429_succeeds_after_waiting_what_retry_after_says(client, simulator, sleep):
    events = await collect(client.stream_chat(chat("sim/flaky-429:fail=2,retry_after=2")))
    assert isinstance(events[-1], StreamEnded)
    assert sleep.delays == [2.0, 2.0]
    assert [e.error.status for e in of_type(events, Retrying)] == [429, 429]
    assert len(simulator.requests()) == 3


async def test_a_flaky_503_succeeds_after_jittered_backoff(client, simulator, sleep):
    events = await collect(client.stream_chat(chat("sim/flaky-503:fail=2")))
    assert isinstance(events[-1], StreamEnded)
    assert sleep.delays == [0.375, 0.75]
    assert len(simulator.requests()) == 3


async def test_a_dropped_connection_before_any_response_is_retried(client, simulator, sleep):
    events = await collect(client.stream_chat(chat("sim/flaky-drop:fail=1")))
    assert isinstance(events[-1], StreamEnded)
    assert of_type(events, Retrying)[0].error.kind is ErrorKind.NETWORK
    assert len(simulator.requests()) == 2


async def test_a_retry_after_beyond_the_budget_fails_at_once(client, simulator, sleep):
    events = await collect(client.stream_chat(chat("sim/http-429:retry_after=60")))
    assert events[-1].error.kind is ErrorKind.RATE_LIMIT
    assert events[-1].error.retry_after == 60
    assert sleep.delays == []
    assert len(simulator.requests()) == 1


@pytest.mark.parametrize("model", ["sim/drop", "sim/mid-error"])
async def test_a_failure_after_the_body_began_is_never_retried(client, simulator, sleep, model):
    events = await collect(client.stream_chat(chat(model)))
    assert of_type(events, ContentDelta)
    assert isinstance(events[-1], StreamFailed)
    assert sleep.delays == []
    assert len(simulator.requests()) == 1


# -- what goes over the wire ---------------------------------------------------------------


async def test_without_a_key_no_authorization_header_is_sent(client, simulator):
    await collect(client.stream_chat(chat("sim/normal")))
    headers = simulator.last_request().headers
    assert "authorization" not in headers
    assert headers["user-agent"].startswith("parley/")


async def test_a_key_and_attribution_headers_are_sent(simulator):
    async with OpenAICompatibleClient(
        simulator.base_url + "/",
        api_key="sk-or-v1-test",
        site_url="https://parley.example",
        site_name="Parley",
    ) as client:
        await collect(client.stream_chat(chat("sim/normal")))
    record = simulator.last_request()
    assert record.path == "/api/v1/chat/completions"
    assert record.headers["authorization"] == "Bearer sk-or-v1-test"
    assert record.headers["http-referer"] == "https://parley.example"
    assert record.headers["x-title"] == "Parley"


async def test_a_chat_request_body_carries_every_parameter(client, simulator):
    params = {
        "temperature": 0.3,
        "top_p": 0.9,
        "top_k": 40,
        "max_tokens": 500,
        "seed": 42,
        "frequency_penalty": 0.1,
        "presence_penalty": 0.2,
        "repetition_penalty": 1.1,
        "min_p": 0.05,
        "top_a": 0.1,
        "logit_bias": {"50256": -100},
        "top_logprobs": 2,
        "provider": {"sort": "throughput"},
        "reasoning": {"effort": "low"},
        "usage": {"include": True},
        "transforms": ["middle-out"],
        "user": "someone",
    }
    request = ChatRequest(
        "sim/normal",
        (ChatMessage("system", "Be brief."), ChatMessage("user", "hi")),
        params,
        models=("openai/gpt-4o",),
    )
    await collect(client.stream_chat(request))
    assert simulator.last_request().body == {**request.to_json(), "stream": True}


async def test_a_completion_request_body_carries_its_prompt_and_parameters(client, simulator):
    from tui.api.types import CompletionRequest

    request = CompletionRequest("sim/normal", "Once", {"temperature": 1.2, "stop": ["\n"]})
    await client.complete(request)
    record = simulator.last_request()
    assert record.path.endswith("/completions") and "chat" not in record.path
    assert record.body == {**request.to_json(), "stream": False}


# -- models, key, generation ---------------------------------------------------------------


async def test_models_lists_prices_context_and_parameters(client):
    models = {m.id: m for m in await client.models()}
    gpt = models["openai/gpt-4o"]
    assert gpt.prompt_price and gpt.completion_price and gpt.context_length
    assert "temperature" in gpt.supported_parameters
    assert "sim/normal" in models


async def test_key_info_reports_usage(client, simulator):
    await collect(client.stream_chat(chat("sim/normal")))  # spends something
    info = await client.key_info()
    async with httpx.AsyncClient() as http:
        served = (await http.get(f"{simulator.base_url}/key")).json()["data"]
    assert info == KeyInfo(
        label=served["label"],
        usage=served["usage"],
        limit=served["limit"],
        limit_remaining=served["limit_remaining"],
        is_free_tier=served["is_free_tier"],
        usage_daily=served["usage_daily"],
        usage_weekly=served["usage_weekly"],
        usage_monthly=served["usage_monthly"],
        limit_reset=served["limit_reset"],
    )
    assert (info.label, info.limit, info.is_free_tier) == ("sk-or-v1-sim", 25.0, False)
    assert info.usage > 0 and info.limit_remaining == pytest.approx(info.limit - info.usage)


async def test_generation_is_found_for_a_streamed_answer_and_not_for_an_unknown_id(client):
    events = await collect(client.stream_chat(chat("sim/normal")))
    gen_id = events[1].generation_id
    info = await client.generation(gen_id)
    assert info is not None and info.id == gen_id and info.model == "sim/normal"
    assert await client.generation("gen-0-unknown") is None


# -- concurrency ---------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 4])
async def test_concurrent_streams_through_one_client_interleave_and_all_complete(
    client, simulator, count
):
    order: list[int] = []

    async def consume(index: int):
        last = None
        request = chat("sim/slow:tps=100,tokens=30", prompt=f"stream {index}")
        async with aclosing(client.stream_chat(request)) as events:
            async for event in events:
                if isinstance(event, ContentDelta):
                    order.append(index)
                last = event
        return last

    endings = await asyncio.gather(*(consume(i) for i in range(count)))
    assert all(isinstance(e, StreamEnded) for e in endings)
    records = simulator.requests()
    assert len(records) == count
    assert max(r.received_at for r in records) < min(r.finished_at for r in records)
    switches = sum(1 for a, b in itertools.pairwise(order) if a != b)
    assert switches > count  # not one stream after another


# -- cancellation --------------------------------------------------------------------------


async def test_cancelling_the_consumer_closes_the_socket_before_it_ends(client, simulator, wire):
    task = await consuming(client, chat(PACED))
    record = simulator.last_request()
    cancelled_at = time.monotonic()
    wire.mark("cancel")
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    # Closed as part of the cancel: by the time the task has ended, the socket is gone.
    assert wire.since("cancel") == [(CLOSED, PACED)]
    disconnected_at = await asyncio.to_thread(simulator.wait_for_disconnect, record.id, 5.0)
    assert disconnected_at is not None, "the server never saw the socket close"
    assert disconnected_at >= cancelled_at  # mid-reply, and because of the cancel


async def test_breaking_out_inside_aclosing_closes_the_socket(client, simulator, wire):
    async with aclosing(client.stream_chat(chat(PACED))) as events:
        async for event in events:
            if isinstance(event, ContentDelta):
                wire.mark("break")
                break
    assert wire.since("break") == [(CLOSED, PACED)]  # closed as the block was left
    record = simulator.last_request()
    assert await asyncio.to_thread(simulator.wait_for_disconnect, record.id, 5.0) is not None
    assert simulator.last_request().finished_at is None  # cut off mid-reply
