"""Transport failures reach people in plain words with what to do; the library's words are kept."""

from __future__ import annotations

import socket
import ssl

import httpx
import pytest

from tui.api.errors import ErrorKind
from tui.api.failures import body_error, request_error

# The phrases httpx and the sockets below it use; none may be all a person reads.
LIBRARY_WORDS = (
    "incomplete chunked read",
    "peer closed connection",
    "Server disconnected",
    "All connection attempts failed",
    "Errno",
    "Name or service not known",
    "CERTIFICATE_VERIFY_FAILED",
)


def _caused(exc: Exception, cause: BaseException) -> Exception:
    exc.__cause__ = cause
    return exc


REQUEST_FAILURES = {
    "refused": (
        _caused(
            httpx.ConnectError("All connection attempts failed"),
            ConnectionRefusedError(111, "Connect call failed ('127.0.0.1', 9)"),
        ),
        ErrorKind.NETWORK,
        "connection refused",
        "server is running",
    ),
    "dns": (
        _caused(
            httpx.ConnectError("[Errno -2] Name or service not known"),
            socket.gaierror(-2, "Name or service not known"),
        ),
        ErrorKind.NETWORK,
        "could not be found",
        "typo",
    ),
    "tls": (
        _caused(
            httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
            ssl.SSLCertVerificationError("certificate verify failed"),
        ),
        ErrorKind.NETWORK,
        "secure (TLS) connection",
        "certificate",
    ),
    "closed": (
        httpx.RemoteProtocolError("Server disconnected without sending a response."),
        ErrorKind.NETWORK,
        "closed the connection without answering",
        "Try again",
    ),
    "reset": (
        httpx.ReadError("[Errno 104] Connection reset by peer"),
        ErrorKind.NETWORK,
        "closed the connection without answering",
        "Try again",
    ),
    "read timeout": (
        httpx.ReadTimeout("timed out"),
        ErrorKind.TIMEOUT,
        "sent no response in time",
        "too long",
    ),
    "proxy": (
        httpx.ProxyError("407 Proxy Authentication Required"),
        ErrorKind.NETWORK,
        "proxy",
        "HTTPS_PROXY",
    ),
}


@pytest.mark.parametrize("case", REQUEST_FAILURES)
def test_a_failed_request_says_what_happened_and_what_to_do(case):
    exc, kind, words, todo = REQUEST_FAILURES[case]
    error = request_error(exc, "https://llm.test/v1", "llm.test", 30)
    assert error.kind is kind
    assert words in error.message and todo in error.hint
    for phrase in LIBRARY_WORDS:
        assert phrase not in error.message and phrase not in error.hint
    assert type(exc).__name__ in error.detail  # kept for the log and --verbose


def test_a_body_broken_off_says_the_answer_is_incomplete_and_keeps_the_detail():
    exc = httpx.RemoteProtocolError(
        "peer closed connection without sending complete message body (incomplete chunked read)"
    )
    error = body_error(exc, "llm.test", 60)
    assert error.kind is ErrorKind.TRUNCATED and error.mid_stream
    assert error.message == "The connection to llm.test closed before the answer was complete"
    assert "incomplete chunked read" in error.detail


def test_the_detail_names_each_cause_once():
    exc = _caused(
        httpx.ConnectError("All connection attempts failed"),
        _caused(OSError("All connection attempts failed"), ConnectionRefusedError(111, "refused")),
    )
    detail = request_error(exc, "http://x/v1", "x", 30).detail
    assert detail.count("All connection attempts failed") == 1
    assert "ConnectionRefusedError" in detail
