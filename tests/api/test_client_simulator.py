"""Every simulator scenario through the client over real loopback sockets: streams and wholes."""

from __future__ import annotations

import pytest

from tui.api.client import OpenAICompatibleClient, Timeouts
from tui.api.errors import ApiError, ErrorKind
from tui.api.events import (
    ContentDelta,
    Finished,
    KeepAlive,
    Meta,
    ReasoningDelta,
    ResponseStarted,
    Retrying,
    StreamEnded,
    StreamFailed,
    UsageReport,
)
from tui.api.types import ChatMessage, ChatRequest, Completion, CompletionRequest

from .client_support import collect, of_type

PROMPT = "How do I set up my API key?"
FAST = "keepalive_interval=0.01"
# The impatient client's timeouts, and a silence far longer: wide apart, so a busy machine's
# pauses between two writes never pass for the silence, nor the silence for a pause.
SHORT = 1.0
SILENCE = 10

# model id → how a stream of it ends: "ok", or the ErrorKind of its StreamFailed.
STREAM_OUTCOMES: dict[str, str | ErrorKind] = {
    "openai/gpt-4o": "ok",
    "sim/normal": "ok",
    f"sim/keepalive:{FAST}": "ok",
    f"sim/keepalive-between:{FAST}": "ok",
    "sim/mid-error": ErrorKind.PROVIDER,
    "sim/mid-error-null": ErrorKind.PROVIDER,
    "sim/http-400": ErrorKind.BAD_REQUEST,
    "sim/http-401": ErrorKind.AUTH,
    "sim/http-402": ErrorKind.CREDITS,
    "sim/http-403": ErrorKind.AUTH,
    "sim/http-404": ErrorKind.BAD_REQUEST,
    "sim/http-408": ErrorKind.TIMEOUT,
    "sim/http-413": ErrorKind.BAD_REQUEST,
    "sim/http-429": ErrorKind.RATE_LIMIT,
    "sim/http-500": ErrorKind.PROVIDER,
    "sim/http-502": ErrorKind.PROVIDER,
    "sim/http-503": ErrorKind.PROVIDER,
    "sim/html-502": ErrorKind.PROVIDER,
    "sim/html-404": ErrorKind.BAD_REQUEST,
    "sim/html-200": ErrorKind.BAD_RESPONSE,
    "sim/flaky-429:fail=2": "ok",
    "sim/flaky-503:fail=2": "ok",
    "sim/flaky-502:fail=1": "ok",
    "sim/flaky-drop:fail=2": "ok",
    "sim/drop": ErrorKind.TRUNCATED,
    "sim/drop-before": ErrorKind.NETWORK,
    "sim/truncated-json": "ok",
    "sim/split-utf8": "ok",
    "sim/crlf": "ok",
    "sim/cr": "ok",
    "sim/reasoning": "ok",
    "sim/slow:tps=2000": "ok",
    "sim/long:tokens=1000": "ok",
    "sim/usage-after-finish": "ok",
    "sim/usage-null-finish": "ok",
    "sim/role-first": "ok",
    "sim/fallback": "ok",
    "sim/tools": "ok",
    "sim/no-done": "ok",
    "sim/no-finish": ErrorKind.TRUNCATED,
    "sim/length": "ok",
    "sim/stall:stall=0.05": "ok",
    "sim/stall-before:stall=0.05": "ok",
    "sim/echo": "ok",
}
# A whole answer ends differently where the stream's ending lives in its framing.
WHOLE_OUTCOMES = STREAM_OUTCOMES | {"sim/no-finish": "ok"}
# Requests the server sees: retries happen only before a body begins.
REQUESTS = {
    "sim/http-429": 3,
    "sim/http-502": 3,
    "sim/http-503": 3,
    "sim/html-502": 3,
    "sim/flaky-429:fail=2": 3,
    "sim/flaky-503:fail=2": 3,
    "sim/flaky-502:fail=1": 2,
    "sim/flaky-drop:fail=2": 3,
    "sim/drop-before": 3,
}
# Every status goes through the chat stream; the other three ways share that code path, so
# a few statuses stand for the rest there.
REPRESENTATIVE = {"sim/http-401", "sim/http-429", "sim/http-502"}


def cases(outcomes: dict[str, str | ErrorKind]) -> list:
    return [
        pytest.param(model, endpoint, id=f"{model}-{endpoint}")
        for endpoint in ("chat", "completions")
        for model in outcomes
        if not model.startswith("sim/http-") or model in REPRESENTATIVE or endpoint == "chat"
    ]


MID_STREAM = {
    "sim/mid-error",
    "sim/mid-error-null",
    "sim/drop",
    "sim/no-finish",
}


