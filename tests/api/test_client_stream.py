"""The streaming client turns loose real-world chunk sequences into typed events (fake HTTP)."""

from __future__ import annotations

import httpx

from tui.api.errors import ErrorKind
from tui.api.events import (
    ContentDelta,
    Finished,
    KeepAlive,
    Meta,
    ReasoningDelta,
    ResponseStarted,
    StreamEnded,
    StreamFailed,
    UsageReport,
)
from tui.api.types import ChatMessage, ChatRequest, CompletionRequest

from .client_support import (
    SSE_HEADERS,
    chunk,
    collect,
    mock_client,
    of_type,
    pieces,
    sse,
    stream_reply,
)

REQUEST = ChatRequest("openai/gpt-4o", (ChatMessage("user", "hi"),))
DONE = "data: [DONE]\n\n"
USAGE = {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12, "cost": 0.0012}


async def stream(body, **headers):
    async with mock_client(stream_reply(body, **headers)) as client:
        return await collect(client.stream_chat(REQUEST))


def text(events) -> str:
    return "".join(e.text for e in of_type(events, ContentDelta))


async def test_a_normal_stream_yields_started_meta_deltas_finish_usage_and_ends_once():
    events = await stream(sse(chunk("Hel"), chunk("lo"), chunk(finish="stop", native="end"), DONE))
    assert events[0] == ResponseStarted(200)
    assert events[1] == Meta("gen-1-abc", "openai/gpt-4o", "OpenAI")
    assert text(events) == "Hello"
    assert of_type(events, Finished) == [Finished("stop", "end")]
    assert events[-1] == StreamEnded(saw_done=True, skipped_events=0)


async def test_usage_in_a_chunk_is_reported():
    events = await stream(sse(chunk("a", finish="stop", usage=USAGE), DONE))
    [report] = of_type(events, UsageReport)
    assert (report.usage.total_tokens, report.usage.cost) == (12, 0.0012)


async def test_comments_become_keepalives_before_and_between_chunks():
    body = sse(": OPENROUTER PROCESSING\n\n", chunk("a"), ": OPENROUTER PROCESSING\n\n")
    events = await stream(body + sse(chunk("b", finish="stop"), DONE))
    kinds = [type(e).__name__ for e in events]
    assert kinds.count("KeepAlive") == 2
    assert kinds.index("KeepAlive") < kinds.index("ContentDelta")
    assert of_type(events, KeepAlive)[0].comment == "OPENROUTER PROCESSING"


async def test_meta_is_repeated_only_when_model_or_provider_changes():
    body = sse(
        chunk("a"),
        chunk("b"),
        chunk("c", model="anthropic/claude-3.5-sonnet", provider="Anthropic"),
        chunk("d", model="anthropic/claude-3.5-sonnet", provider=None),
        chunk(finish="stop", model="anthropic/claude-3.5-sonnet", provider="Anthropic"),
        DONE,
    )
    metas = of_type(await stream(body), Meta)
    assert [(m.model, m.provider) for m in metas] == [
        ("openai/gpt-4o", "OpenAI"),
        ("anthropic/claude-3.5-sonnet", "Anthropic"),
    ]


async def test_reasoning_and_reasoning_content_both_become_reasoning_deltas():
    body = sse(
        chunk() | {"choices": [{"delta": {"reasoning": "think "}}]},
        chunk() | {"choices": [{"delta": {"reasoning_content": "more"}}]},
        chunk("answer", finish="stop"),
        DONE,
    )
    events = await stream(body)
    assert "".join(e.text for e in of_type(events, ReasoningDelta)) == "think more"
    assert text(events) == "answer"


async def test_only_the_first_finish_reason_counts_and_later_nulls_are_ignored():
    body = sse(chunk("a", finish="length"), chunk(finish=None, usage=USAGE), DONE)
    events = await stream(body)
    assert of_type(events, Finished) == [Finished("length", None)]
    assert isinstance(events[-1], StreamEnded)


async def test_usage_after_finish_with_empty_choices_is_reported_before_the_end():
    usage_only = {"id": "gen-1-abc", "model": "openai/gpt-4o", "choices": [], "usage": USAGE}
    events = await stream(sse(chunk("a", finish="stop"), usage_only, DONE))
    assert isinstance(events[-2], UsageReport)
    assert events[-1] == StreamEnded(saw_done=True)


