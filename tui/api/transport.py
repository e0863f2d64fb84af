"""Transport failures (httpx exceptions) in plain words, with what to do; the detail is logged."""

from __future__ import annotations

import logging
import socket
import ssl
from dataclasses import dataclass

import httpx

from tui.api.errors import ErrorKind

log = logging.getLogger("tui.api")

_DNS_WORDS = (
    "name or service not known",
    "nodename nor servname",
    "getaddrinfo",
    "name resolution",
)
_HINT_RETRY = "Try again; if it keeps happening, check the base URL and your connection."


@dataclass(frozen=True, slots=True)
class Words:
    """What a transport failure means to a person, and the library's own account of it."""

    kind: ErrorKind
    message: str
    hint: str | None  # None: the kind's usual hint
    detail: str


def detail_of(exc: BaseException) -> str:
    """The library's words for ``exc`` and its causes, for a log or ``--verbose``."""
    parts: list[str] = []
    seen: set[int] = set()
    said: set[str] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(parts) < 4:
        seen.add(id(current))
        text = str(current).strip()
        if text not in said:  # httpx re-raises with the same words: say them once
            said.add(text)
            parts.append(f"{type(current).__name__}: {text}" if text else type(current).__name__)
        current = current.__cause__ or current.__context__
    return " ← ".join(parts)


def _chain(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in found and len(found) < 8:
        found.append(current)
        current = current.__cause__ or current.__context__
    return found


def connect_words(exc: httpx.ConnectError, host: str) -> tuple[str, str | None]:
    """Why a connection could not be made: a name not found, refused, or TLS."""
    chain = _chain(exc)
    text = " ".join(str(e) for e in chain).lower()
    if any(isinstance(e, socket.gaierror) for e in chain) or any(w in text for w in _DNS_WORDS):
        return (
            f"The server's name {host.rsplit(':', 1)[0]} could not be found",
            "Check the base URL for a typo, and that you are online.",
        )
    if any(isinstance(e, ssl.SSLError) for e in chain) or "ssl" in text or "certificate" in text:
        return (
            f"The secure (TLS) connection to {host} failed",
            "Check the base URL's scheme (https:// or http://) and the server's certificate.",
        )
    if (
        any(isinstance(e, ConnectionRefusedError) for e in chain)
        or "refused" in text
        or ("all connection attempts failed" in text)
    ):
        return (
            f"Nothing is answering at {host} (connection refused)",
            "Check that the server is running and the base URL's host and port are right.",
        )
    return f"Could not connect to {host}", None


def request_words(exc: Exception, host: str) -> Words:
    """A request that got no response at all (connect, send, or waiting for the reply)."""
    detail = detail_of(exc)
    log.info("request to %s failed: %s", host, detail)
    if isinstance(exc, httpx.ConnectTimeout):
        return Words(ErrorKind.TIMEOUT, f"Timed out connecting to {host}", None, detail)
    if isinstance(exc, httpx.PoolTimeout):
        message = f"Too many requests to {host} at once: this one could not start in time"
        return Words(ErrorKind.TIMEOUT, message, None, detail)
    if isinstance(exc, httpx.WriteTimeout):
        return Words(ErrorKind.TIMEOUT, f"Timed out sending the request to {host}", None, detail)
    if isinstance(exc, httpx.TimeoutException):
        message = f"{host} took the request but sent no response in time"
        return Words(ErrorKind.TIMEOUT, message, None, detail)
    if isinstance(exc, httpx.ProxyError):
        hint = "Check the proxy settings (HTTPS_PROXY, HTTP_PROXY, NO_PROXY)."
        return Words(ErrorKind.NETWORK, f"The proxy refused to reach {host}", hint, detail)
    if isinstance(exc, httpx.ConnectError):
        message, hint = connect_words(exc, host)
        return Words(ErrorKind.NETWORK, message, hint, detail)
    if isinstance(exc, httpx.RemoteProtocolError | httpx.ReadError | httpx.WriteError):
        message = f"{host} closed the connection without answering"
        return Words(ErrorKind.NETWORK, message, _HINT_RETRY, detail)
    return Words(ErrorKind.NETWORK, f"The connection to {host} failed", None, detail)


def body_words(exc: httpx.HTTPError, host: str, idle: float) -> Words:
    """A reply whose body broke off: part of the answer may already be here."""
    detail = detail_of(exc)
    log.info("reply from %s broke off: %s", host, detail)
    if isinstance(exc, httpx.TimeoutException):
        return Words(
            ErrorKind.TIMEOUT, f"{host} sent nothing for {idle:g} s mid-answer", None, detail
        )
    message = f"The connection to {host} closed before the answer was complete"
    return Words(ErrorKind.TRUNCATED, message, None, detail)