@pytest.fixture
async def impatient(simulator, sleep):
    """A client that gives up after SHORT seconds without response headers or body bytes."""
    timeouts = Timeouts(connect=5.0, first_byte=SHORT, idle=SHORT)
    async with OpenAICompatibleClient(simulator.base_url, timeouts=timeouts, sleep=sleep) as client:
        yield client


def chat(model: str, prompt: str = PROMPT, **params) -> ChatRequest:
    return ChatRequest(model, (ChatMessage("user", prompt),), params)


def text(events) -> str:
    return "".join(e.text for e in of_type(events, ContentDelta))


async def stream(client: OpenAICompatibleClient, model: str, endpoint: str = "chat"):
    if endpoint == "chat":
        return await collect(client.stream_chat(chat(model)))
    return await collect(client.stream_completion(CompletionRequest(model, PROMPT)))


async def whole(client: OpenAICompatibleClient, model: str, endpoint: str = "chat"):
    try:
        if endpoint == "chat":
            return await client.chat(chat(model))
        return await client.complete(CompletionRequest(model, PROMPT))
    except ApiError as error:
        return error


# -- the whole table, both endpoints -------------------------------------------------------


@pytest.mark.parametrize(("model", "endpoint"), cases(STREAM_OUTCOMES))
async def test_every_scenario_streams_to_its_expected_ending(client, simulator, model, endpoint):
    events = await stream(client, model, endpoint)
    finals = [e for e in events if isinstance(e, StreamEnded | StreamFailed)]
    assert finals == [events[-1]]
    expected = STREAM_OUTCOMES[model]
    if expected == "ok":
        assert isinstance(events[-1], StreamEnded), events[-1]
        assert len(of_type(events, Finished)) == 1
        if model != "sim/role-first" or endpoint == "chat":
            assert text(events)
        assert "\ufffd" not in text(events)
    else:
        assert isinstance(events[-1], StreamFailed), events[-1]
        assert events[-1].error.kind is expected
        assert events[-1].error.mid_stream is (model in MID_STREAM)
        assert "<" not in events[-1].error.message
    assert len(simulator.requests()) == REQUESTS.get(model, 1)


@pytest.mark.parametrize(("model", "endpoint"), cases(WHOLE_OUTCOMES))
async def test_every_scenario_answers_whole_as_expected(client, simulator, model, endpoint):
    result = await whole(client, model, endpoint)
    expected = WHOLE_OUTCOMES[model]
    if expected == "ok":
        assert isinstance(result, Completion), result
        assert result.content or model == "sim/role-first"
        assert "\ufffd" not in result.content
    else:
        assert isinstance(result, ApiError), result
        assert result.kind is expected
        assert "<" not in result.message
    assert len(simulator.requests()) == REQUESTS.get(model, 1)


# -- what the events say, scenario by scenario ---------------------------------------------


async def test_a_normal_stream_names_the_model_and_reports_finish_usage_and_done(client):
    events = await stream(client, "sim/normal")
    assert events[0] == ResponseStarted(200)
    meta = of_type(events, Meta)
    assert [m.model for m in meta] == ["sim/normal"]
    assert meta[0].generation_id.startswith("gen-")
    assert of_type(events, Finished) == [Finished("stop", "stop")]
    [usage] = of_type(events, UsageReport)
    assert usage.usage.completion_tokens and usage.usage.cost is not None
    assert events[-1] == StreamEnded(saw_done=True)


async def test_any_non_simulator_model_gets_the_demo_answer_naming_that_model(client):
    events = await stream(client, "meta-llama/llama-3.1-8b-instruct:free")
    assert of_type(events, Meta)[0].model == "meta-llama/llama-3.1-8b-instruct:free"
    assert "key" in text(events).lower()


async def test_keepalives_before_the_first_token_are_reported(client):
    events = await stream(client, f"sim/keepalive:keepalives=3,{FAST}")
    first_content = events.index(of_type(events, ContentDelta)[0])
    assert len(of_type(events[:first_content], KeepAlive)) == 3


async def test_keepalives_between_chunks_are_reported(client):
    events = await stream(client, f"sim/keepalive-between:{FAST}")
    first_content = events.index(of_type(events, ContentDelta)[0])
    assert of_type(events[first_content:], KeepAlive)
    assert isinstance(events[-1], StreamEnded)


async def test_a_mid_stream_error_keeps_the_text_and_carries_the_providers_message(client):
    events = await stream(client, "sim/mid-error")
    assert text(events)
    error = events[-1].error
    assert (error.message, error.code) == ("Provider disconnected unexpectedly", "server_error")
    assert error.mid_stream


