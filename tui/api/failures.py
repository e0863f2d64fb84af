"""Turn error bodies, error chunks and transport exceptions into ApiError values."""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, Any

from tui.api.errors import ApiError, ErrorKind, kind_for_status
from tui.api.retry import parse_retry_after
from tui.api.sse import SSEOverflow

if TYPE_CHECKING:  # the client imports httpx (and raises its errors) after the first paint
    import httpx

__all__ = [
    "bad_response",
    "body_error",
    "error_from_object",
    "error_from_response",
    "nested_too_deep",
    "not_a_completion",
    "overflow_error",
    "request_error",
    "summarize_text",
]

_MAX_MESSAGE = 300
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_INVISIBLE = re.compile(
    r"<(script|style|head)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)

_BLOCK_END = re.compile(r"</?(?:p|div|h[1-6]|br|li|tr|pre|center|body|html)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def error_from_response(response: httpx.Response, body: bytes) -> ApiError:
    """The ApiError for a non-200 reply (``body`` already read, possibly cut short)."""
    status = response.status_code
    retry_after = parse_retry_after(response.headers.get("retry-after"))
    parsed = _json(body)
    if isinstance(parsed, dict):
        found = _error_fields(parsed)
        if found is not None:
            message, code, metadata = found
            return ApiError(
                kind_for_status(status),
                message or _status_text(response),
                status=status,
                code=code,
                retry_after=retry_after,
                metadata=metadata,
            )
    text = summarize_text(body.decode("utf-8", "replace"))
    location = response.headers.get("location")
    if 300 <= status < 400 and location:
        text = f"The server redirects to {location}: check the base URL"
    return ApiError(
        kind_for_status(status),
        text or _status_text(response),
        status=status,
        retry_after=retry_after,
    )


def bad_response(body: bytes, response: httpx.Response) -> ApiError:
    """The ApiError for a 200 reply that is neither an event stream nor the JSON asked for."""
    content_type = response.headers.get("content-type", "").split(";")[0].strip() or "no type"
    summary = summarize_text(body.decode("utf-8", "replace"))
    if not body.strip():
        return ApiError(ErrorKind.BAD_RESPONSE, f"{response.url.host} sent an empty reply")
    message = f"{response.url.host} answered with {content_type}, not an API reply"
    return ApiError(ErrorKind.BAD_RESPONSE, f"{message}: {summary}" if summary else message)


def error_from_object(data: dict[str, Any], *, mid_stream: bool) -> ApiError | None:
    """The ApiError an object inside a 200 reply carries at its top level, if it carries one.

    The kind follows ``error.code`` when that is an HTTP status (402 → CREDITS, 429 →
    RATE_LIMIT …); any other code (``"server_error"``) means the provider failed.
    """
    if not data.get("error"):
        return None
    found = _error_fields(data)
    if found is None:
        return None
    message, code, metadata = found
    kind = ErrorKind.PROVIDER
    if isinstance(code, int) and not isinstance(code, bool) and 400 <= code < 600:
        kind = kind_for_status(code)
    return ApiError(
        kind,
        message or "The provider reported an error without a message.",
        code=code,
        mid_stream=mid_stream,
        metadata=metadata,
    )


def request_error(exc: Exception, base_url: str, host: str, first_byte: float) -> ApiError:
    """The ApiError for a request that got no response: unusable URL, network, timeout.

    The message is in plain words; the library's own (``exc`` and its causes) is kept in
    ``detail`` and logged.
    """
    import httpx  # raised by the client, which has imported it already

    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        detail = str(exc).strip() or type(exc).__name__
        return ApiError(
            ErrorKind.BAD_REQUEST,
            f"The base URL {base_url!r} is not usable: {detail}",
            hint="Check the base URL: e.g. https://openrouter.ai/api/v1, or "
            "http://localhost:11434/v1 for a local server.",
        )
    if isinstance(exc, TimeoutError):  # our own first-byte deadline
        return ApiError(ErrorKind.TIMEOUT, f"{host} sent no response within {first_byte:g} s")
    from tui.api.transport import request_words

    words = request_words(exc, host)
    return ApiError(words.kind, words.message, hint=words.hint, detail=words.detail)


def body_error(exc: httpx.HTTPError, host: str, idle: float) -> ApiError:
    """The ApiError for a body that broke off: tokens may already have arrived."""
    from tui.api.transport import body_words

    words = body_words(exc, host, idle)
    return ApiError(words.kind, words.message, mid_stream=True, detail=words.detail)


def nested_too_deep(host: str) -> ApiError:
    """The ApiError for a JSON reply nested too deeply to parse (a hostile or broken server)."""
    return ApiError(ErrorKind.BAD_RESPONSE, f"{host} sent JSON nested too deeply to read")


def not_a_completion(problem: str, host: str) -> ApiError:
    """The ApiError for a 200 JSON reply that is neither an error nor a completion."""
    return ApiError(
        ErrorKind.BAD_RESPONSE,
        f"{host} answered with JSON that is not a completion: {problem}",
        hint="The server does not speak the OpenAI chat completions API here: check the base "
        "URL (it usually ends in /v1) and that the server serves this model.",
    )


def overflow_error(overflow: SSEOverflow) -> ApiError:
    """The ApiError for a stream that sent a line or event past the decoder's limit."""
    size = f"{overflow.limit / 2**20:g} MiB"
    return ApiError(
        ErrorKind.BAD_RESPONSE,
        f"The stream sent {'a line' if overflow.what == 'line' else 'an event'} longer than "
        f"{size}; Parley stopped reading it (a protocol error)",
        mid_stream=True,
        hint="Real stream events are a few KB: the server, or a proxy on the way, is broken. "
        "What arrived before is kept; retry, or check the base URL.",
    )


def summarize_text(text: str) -> str:
    """A short readable line from a non-JSON body: an HTML page's title or first real line."""
    if "<" in text and ">" in text:
        title = _TITLE.search(text)
        if title:
            line = _clean(html.unescape(_TAG.sub(" ", title.group(1))))
            if line:
                return _trim(line)
        text = _BLOCK_END.sub("\n", _INVISIBLE.sub(" ", text))
        text = html.unescape(_TAG.sub(" ", text))
    for raw in text.splitlines():
        line = _clean(raw)
        if any(ch.isalnum() for ch in line):
            return _trim(line)
    return ""


def _error_fields(data: dict[str, Any]) -> tuple[str, Any, Any] | None:
    """(message, code, metadata) of the error shapes servers use, or None if none matches."""
    error = data.get("error")
    if isinstance(error, dict):
        message = error.get("message")
        if not isinstance(message, str):
            message = json.dumps(message) if message is not None else ""
        return message.strip(), error.get("code"), error.get("metadata")
    if isinstance(error, str):  # Ollama, some proxies
        return error.strip(), None, None
    for key in ("message", "detail"):  # vLLM / FastAPI-style bodies
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip(), data.get("code"), None
    return None


def _json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None


def _status_text(response: httpx.Response) -> str:
    return f"HTTP {response.status_code} {response.reason_phrase}".strip()


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _trim(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1].rstrip() + "…"
