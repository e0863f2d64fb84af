"""The async OpenRouter / OpenAI-compatible client: streaming and whole answers, models, key."""

from __future__ import annotations

import asyncio
import json
import random as _random
from collections.abc import AsyncGenerator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any

import httpx

from tui import __version__
from tui.api.batching import DeltaBatcher
from tui.api.errors import ApiError, ErrorKind
from tui.api.events import ResponseStarted, Retrying, StreamEnded, StreamEvent, StreamFailed
from tui.api.failures import (
    bad_response,
    body_error,
    error_from_object,
    error_from_response,
    nested_too_deep,
    not_a_completion,
    request_error,
)
from tui.api.gathering import GatheringTransport, ReadPace
from tui.api.parse import (
    StreamParser,
    completion_from_json,
    completion_problem,
    events_from_json_reply,
)
from tui.api.resources import generation_from_json, key_from_json, models_from_json
from tui.api.retry import Backoff, RetryPolicy
from tui.api.sse import SSEDecoder
from tui.api.types import (
    ChatRequest,
    Completion,
    CompletionRequest,
    GenerationInfo,
    KeyInfo,
    ModelInfo,
)
from tui.api.wire import ERROR_BODY_LIMIT as _ERROR_BODY_LIMIT
from tui.api.wire import GATHER_SECONDS, Body, read_error_body, shared_ssl_context
from tui.closing import AsyncClosing

__all__ = ["DEFAULT_BASE_URL", "OpenAICompatibleClient", "RetryPolicy", "Timeouts"]

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"
_SSE = "text/event-stream"
_JSON = "application/json"
_JSON_BODY_LIMIT = 64 * 1024 * 1024  # OpenRouter's model list alone is a few megabytes
_DRAIN_SECONDS = 0.1


@dataclass(frozen=True, slots=True)
class Timeouts:
    """Seconds allowed to connect, to receive the response headers, and between body bytes.

    A keep-alive comment is body bytes, so a slow model that keeps its stream alive is never
    timed out; only true silence is.
    """

    connect: float = 10.0
    first_byte: float = 60.0
    idle: float = 120.0