async def test_a_mid_stream_error_after_a_length_finish_still_fails(client):
    events = await stream(client, "sim/mid-error-null")
    assert of_type(events, Finished) == [Finished("length", "length")]
    assert isinstance(events[-1], StreamFailed)


async def test_an_html_error_page_is_reported_by_its_title(client):
    events = await stream(client, "sim/html-404")
    error = events[-1].error
    assert error.status == 404
    assert "404" in error.message and "<" not in error.message


async def test_a_truncated_json_event_is_skipped_and_counted(client):
    events = await stream(client, "sim/truncated-json")
    assert events[-1] == StreamEnded(saw_done=True, skipped_events=1)


@pytest.mark.parametrize("model", ["sim/split-utf8", "sim/crlf", "sim/cr"])
async def test_odd_framing_and_split_characters_stream_the_same_text_as_a_whole_answer(
    client, model
):
    events = await stream(client, model)
    completion = await client.chat(chat(model))
    assert text(events) == completion.content


async def test_reasoning_streams_before_the_answer_and_is_counted(client):
    events = await stream(client, "sim/reasoning")
    kinds = [type(e) for e in events]
    assert kinds.index(ReasoningDelta) < kinds.index(ContentDelta)
    assert of_type(events, UsageReport)[-1].usage.reasoning_tokens


async def test_usage_after_the_finish_chunk_is_still_reported(client):
    for model in ("sim/usage-after-finish", "sim/usage-null-finish"):
        events = await stream(client, model)
        kinds = [type(e) for e in events]
        assert kinds.index(Finished) < kinds.index(UsageReport), model
        assert kinds.count(Finished) == 1
        assert events[-1] == StreamEnded(saw_done=True)


async def test_a_fallback_answer_names_the_model_and_provider_that_answered(client):
    events = await stream(client, "sim/fallback")
    meta = of_type(events, Meta)[-1]
    assert (meta.model, meta.provider) == ("anthropic/claude-3.5-sonnet", "Anthropic")
    completion = await client.chat(chat("sim/fallback"))
    assert (completion.model, completion.provider) == ("anthropic/claude-3.5-sonnet", "Anthropic")


async def test_tool_calls_and_annotations_do_not_disturb_the_text(client):
    events = await stream(client, "sim/tools")
    assert text(events) == "I'll look up the current weather in Paris for you."
    assert of_type(events, Finished)[0].reason == "tool_calls"


async def test_a_finish_without_done_is_a_success(client):
    events = await stream(client, "sim/no-done")
    assert events[-1] == StreamEnded(saw_done=False)


async def test_a_length_finish_keeps_the_native_reason(client):
    events = await stream(client, "sim/length")
    assert of_type(events, Finished) == [Finished("length", "MAX_TOKENS")]
    completion = await client.chat(chat("sim/length"))
    assert (completion.finish_reason, completion.native_finish_reason) == ("length", "MAX_TOKENS")


@pytest.mark.parametrize("endpoint", ["chat", "completions"])
async def test_a_long_silence_mid_answer_times_out_with_a_clear_message(impatient, endpoint):
    events = await stream(impatient, f"sim/stall:stall={SILENCE}", endpoint)
    assert text(events)
    error = events[-1].error
    assert (error.kind, error.mid_stream) == (ErrorKind.TIMEOUT, True)
    assert f"{SHORT:g} s" in error.message and "127.0.0.1" in error.message


async def test_no_response_headers_within_the_first_byte_timeout_fails_without_retry(
    impatient, simulator
):
    events = await stream(impatient, f"sim/stall-before:stall={SILENCE}")
    error = events[-1].error
    assert (error.kind, error.mid_stream) == (ErrorKind.TIMEOUT, False)
    assert f"{SHORT:g} s" in error.message
    assert not of_type(events, Retrying)
    assert len(simulator.requests()) == 1


async def test_a_whole_answer_that_does_not_come_in_time_raises_a_timeout(impatient, simulator):
    error = await whole(impatient, f"sim/stall-before:stall={SILENCE}", "completions")
    assert isinstance(error, ApiError)
    assert error.kind is ErrorKind.TIMEOUT
    assert len(simulator.requests()) == 1


async def test_echo_answers_with_the_prompt(client):
    assert text(await stream(client, "sim/echo")) == PROMPT
    assert (await client.complete(CompletionRequest("sim/echo", "Once upon"))).content == (
        "Once upon"
    )


async def test_a_whole_answer_carries_model_provider_id_usage_and_finish(client):
    completion = await client.chat(chat("sim/reasoning"))
    assert completion.content and completion.reasoning
    assert completion.generation_id.startswith("gen-")
    assert completion.model == "sim/reasoning" and completion.provider
    assert completion.finish_reason == "stop"
    assert completion.usage.reasoning_tokens
