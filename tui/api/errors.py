"""Error types of the API client, each with a hint a person can act on."""

from __future__ import annotations

import enum
from typing import Any


class ErrorKind(enum.Enum):
    """What went wrong, grouped the way a user (and an exit code) cares about."""

    BAD_REQUEST = "bad_request"  # 400, 404, 413, 422: the request itself was refused
    AUTH = "auth"  # 401, 403
    CREDITS = "credits"  # 402
    TIMEOUT = "timeout"  # 408 or a connect / first-byte timeout
    RATE_LIMIT = "rate_limit"  # 429
    PROVIDER = "provider"  # 5xx, or a mid-stream error event
    TRUNCATED = "truncated"  # the body ended with neither a finish reason nor [DONE]
    NETWORK = "network"  # unreachable, refused, reset before a response
    BAD_RESPONSE = "bad_response"  # a reply that is not what the API promises


# Exit codes of one-shot commands, as the contract fixes them.
_EXIT_CODES = {
    ErrorKind.AUTH: 3,
    ErrorKind.CREDITS: 4,
    ErrorKind.RATE_LIMIT: 5,
    ErrorKind.PROVIDER: 6,
    ErrorKind.TRUNCATED: 6,
}

_HINTS = {
    ErrorKind.BAD_REQUEST: "The server refused the request: check the model id and parameters.",
    ErrorKind.AUTH: (
        "Check your API key: set OPENROUTER_API_KEY (or PARLEY_API_KEY), or put api_key in "
        "config.toml; keys are at https://openrouter.ai/settings/keys."
    ),
    ErrorKind.CREDITS: "Out of credits: add some at https://openrouter.ai/settings/credits, "
    "or pick a free model (ids ending in :free).",
    ErrorKind.TIMEOUT: "The server took too long to answer: try again, or another model.",
    ErrorKind.RATE_LIMIT: "Rate limited: wait a moment and retry, or use another model.",
    ErrorKind.PROVIDER: "The provider failed: retry, or try a fallback model (--models A,B).",
    ErrorKind.TRUNCATED: "The answer was cut off before it finished: retry, or continue it.",
    ErrorKind.NETWORK: "Could not reach the server: check your connection and the base URL.",
    ErrorKind.BAD_RESPONSE: "The server sent a reply that is not an OpenAI-compatible API "
    "response: check the base URL.",
}


def kind_for_status(status: int) -> ErrorKind:
    """Map an HTTP status to the kind of failure it means."""
    if status in (401, 403):
        return ErrorKind.AUTH
    if status == 402:
        return ErrorKind.CREDITS
    if status == 408:
        return ErrorKind.TIMEOUT
    if status == 429:
        return ErrorKind.RATE_LIMIT
    if status >= 500:
        return ErrorKind.PROVIDER
    if 400 <= status < 500:
        return ErrorKind.BAD_REQUEST
    return ErrorKind.BAD_RESPONSE


class ApiError(Exception):
    """A failure talking to the API, with the server's own words and a hint for a person.

    ``status`` is the HTTP status (``None`` for network failures and for errors inside a 200
    stream), ``code`` the API's ``error.code``, ``message`` the server's ``error.message``.
    ``mid_stream`` is true when tokens may already have arrived.
    ``detail`` keeps a transport library's own account, which ``message`` puts in plain words.
    """

    def __init__(
        self,
        kind: ErrorKind,
        message: str,
        *,
        status: int | None = None,
        code: Any = None,
        retry_after: float | None = None,
        mid_stream: bool = False,
        metadata: Any = None,
        hint: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.code = code
        self.retry_after = retry_after
        self.mid_stream = mid_stream
        self.metadata = metadata
        self.hint = hint if hint is not None else _HINTS[kind]
        self.detail = detail
        """The library's own words (exception types and messages), for logs and --verbose."""

    @property
    def exit_code(self) -> int:
        """The exit code of ``parley ask`` for this failure."""
        if self.mid_stream:
            # The contract counts every failure after the body began as the provider's.
            return 6
        return _EXIT_CODES.get(self.kind, 1)

    @property
    def retryable(self) -> bool:
        """Whether trying again before any body arrived may help (429, 502, 503, network)."""
        if self.mid_stream:
            return False
        if self.kind is ErrorKind.NETWORK:
            return True
        return self.status in (429, 502, 503)

    def headline(self) -> str:
        """One line: what happened, with the status and the server's message."""
        where = "mid-stream error" if self.mid_stream else self.kind.value.replace("_", " ")
        parts = [f"HTTP {self.status}" if self.status else where]
        if self.code is not None and self.code != self.status:
            parts.append(str(self.code))
        return f"{' · '.join(parts)}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"ApiError(kind={self.kind.value!r}, status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r}, mid_stream={self.mid_stream!r})"
        )


def hint_for(kind: str | None) -> str:
    """The hint of a stored error kind (its ``ErrorKind`` value), or "" for an unknown one."""
    try:
        return _HINTS[ErrorKind(kind)]
    except ValueError:
        return ""