class OpenAICompatibleClient(AsyncClosing):
    """One connection pool to an OpenAI-compatible API, shared by every request and stream.

    Any base URL works (OpenRouter, llama.cpp, Ollama, vLLM, LM Studio); OpenRouter's extras
    (keep-alives, provider, cost, ``/key``, ``/generation``) are used when present, never
    assumed. ``sleep`` and ``random`` are injectable so tests see retry waits without waiting.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        api_key: str | None = None,
        site_url: str | None = None,
        site_name: str | None = None,
        timeouts: Timeouts = Timeouts(),  # frozen, so one shared default is safe
        retry: RetryPolicy = RetryPolicy(),  # noqa: B008 (frozen too)
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        *,
        random: Callable[[], float] = _random.random,
        transport: httpx.AsyncBaseTransport | None = None,
        auth_hint: str | None = None,
    ) -> None:
        self.base_url = base_url.strip().rstrip("/")
        # Who may get which key is the caller's decision; it also knows what to say when the
        # server refuses the key it sent (or the lack of one), so a 401/403 carries that hint.
        self._auth_hint = auth_hint
        self.host = _host_of(self.base_url)
        self._timeouts = timeouts
        self._retry = retry
        self._sleep = sleep
        self._random = random
        self.read_pace: ReadPace | None = None
        """When the reader of streamed answers will next use their text (its next redraw):
        a streamed answer's small pieces gather in the socket until then, one read each."""
        headers = {"User-Agent": f"parley/{__version__}"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        if site_url:
            headers["HTTP-Referer"] = site_url
        if site_name:
            headers["X-Title"] = site_name
        self._http = httpx.AsyncClient(
            headers=headers,
            timeout=httpx.Timeout(
                connect=timeouts.connect,
                read=timeouts.idle,
                write=timeouts.idle,
                pool=timeouts.first_byte,
            ),
            transport=transport or GatheringTransport(shared_ssl_context()),
            verify=shared_ssl_context(),
        )

    async def aclose(self) -> None:
        """Close every pooled connection."""
        await self._http.aclose()

    # -- streaming ------------------------------------------------------------------------

    def stream_chat(self, request: ChatRequest) -> AsyncGenerator[StreamEvent, None]:
        """Stream the answer to a chat request as events.

        ``Retrying`` for each wait before a retry, then ``ResponseStarted`` and the answer's
        events (``KeepAlive``, ``Meta``, ``ReasoningDelta``, ``ContentDelta``, ``Finished``,
        ``UsageReport``), then exactly one ``StreamEnded`` or ``StreamFailed``. Failures are
        yielded, never raised. Cancelling the consumer, or closing the generator (wrap it in
        ``contextlib.aclosing``), closes the socket at once.
        """
        return self._stream("/chat/completions", {**request.to_json(), "stream": True})

    def stream_completion(self, request: CompletionRequest) -> AsyncGenerator[StreamEvent, None]:
        """Stream a legacy ``/completions`` answer; events as for :meth:`stream_chat`."""
        return self._stream("/completions", {**request.to_json(), "stream": True})

    async def _stream(self, path: str, body: dict[str, Any]) -> AsyncGenerator[StreamEvent, None]:
        backoff = Backoff(self._retry, self._random)
        while True:
            try:
                response = await self._send("POST", path, accept=_SSE, json=body)
            except (httpx.HTTPError, httpx.InvalidURL, TimeoutError) as exc:
                error = request_error(exc, self.base_url, self.host, self._timeouts.first_byte)
            else:
                try:
                    if response.status_code == 200:
                        # aclosing: a consumer closing us closes the body reader first, now.
                        async with aclosing(self._stream_body(response)) as events:
                            async for event in events:
                                yield event
                        return
                    error = self._refused(response, await read_error_body(response))
                finally:
                    # Unread bytes left: httpx closes the socket rather than pool it half-read.
                    await response.aclose()
            delay = backoff.next_delay(error)
            if delay is None:
                yield StreamFailed(error)
                return
            yield Retrying(backoff.attempt, delay, error)
            await self._sleep(delay)

    async def _stream_body(self, response: httpx.Response) -> AsyncGenerator[StreamEvent, None]:
        yield ResponseStarted(response.status_code)
        body = Body(response)
        parser = StreamParser()
        try:
            kind = await body.sniff()
            if kind == "json":
                raw = await body.read_all(_JSON_BODY_LIMIT)
                for event in events_from_json_reply(raw, response):
                    yield event
                return
            if kind == "other":
                yield StreamFailed(bad_response(await body.read_all(_ERROR_BODY_LIMIT), response))
                return
            decoder, batcher = SSEDecoder(), DeltaBatcher()
            body.gather, body.pace = GATHER_SECONDS, self.read_pace
            while not parser.ended:
                chunk = await body.next()
                items = decoder.feed(chunk) if chunk is not None else decoder.close()
                events = [event for item in items for event in parser.feed(item)]
                if chunk is None and not parser.ended:
                    events.append(parser.end())
                # One read's text as one event: every event costs each reader its work.
                for event in batcher.batch(events):
                    if parser.saw_done and isinstance(event, StreamEnded):
                        # The body's last bytes follow [DONE] at once; reading them
                        # before the consumer can stop lets the connection be reused.
                        await body.drain(_DRAIN_SECONDS, _ERROR_BODY_LIMIT)
                    yield event
        except httpx.HTTPError as exc:
            if not parser.ended:
                yield (
                    parser.end()
                    if parser.finished
                    else parser.fail(body_error(exc, self.host, self._timeouts.idle))
                )
        finally:
            await body.aclose()

    # -- whole answers and resources ------------------------------------------------------

    async def chat(
        self, request: ChatRequest, *, on_retry: Callable[[Retrying], None] | None = None
    ) -> Completion:
        """A whole (non-streamed) chat answer; raises ApiError."""
        body = {**request.to_json(), "stream": False}
        return await self._complete("/chat/completions", body, on_retry)

    async def complete(
        self, request: CompletionRequest, *, on_retry: Callable[[Retrying], None] | None = None
    ) -> Completion:
        """A whole (non-streamed) legacy ``/completions`` answer; raises ApiError."""
        body = {**request.to_json(), "stream": False}
        return await self._complete("/completions", body, on_retry)

    async def models(self) -> list[ModelInfo]:
        """``GET /models``; raises ApiError."""
        return models_from_json(await self._call("GET", "/models"))

    async def key_info(self) -> KeyInfo | None:
        """``GET /key``, or None when the server has no such endpoint (local servers)."""
        data = await self._call("GET", "/key", absent=(404, 405, 501))
        return key_from_json(data) if data is not None else None

    async def generation(self, generation_id: str) -> GenerationInfo | None:
        """``GET /generation?id=…``, or None when the server does not know the id."""
        data = await self._call(
            "GET", "/generation", params={"id": generation_id}, absent=(404, 405, 501)
        )
        return generation_from_json(data, generation_id) if data is not None else None

    async def _complete(
        self, path: str, body: dict[str, Any], on_retry: Callable[[Retrying], None] | None
    ) -> Completion:
        data = await self._call("POST", path, json=body, on_retry=on_retry)
        if not isinstance(data, dict):
            raise ApiError(ErrorKind.BAD_RESPONSE, f"{self.host} answered with no JSON object.")
        error = error_from_object(data, mid_stream=False)
        if error is not None:
            raise error
        problem = completion_problem(data)
        if problem is not None:
            raise not_a_completion(problem, self.host)
        return completion_from_json(data)

    async def _call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, str] | None = None,
        absent: tuple[int, ...] = (),
        on_retry: Callable[[Retrying], None] | None = None,
    ) -> Any:
        """The parsed JSON of a 200 reply (None for an ``absent`` status), with retries."""
        backoff = Backoff(self._retry, self._random)
        while True:
            try:
                response = await self._send(method, path, accept=_JSON, json=json, params=params)
            except (httpx.HTTPError, httpx.InvalidURL, TimeoutError) as exc:
                error = request_error(exc, self.base_url, self.host, self._timeouts.first_byte)
            else:
                try:
                    if response.status_code == 200:
                        return await self._read_json(response)
                    if response.status_code in absent:
                        return None
                    error = self._refused(response, await read_error_body(response))
                finally:
                    await response.aclose()
            delay = backoff.next_delay(error)
            if delay is None:
                raise error
            if on_retry is not None:
                on_retry(Retrying(backoff.attempt, delay, error))
            await self._sleep(delay)

    async def _read_json(self, response: httpx.Response) -> Any:
        try:
            raw = await Body(response).read_all(_JSON_BODY_LIMIT)
        except httpx.HTTPError as exc:
            raise body_error(exc, self.host, self._timeouts.idle) from exc
        try:
            return json.loads(raw)
        except ValueError:
            raise bad_response(raw, response) from None
        except RecursionError:
            raise nested_too_deep(self.host) from None

    def _refused(self, response: httpx.Response, body: bytes) -> ApiError:
        error = error_from_response(response, body)
        if error.kind is ErrorKind.AUTH and self._auth_hint:
            error.hint = self._auth_hint
        return error

    # -- transport ------------------------------------------------------------------------

    async def _send(
        self,
        method: str,
        path: str,
        *,
        accept: str,
        json: Any = None,
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Send a request and wait, at most ``first_byte`` seconds, for the response headers."""
        headers = {"Accept": accept}
        if accept == _SSE:
            # A compressing proxy may hold tokens back until its buffer fills.
            headers["Accept-Encoding"] = "identity"
        request = self._http.build_request(
            method, self.base_url + path, json=json, params=params, headers=headers
        )
        async with asyncio.timeout(self._timeouts.first_byte):
            # A redirected POST would turn into a GET; only reads follow redirects.
            return await self._http.send(request, stream=True, follow_redirects=method == "GET")


def _host_of(base_url: str) -> str:
    """The host (and port) that error messages name."""
    try:
        return httpx.URL(base_url).netloc.decode("ascii", "replace") or base_url
    except httpx.InvalidURL:
        return base_url