async def test_a_role_only_first_chunk_yields_no_content():
    role = chunk() | {"choices": [{"index": 0, "delta": {"role": "assistant"}}]}
    events = await stream(sse(role, chunk("hi", finish="stop"), DONE))
    assert of_type(events, ContentDelta) == [ContentDelta("hi")]


async def test_tool_calls_annotations_reasoning_details_and_logprobs_never_break_a_stream():
    odd = {
        "role": "assistant",
        "content": "x",
        "tool_calls": [{"index": 0, "id": "t", "function": {"name": "f", "arguments": "{"}}],
        "annotations": [{"type": "url_citation"}],
        "reasoning_details": [{"type": "reasoning.text", "text": "r"}],
    }
    weird = chunk() | {"choices": [{"index": 0, "delta": odd, "logprobs": {"content": []}}]}
    events = await stream(sse(weird, chunk("y", finish="tool_calls"), DONE))
    assert text(events) == "xy"
    assert events[-1] == StreamEnded(saw_done=True)


async def test_an_error_chunk_fails_the_stream_after_yielding_its_content():
    error = {"code": "server_error", "message": "Provider disconnected unexpectedly"}
    bad = chunk("tail", finish="error", error=error | {"metadata": {"raw": "x"}})
    events = await stream(sse(chunk("head"), bad))
    assert text(events) == "headtail"
    failed = events[-1]
    assert isinstance(failed, StreamFailed)
    assert failed.error.kind is ErrorKind.PROVIDER
    assert failed.error.message == "Provider disconnected unexpectedly"
    assert failed.error.code == "server_error"
    assert failed.error.metadata == {"raw": "x"}
    assert failed.error.mid_stream


async def test_an_error_chunk_with_null_finish_after_a_length_finish_still_fails():
    bad = chunk(finish=None, error={"code": "server_error", "message": "boom"})
    events = await stream(sse(chunk("a", finish="length"), bad, DONE))
    assert isinstance(events[-1], StreamFailed)
    assert events[-1].error.message == "boom"


async def test_an_http_like_error_code_in_a_chunk_picks_the_kind():
    credits = chunk(error={"code": 402, "message": "Insufficient credits"})
    limited = chunk(error={"code": 429, "message": "Slow down"})
    assert (await stream(sse(credits)))[-1].error.kind is ErrorKind.CREDITS
    assert (await stream(sse(limited)))[-1].error.kind is ErrorKind.RATE_LIMIT


async def test_unparsable_and_non_object_data_events_are_skipped_and_counted():
    body = sse(chunk("a"), 'data: {"id": "gen-1", "choi\n\n', "data: [1, 2]\n\n", chunk("b"))
    events = await stream(body + sse(chunk(finish="stop"), DONE))
    assert text(events) == "ab"
    assert events[-1] == StreamEnded(saw_done=True, skipped_events=2)


async def test_a_body_ending_without_finish_or_done_is_truncated():
    events = await stream(sse(chunk("a"), chunk("b")))
    failed = events[-1]
    assert isinstance(failed, StreamFailed)
    assert failed.error.kind is ErrorKind.TRUNCATED
    assert failed.error.mid_stream


async def test_a_finish_reason_then_end_of_body_without_done_is_a_success():
    events = await stream(sse(chunk("a", finish="stop")))
    assert events[-1] == StreamEnded(saw_done=False)


async def test_a_connection_dropped_mid_body_fails_mid_stream():
    body = pieces([sse(chunk("a"))], httpx.RemoteProtocolError("peer closed connection"))
    events = await stream(body)
    assert text(events) == "a"
    assert isinstance(events[-1], StreamFailed)
    assert events[-1].error.kind in (ErrorKind.TRUNCATED, ErrorKind.NETWORK)
    assert events[-1].error.mid_stream


async def test_a_connection_dropped_after_the_finish_reason_is_still_a_success():
    body = pieces([sse(chunk("a", finish="stop"))], httpx.ReadError("reset"))
    events = await stream(body)
    assert events[-1] == StreamEnded(saw_done=False)


