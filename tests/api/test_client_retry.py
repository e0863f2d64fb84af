"""Retries happen only before a body begins, within three tries and ten seconds (fake transport)."""

from __future__ import annotations

import httpx
import pytest

from tui.api.errors import ApiError, ErrorKind
from tui.api.events import ContentDelta, Retrying, StreamEnded, StreamFailed
from tui.api.retry import Backoff, RetryPolicy
from tui.api.types import ChatMessage, ChatRequest

from .client_support import SSE_HEADERS, RecordingSleep, chunk, collect, mock_client, pieces, sse

REQUEST = ChatRequest("openai/gpt-4o", (ChatMessage("user", "hi"),))
GOOD = sse(chunk("ok", finish="stop"), "data: [DONE]\n\n")


def failing_then_ok(failures: list[httpx.Response | type[Exception]], log: list | None = None):
    """Answers with each of ``failures`` in turn (raising exception types), then a good stream."""
    calls: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if log is not None:
            log.append("request")
        if len(calls) <= len(failures):
            failure = failures[len(calls) - 1]
            if isinstance(failure, httpx.Response):
                return failure
            raise failure("failed", request=request)
        return httpx.Response(200, headers=SSE_HEADERS, content=GOOD)

    handler.calls = calls
    return handler


def status(code: int, **headers: str) -> httpx.Response:
    return httpx.Response(code, json={"error": {"code": code, "message": "busy"}}, headers=headers)


async def run(handler, sleep: RecordingSleep | None = None, **kwargs):
    sleep = sleep or RecordingSleep()
    async with mock_client(handler, sleep=sleep, **kwargs) as client:
        events = await collect(client.stream_chat(REQUEST))
    return events, sleep


@pytest.mark.parametrize("code", [429, 502, 503])
async def test_a_retryable_status_is_retried_until_the_stream_succeeds(code):
    handler = failing_then_ok([status(code), status(code)])
    events, _ = await run(handler)
    assert len(handler.calls) == 3
    assert [e.attempt for e in events if isinstance(e, Retrying)] == [1, 2]
    assert isinstance(events[-1], StreamEnded)


async def test_a_failed_connection_is_retried():
    handler = failing_then_ok([httpx.ConnectError])
    events, _ = await run(handler)
    assert len(handler.calls) == 2
    assert events[0].error.kind is ErrorKind.NETWORK
    assert isinstance(events[-1], StreamEnded)


async def test_retry_after_sets_the_wait():
    handler = failing_then_ok([status(429, **{"retry-after": "2"})])
    events, sleep = await run(handler)
    assert sleep.delays == [2.0]
    assert events[0] == Retrying(1, 2.0, events[0].error)


async def test_waits_without_retry_after_grow_exponentially_with_jitter():
    # random() is 0.5 in mock_client: each wait is 3/4 of its step of 0.5 s, 1 s …
    handler = failing_then_ok([status(503), status(503)])
    _, sleep = await run(handler)
    assert sleep.delays == [0.375, 0.75]


async def test_each_retry_is_announced_before_the_wait():
    log: list = []
    handler = failing_then_ok([status(503)], log)
    sleep = RecordingSleep(log)
    async with mock_client(handler, sleep=sleep) as client:
        async for event in client.stream_chat(REQUEST):
            if isinstance(event, Retrying):
                log.append("retrying")
    assert log == ["request", "retrying", ("sleep", 0.375), "request"]


async def test_a_retry_after_beyond_the_budget_fails_at_once():
    handler = failing_then_ok([status(429, **{"retry-after": "30"})])
    events, sleep = await run(handler)
    assert len(handler.calls) == 1
    assert sleep.delays == []
    assert isinstance(events[-1], StreamFailed)
    assert events[-1].error.retry_after == 30.0


async def test_no_more_than_three_tries_are_made():
    handler = failing_then_ok([status(503)] * 5)
    events, sleep = await run(handler)
    assert len(handler.calls) == 3
    assert len(sleep.delays) == 2
    assert events[-1].error.status == 503


async def test_the_total_wait_stays_within_the_budget():
    policy = RetryPolicy(max_attempts=10, max_total_wait=10.0, base_delay=0.5, max_delay=8.0)
    handler = failing_then_ok([status(503)] * 20)
    _, sleep = await run(handler, retry=policy)
    assert sum(sleep.delays) <= 10.0
    assert max(sleep.delays) <= 8.0


@pytest.mark.parametrize("code", [400, 401, 402, 404, 500])
async def test_other_statuses_are_not_retried(code):
    handler = failing_then_ok([status(code)])
    events, sleep = await run(handler)
    assert len(handler.calls) == 1
    assert sleep.delays == []
    assert events[-1].error.status == code


async def test_a_failure_after_the_body_began_is_never_retried():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        body = pieces([sse(chunk("partial"))], httpx.RemoteProtocolError("dropped"))
        return httpx.Response(200, headers=SSE_HEADERS, content=body)

    events, sleep = await run(handler)
    assert len(calls) == 1
    assert sleep.delays == []
    assert [e.text for e in events if isinstance(e, ContentDelta)] == ["partial"]
    assert events[-1].error.mid_stream


async def test_whole_answers_are_retried_and_report_each_retry():
    handler = failing_then_ok([status(502)])

    def answer(request: httpx.Request) -> httpx.Response:
        response = handler(request)
        if response.status_code == 200:
            return httpx.Response(200, json={"choices": [{"message": {"content": "fine"}}]})
        return response

    retries: list[Retrying] = []
    async with mock_client(answer) as client:
        completion = await client.chat(REQUEST, on_retry=retries.append)
    assert completion.content == "fine"
    assert [r.error.status for r in retries] == [502]


async def test_whole_answers_raise_after_the_last_try():
    handler = failing_then_ok([status(429, **{"retry-after": "1"})] * 3)
    sleep = RecordingSleep()
    async with mock_client(handler, sleep=sleep) as client:
        with pytest.raises(ApiError) as caught:
            await client.chat(REQUEST)
    assert caught.value.kind is ErrorKind.RATE_LIMIT
    assert sleep.delays == [1.0, 1.0]


def test_backoff_gives_up_on_errors_that_are_not_retryable():
    backoff = Backoff(RetryPolicy(), random=lambda: 0.0)
    mid_stream = ApiError(ErrorKind.TRUNCATED, "cut", mid_stream=True)
    assert backoff.next_delay(ApiError(ErrorKind.AUTH, "no", status=401)) is None
    assert Backoff(RetryPolicy(), random=lambda: 0.0).next_delay(mid_stream) is None


def test_jitter_keeps_each_wait_between_half_and_all_of_its_step():
    low = Backoff(RetryPolicy(), random=lambda: 0.0)
    high = Backoff(RetryPolicy(), random=lambda: 0.999999)
    error = ApiError(ErrorKind.PROVIDER, "busy", status=503)
    assert low.next_delay(error) == 0.25
    assert high.next_delay(error) == pytest.approx(0.5)
