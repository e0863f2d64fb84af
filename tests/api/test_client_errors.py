"""Error replies and network failures become ApiErrors a person can read (fake transport)."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from tui.api.errors import ApiError, ErrorKind
from tui.api.events import StreamFailed
from tui.api.failures import summarize_text
from tui.api.retry import RetryPolicy, parse_retry_after
from tui.api.types import ChatMessage, ChatRequest

from .client_support import collect, mock_client

REQUEST = ChatRequest("openai/gpt-4o", (ChatMessage("user", "hi"),))
NO_RETRY = RetryPolicy(max_attempts=1)


def reply(status: int, content: bytes, content_type: str = "application/json", **headers: str):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            status, headers={"content-type": content_type, **headers}, content=content
        )

    return handler


async def stream_error(handler) -> ApiError:
    async with mock_client(handler, retry=NO_RETRY) as client:
        events = await collect(client.stream_chat(REQUEST))
    assert isinstance(events[-1], StreamFailed)
    return events[-1].error


async def test_a_json_error_body_gives_kind_status_code_message_and_metadata():
    body = b'{"error": {"code": 402, "message": "Insufficient credits", "metadata": {"a": 1}}}'
    error = await stream_error(reply(402, body))
    assert error.kind is ErrorKind.CREDITS
    assert (error.status, error.code, error.message) == (402, 402, "Insufficient credits")
    assert error.metadata == {"a": 1}
    assert not error.mid_stream


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (400, ErrorKind.BAD_REQUEST),
        (401, ErrorKind.AUTH),
        (403, ErrorKind.AUTH),
        (404, ErrorKind.BAD_REQUEST),
        (408, ErrorKind.TIMEOUT),
        (413, ErrorKind.BAD_REQUEST),
        (429, ErrorKind.RATE_LIMIT),
        (500, ErrorKind.PROVIDER),
        (502, ErrorKind.PROVIDER),
        (503, ErrorKind.PROVIDER),
    ],
)
async def test_the_status_picks_the_error_kind(status, kind):
    body = b'{"error": {"code": %d, "message": "nope"}}' % status
    error = await stream_error(reply(status, body))
    assert (error.kind, error.status, error.message) == (kind, status, "nope")


async def test_retry_after_in_seconds_is_kept_on_the_error():
    error = await stream_error(
        reply(429, b'{"error": {"message": "slow"}}', **{"retry-after": "7"})
    )
    assert error.retry_after == 7.0


async def test_an_html_error_page_is_summed_up_by_its_title():
    page = (
        b"<html><head><style>body{color:red}</style><title>502 Bad Gateway</title></head>"
        b"<body><center><h1>502 Bad Gateway</h1></center><hr>nginx</body></html>"
    )
    error = await stream_error(reply(502, page, "text/html"))
    assert error.message == "502 Bad Gateway"
    assert error.status == 502


def test_an_html_page_without_title_gives_its_first_meaningful_line():
    page = (
        "<html><head><script>var x = '<b>';</script></head>\n<body>\n  <div>  </div>"
        "<h1>Service &amp; gateway unavailable</h1><p>Try later</p></body></html>"
    )
    assert summarize_text(page) == "Service & gateway unavailable"


def test_a_long_text_body_is_trimmed_to_one_short_line():
    summary = summarize_text("error: " + "x" * 5000 + "\nsecond line")
    assert len(summary) <= 300
    assert "\n" not in summary


async def test_an_empty_error_body_falls_back_to_the_status_line():
    error = await stream_error(reply(500, b"", "text/plain"))
    assert error.message == "HTTP 500 Internal Server Error"


async def test_plain_string_and_detail_error_shapes_of_local_servers_are_understood():
    ollama = await stream_error(reply(404, b'{"error": "model \\"x\\" not found"}'))
    fastapi = await stream_error(reply(400, b'{"detail": "max_tokens too large"}'))
    assert ollama.message == 'model "x" not found'
    assert fastapi.message == "max_tokens too large"


async def test_a_huge_error_body_is_read_only_up_to_a_bound():
    sent = []

    async def endless():
        while True:
            sent.append(1)
            yield b"x" * 4096

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, headers={"content-type": "text/plain"}, content=endless())

    error = await stream_error(handler)
    assert error.kind is ErrorKind.PROVIDER
    assert len(sent) < 64


@pytest.mark.parametrize(
    ("failure", "text", "kind"),
    [
        (httpx.ConnectError, "[Errno 111] Connection refused", ErrorKind.NETWORK),
        (httpx.ConnectTimeout, "timed out", ErrorKind.TIMEOUT),
    ],
    ids=["refused: a network error", "timed out: a timeout"],
)
async def test_a_failed_connection_names_the_host(
    failure: type[httpx.TransportError], text: str, kind: ErrorKind
):
    def handler(request: httpx.Request) -> httpx.Response:
        raise failure(text, request=request)

    error = await stream_error(handler)
    assert error.kind is kind
    assert "llm.test" in error.message
    assert not error.mid_stream


async def test_non_streamed_calls_raise_the_same_errors():
    handler = reply(401, b'{"error": {"code": 401, "message": "No auth credentials found"}}')
    async with mock_client(handler) as client:
        with pytest.raises(ApiError) as caught:
            await client.chat(REQUEST)
    assert caught.value.kind is ErrorKind.AUTH
    assert caught.value.message == "No auth credentials found"


async def test_a_non_json_200_reply_to_a_whole_answer_is_a_bad_response():
    handler = reply(200, b"<html><title>Welcome to nginx!</title></html>", "text/html")
    async with mock_client(handler) as client:
        with pytest.raises(ApiError) as caught:
            await client.chat(REQUEST)
    assert caught.value.kind is ErrorKind.BAD_RESPONSE
    assert "Welcome to nginx!" in caught.value.message


def test_retry_after_accepts_seconds_and_http_dates():
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("1.5") == 1.5
    assert parse_retry_after(date, now=now) == pytest.approx(30, abs=1)
    assert parse_retry_after(email.utils.formatdate(now - 60, usegmt=True), now=now) == 0.0


def test_retry_after_ignores_garbage():
    assert parse_retry_after(None) is None
    assert parse_retry_after("") is None
    assert parse_retry_after("soon") is None
    assert parse_retry_after("nan") is None
