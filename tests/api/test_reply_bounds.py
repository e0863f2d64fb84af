"""Deep JSON and replies that are not completions are typed errors, never crashes or answers."""

from __future__ import annotations

import httpx
import pytest

from tui.api.errors import ApiError, ErrorKind
from tui.api.events import ContentDelta, StreamFailed
from tui.api.parse import StreamParser, completion_problem
from tui.api.sse import SSEEvent
from tui.api.types import ChatMessage, ChatRequest

from .client_support import chunk, collect, mock_client, of_type, sse, stream_reply

DEEP = b"[" * 100_000 + b"]" * 100_000
DEEP_OBJECT = b'{"a":' * 100_000 + b"1" + b"}" * 100_000
REQUEST = ChatRequest("m", (ChatMessage("user", "hi"),))


def json_reply(body: bytes, status: int = 200):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, headers={"content-type": "application/json"}, content=body)

    return handler


def test_a_deep_stream_event_is_skipped_as_malformed():
    parser = StreamParser()
    assert parser.feed(SSEEvent(DEEP.decode())) == []
    assert parser.skipped == 1


async def test_a_deep_event_between_good_ones_does_not_break_the_stream():
    body = sse(chunk("a"), "data: " + DEEP_OBJECT.decode() + "\n\n", chunk("b", finish="stop"))
    async with mock_client(stream_reply(body)) as client:
        events = await collect(client.stream_chat(REQUEST))
    assert [e.text for e in of_type(events, ContentDelta)] == ["a", "b"]
    assert not of_type(events, StreamFailed)


@pytest.mark.parametrize("body", [DEEP, DEEP_OBJECT], ids=["array", "object"])
async def test_a_deep_whole_reply_is_a_bad_response_exit_1(body):
    async with mock_client(json_reply(body)) as client:
        with pytest.raises(ApiError) as caught:
            await client.chat(REQUEST)
    assert caught.value.kind is ErrorKind.BAD_RESPONSE and caught.value.exit_code == 1
    assert "nested too deeply" in caught.value.message


async def test_a_deep_json_reply_to_a_stream_request_fails_the_stream():
    async with mock_client(json_reply(DEEP_OBJECT)) as client:
        events = await collect(client.stream_chat(REQUEST))
    failed = events[-1]
    assert isinstance(failed, StreamFailed) and failed.error.exit_code == 1
    assert "nested too deeply" in failed.error.message


async def test_a_deep_model_list_is_a_bad_response():
    async with mock_client(json_reply(b'{"data":' + DEEP + b"}")) as client:
        with pytest.raises(ApiError) as caught:
            await client.models()
    assert caught.value.kind is ErrorKind.BAD_RESPONSE and caught.value.exit_code == 1


async def test_a_deep_error_body_still_gives_the_http_error():
    async with mock_client(json_reply(DEEP_OBJECT, status=401)) as client:
        with pytest.raises(ApiError) as caught:
            await client.models()
    assert caught.value.status == 401 and caught.value.exit_code == 3


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ({"choices": "x"}, "choices is a string, not a list"),
        ({}, "choices is null, not a list"),
        ({"choices": []}, "choices is empty"),
        ({"choices": [5]}, "no choice object"),
        ({"choices": [{"index": 0, "message": None}]}, "message is null"),
        ({"choices": [{"message": {"content": 3}}]}, "content is a number"),
        ({"choices": [{"message": {"content": ["a"]}}]}, "content is a list"),
        ({"choices": [{"text": {"t": 1}}]}, "text is an object"),
        ({"choices": [{"index": 0, "finish_reason": "stop"}]}, "neither a message nor a text"),
    ],
)
def test_what_is_not_a_completion(reply, problem):
    assert problem in (completion_problem(reply) or "")


@pytest.mark.parametrize(
    "reply",
    [
        {"choices": [{"index": 0, "message": {"role": "assistant", "content": "hi"}}]},
        {"choices": [{"message": {"content": None, "tool_calls": []}}]},
        {"choices": [{"message": {"content": ""}}]},
        {"choices": [{"text": ""}]},
        {"choices": [{"index": 1, "text": "b"}, {"index": 0, "text": "a"}]},
    ],
)
def test_what_is_a_completion(reply):
    assert completion_problem(reply) is None


async def test_a_non_completion_is_never_an_empty_complete_answer():
    async with mock_client(json_reply(b'{"choices":[{"index":0,"message":null}]}')) as client:
        with pytest.raises(ApiError) as caught:
            await client.chat(REQUEST)
    error = caught.value
    assert error.kind is ErrorKind.BAD_RESPONSE and error.exit_code == 1
    assert "not a completion" in error.message and "base URL" in error.hint