async def test_a_silence_longer_than_the_idle_timeout_fails_with_timeout_mid_stream():
    body = pieces([sse(chunk("a"))], httpx.ReadTimeout("timed out"))
    events = await stream(body)
    failed = events[-1]
    assert failed.error.kind is ErrorKind.TIMEOUT
    assert failed.error.mid_stream
    assert "llm.test" in failed.error.message and "120 s" in failed.error.message


async def test_line_separators_inside_json_strings_stay_in_the_text():
    events = await stream(sse(chunk("a\u2028b\u2029c\x85d", finish="stop"), DONE))
    assert text(events) == "a\u2028b\u2029c\x85d"


async def test_bytes_split_anywhere_decode_the_same():
    body = sse(chunk("héllo 世界 🎉"), chunk(finish="stop"), DONE)
    events = await stream(pieces([body[i : i + 3] for i in range(0, len(body), 3)]))
    assert text(events) == "héllo 世界 🎉"
    assert isinstance(events[-1], StreamEnded)


async def test_legacy_completions_stream_their_text():
    body = sse(
        {"id": "gen-2", "model": "m", "choices": [{"text": "Once ", "finish_reason": None}]},
        {"id": "gen-2", "model": "m", "choices": [{"text": "upon", "finish_reason": "stop"}]},
        DONE,
    )
    async with mock_client(stream_reply(body)) as client:
        events = await collect(client.stream_completion(CompletionRequest("m", "Tell")))
    assert text(events) == "Once upon"
    assert of_type(events, Finished) == [Finished("stop", None)]


async def test_a_json_error_object_in_a_200_stream_reply_is_that_error():
    body = b'{"error": {"code": 429, "message": "Rate limit exceeded"}}'
    events = await stream(body, **{"content-type": "application/json"})
    assert isinstance(events[-1], StreamFailed)
    assert events[-1].error.kind is ErrorKind.RATE_LIMIT
    assert events[-1].error.message == "Rate limit exceeded"


async def test_a_whole_json_answer_to_a_stream_request_is_replayed_as_events():
    answer = {
        "id": "gen-3",
        "model": "local-model",
        "choices": [{"message": {"content": "Hi there"}, "finish_reason": "stop"}],
        "usage": USAGE,
    }
    events = await stream(sse(answer).removeprefix(b"data: "), **{"content-type": "x/y"})
    assert text(events) == "Hi there"
    assert of_type(events, Finished) == [Finished("stop", None)]
    assert events[-1] == StreamEnded(saw_done=False)


async def test_an_html_200_reply_is_a_bad_response_named_by_its_title():
    page = b"<!doctype html><html><head><title>Login required</title></head><body>x</body></html>"
    events = await stream(page, **{"content-type": "text/html"})
    failed = events[-1]
    assert failed.error.kind is ErrorKind.BAD_RESPONSE
    assert "Login required" in failed.error.message
    assert "<" not in failed.error.message


async def test_an_event_stream_sent_with_the_wrong_content_type_is_still_parsed():
    events = await stream(sse(chunk("ok", finish="stop"), DONE), **{"content-type": "text/plain"})
    assert text(events) == "ok"
    assert isinstance(events[-1], StreamEnded)


async def test_streams_request_stream_true_even_if_the_request_says_otherwise():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, headers=SSE_HEADERS, content=sse(chunk("a", finish="stop")))

    async with mock_client(handler) as client:
        await collect(client.stream_chat(ChatRequest("m", (), stream=False)))
    assert b'"stream":true' in seen[0].content.replace(b" ", b"")
    assert seen[0].headers["accept"] == "text/event-stream"


async def test_every_stream_ends_with_exactly_one_final_event():
    bodies = [
        sse(chunk("a", finish="stop"), DONE),
        sse(chunk("a")),
        sse(chunk("a", error={"message": "x"})),
        sse(chunk("a", finish="stop"), DONE, chunk("after done")),
        b"",
    ]
    for body in bodies:
        events = await stream(body)
        finals = [e for e in events if isinstance(e, StreamEnded | StreamFailed)]
        assert finals == [events[-1]]
