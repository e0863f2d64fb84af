"""The official openai SDK, pointed at the simulator, sees what it would see from OpenRouter."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import openai
import pytest

PROMPT = "How do I compare two models side by side?"
MESSAGES = [{"role": "user", "content": PROMPT}]


@pytest.fixture(scope="module")
def shared_sdk(simulator_session) -> Iterator[openai.OpenAI]:
    client = openai.OpenAI(base_url=simulator_session.base_url, api_key="sk-test", max_retries=0)
    with client:
        yield client


@pytest.fixture
def sdk(simulator, shared_sdk) -> openai.OpenAI:
    """The sync SDK client, on a simulator whose records start empty."""
    return shared_sdk


@pytest.fixture
async def async_sdk(simulator) -> AsyncIterator[openai.AsyncOpenAI]:
    client = openai.AsyncOpenAI(base_url=simulator.base_url, api_key="sk-test", max_retries=0)
    async with client:
        yield client


def stream_text(chunks) -> str:
    return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


# -- chat, streamed and whole ------------------------------------------------------------------


def test_a_stream_assembles_to_the_same_text_as_a_whole_answer(sdk):
    chunks = list(
        sdk.chat.completions.create(model="openai/gpt-4o", messages=MESSAGES, stream=True)
    )
    answer = sdk.chat.completions.create(model="openai/gpt-4o", messages=MESSAGES)
    assert stream_text(chunks) == answer.choices[0].message.content
    assert "--compare" in answer.choices[0].message.content


def test_a_stream_ends_with_finish_reason_stop_and_a_parsed_usage(sdk):
    chunks = list(sdk.chat.completions.create(model="sim/normal", messages=MESSAGES, stream=True))
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.usage.completion_tokens == sum(1 for c in chunks if c.choices[0].delta.content)
    assert last.usage.total_tokens == last.usage.prompt_tokens + last.usage.completion_tokens
    assert last.usage.model_dump()["cost"] > 0


def test_chunks_carry_the_generation_id_and_model(sdk):
    chunks = list(sdk.chat.completions.create(model="sim/normal", messages=MESSAGES, stream=True))
    assert {c.model for c in chunks} == {"sim/normal"}
    assert len({c.id for c in chunks}) == 1 and chunks[0].id.startswith("gen-")


async def test_the_async_client_streams_the_same_text(async_sdk, sdk):
    stream = await async_sdk.chat.completions.create(
        model="openai/gpt-4o", messages=MESSAGES, stream=True
    )
    chunks = [chunk async for chunk in stream]
    answer = sdk.chat.completions.create(model="openai/gpt-4o", messages=MESSAGES)
    assert stream_text(chunks) == answer.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "stop" and chunks[-1].usage is not None


def test_keepalive_comments_are_invisible_to_the_sdk(sdk):
    model = "sim/keepalive-between:keepalive_interval=0.01"
    chunks = list(sdk.chat.completions.create(model=model, messages=MESSAGES, stream=True))
    answer = sdk.chat.completions.create(model="sim/normal", messages=MESSAGES)
    assert stream_text(chunks) == answer.choices[0].message.content


@pytest.mark.parametrize("model", ["sim/split-utf8", "sim/crlf", "sim/cr"])
def test_odd_framing_streams_the_whole_answer(sdk, model):
    chunks = list(sdk.chat.completions.create(model=model, messages=MESSAGES, stream=True))
    answer = sdk.chat.completions.create(model=model, messages=MESSAGES)
    assert stream_text(chunks) == answer.choices[0].message.content


def test_extra_headers_and_the_key_arrive_in_the_record(sdk, simulator):
    sdk.chat.completions.create(
        model="sim/normal",
        messages=MESSAGES,
        extra_headers={"HTTP-Referer": "https://parley.example", "X-Title": "Parley"},
    )
    record = simulator.last_request()
    assert record.headers["http-referer"] == "https://parley.example"
    assert record.headers["x-title"] == "Parley"
    assert record.headers["authorization"] == "Bearer sk-test"
    assert record.body["messages"] == MESSAGES


def test_a_whole_answer_parses_with_usage_and_finish_reason(sdk):
    answer = sdk.chat.completions.create(model="sim/length", messages=MESSAGES)
    assert answer.object == "chat.completion"
    assert answer.choices[0].finish_reason == "length"
    assert answer.choices[0].model_extra["native_finish_reason"] == "MAX_TOKENS"
    assert answer.usage.completion_tokens > 0


def test_reasoning_arrives_as_an_extra_field_of_the_delta(sdk):
    chunks = list(
        sdk.chat.completions.create(model="sim/reasoning", messages=MESSAGES, stream=True)
    )
    reasoning = "".join(c.choices[0].delta.model_extra.get("reasoning") or "" for c in chunks)
    assert reasoning and stream_text(chunks)
    details = chunks[-1].usage.completion_tokens_details
    assert details.reasoning_tokens == sum(
        1 for c in chunks if c.choices[0].delta.model_extra.get("reasoning")
    )


def test_tool_call_deltas_assemble_into_a_call(sdk):
    chunks = list(sdk.chat.completions.create(model="sim/tools", messages=MESSAGES, stream=True))
    calls = [c.choices[0].delta.tool_calls[0] for c in chunks if c.choices[0].delta.tool_calls]
    assert calls[0].function.name == "get_weather" and calls[0].id
    assert "".join(call.function.arguments for call in calls) == (
        '{"city": "Paris", "unit": "celsius"}'
    )
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


def test_a_fallback_answer_names_the_model_that_answered(sdk):
    answer = sdk.chat.completions.create(model="sim/fallback", messages=MESSAGES)
    assert answer.model == "anthropic/claude-3.5-sonnet"


# -- legacy completions -------------------------------------------------------------------------


def test_legacy_completions_answer_whole(sdk):
    answer = sdk.completions.create(model="sim/echo", prompt="Once upon a time")
    assert answer.choices[0].text == "Once upon a time"
    assert answer.choices[0].finish_reason == "stop" and answer.usage.completion_tokens == 4


def test_legacy_completions_stream(sdk):
    chunks = list(sdk.completions.create(model="sim/normal", prompt="Once", stream=True))
    whole = sdk.completions.create(model="sim/normal", prompt="Once")
    assert "".join(c.choices[0].text for c in chunks if c.choices) == whole.choices[0].text
    assert chunks[-1].choices[0].finish_reason == "stop"


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, openai.BadRequestError),
        (401, openai.AuthenticationError),
        (402, openai.APIStatusError),
        (403, openai.PermissionDeniedError),
        (404, openai.NotFoundError),
        (429, openai.RateLimitError),
        (500, openai.InternalServerError),
        (502, openai.InternalServerError),
    ],
)
def test_http_errors_raise_the_sdks_exception_with_the_servers_message(sdk, status, error_class):
    with pytest.raises(error_class) as caught:
        sdk.chat.completions.create(model=f"sim/http-{status}", messages=MESSAGES)
    assert caught.value.status_code == status
    assert caught.value.body["message"] in caught.value.message
    assert caught.value.body["code"] == status


def test_a_402_is_about_credits(sdk):
    with pytest.raises(openai.APIStatusError) as caught:
        sdk.chat.completions.create(model="sim/http-402", messages=MESSAGES)
    assert "credits" in caught.value.message


def test_a_429_tells_the_sdk_when_to_retry(sdk):
    with pytest.raises(openai.RateLimitError) as caught:
        sdk.chat.completions.create(model="sim/http-429:retry_after=2", messages=MESSAGES)
    assert caught.value.response.headers["retry-after"] == "2"


async def test_the_async_client_raises_the_same_classes(async_sdk):
    with pytest.raises(openai.AuthenticationError, match="No auth credentials found"):
        await async_sdk.chat.completions.create(model="sim/http-401", messages=MESSAGES)
    with pytest.raises(openai.RateLimitError):
        await async_sdk.chat.completions.create(model="sim/http-429", messages=MESSAGES)


def test_a_mid_stream_error_raises_an_api_error_with_the_providers_message(sdk):
    texts = []
    with pytest.raises(openai.APIError, match="Provider disconnected unexpectedly"):
        for chunk in sdk.chat.completions.create(
            model="sim/mid-error", messages=MESSAGES, stream=True
        ):
            texts.append(chunk.choices[0].delta.content)
    assert texts


def test_a_dropped_connection_is_a_connection_error(sdk):
    with pytest.raises(openai.APIConnectionError):
        list(sdk.chat.completions.create(model="sim/drop", messages=MESSAGES, stream=True))


def test_the_model_list_parses(sdk):
    ids = [model.id for model in sdk.models.list()]
    assert "openai/gpt-4o" in ids and "sim/normal" in ids


def test_the_v1_prefix_works_as_a_base_url(simulator):
    base_url = simulator.base_url.replace("/api/v1", "/v1")
    with openai.OpenAI(base_url=base_url, api_key="sk-test", max_retries=0) as client:
        answer = client.chat.completions.create(model="sim/echo", messages=MESSAGES)
    assert answer.choices[0].message.content == PROMPT
