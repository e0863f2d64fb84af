"""Replies that test a client's bounds: endless lines, huge events, deep JSON, non-completions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

BOUNDS_SCENARIOS: dict[str, str] = {
    "endless-line": "Some of the answer, then one data line that never ends (until the client "
    "hangs up).",
    "huge-event": "Some of the answer, then one 50 MB content event, then the finish.",
    "deep-json": "Some of the answer, then an event (or a whole reply) of 100,000-deep JSON.",
    "shape-choices-string": 'A JSON reply whose choices is a string: {"choices": "x"}.',
    "shape-choices-empty": "A JSON reply with an empty choices list.",
    "shape-message-null": "A JSON reply whose choice has message: null.",
    "shape-content-number": "A JSON reply whose message content is a number.",
    "shape-text-number": "A legacy completion reply whose text is a number.",
}
PARTIAL = "Partial answer before the flood. "
"""The content sent before each hostile part: a client must keep it."""
HUGE_EVENT_BYTES = 50 * 1024 * 1024
DEEP = 100_000

_WRITE = 1024 * 1024
_SSE = {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
_JSON = {"Content-Type": "application/json"}
_SHAPES: dict[str, dict[str, Any]] = {
    "shape-choices-string": {"choices": "x"},
    "shape-choices-empty": {"choices": []},
    "shape-message-null": {"choices": [{"index": 0, "message": None, "finish_reason": "stop"}]},
    "shape-content-number": {
        "choices": [{"index": 0, "message": {"role": "assistant", "content": 42}}]
    },
    "shape-text-number": {"choices": [{"index": 0, "text": 42, "finish_reason": "stop"}]},
}


def bounds_reply(name: str, stream: bool) -> tuple[Iterator[bytes], dict[str, str]] | None:
    """The writes and headers of ``name``'s reply, or None when it is not one of these."""
    if name in _SHAPES:
        return iter([json.dumps({"id": "gen-shape", **_SHAPES[name]}).encode()]), dict(_JSON)
    if name not in BOUNDS_SCENARIOS:
        return None
    if not stream:
        return _whole(name), dict(_JSON)
    return _stream(name), dict(_SSE)


def _stream(name: str) -> Iterator[bytes]:
    yield _content(PARTIAL)
    if name == "endless-line":
        yield b'data: {"choices":[{"index":0,"delta":{"content":"'
        block = b"x" * _WRITE
        while True:  # lazily: the writer stops when the client hangs up
            yield block
    elif name == "huge-event":
        yield b'data: {"choices":[{"index":0,"delta":{"content":"'
        yield from _filler(HUGE_EVENT_BYTES)
        yield b'"}}]}\n\n'
        yield _finish()
        yield b"data: [DONE]\n\n"
    elif name == "deep-json":
        yield b"data: " + _deep() + b"\n\n"
        # The body ends here: no finish reason, no [DONE].


def _whole(name: str) -> Iterator[bytes]:
    if name == "deep-json":
        yield _deep()
        return
    yield b'{"choices":[{"index":0,"message":{"role":"assistant","content":"'
    if name == "endless-line":
        block = b"x" * _WRITE
        while True:
            yield block
    yield from _filler(HUGE_EVENT_BYTES)
    yield b'"},"finish_reason":"stop"}]}'


def _filler(size: int) -> Iterator[bytes]:
    block = b"x" * _WRITE
    for _ in range(size // _WRITE):
        yield block


def _deep() -> bytes:
    return b"[" * DEEP + b"]" * DEEP


def _content(text: str) -> bytes:
    chunk = {"choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}
    return b"data: " + json.dumps(chunk).encode() + b"\n\n"


def _finish() -> bytes:
    chunk = {"choices": [{"index": 0, "delta": {"content": ""}, "finish_reason": "stop"}]}
    return b"data: " + json.dumps(chunk).encode() + b"\n\n"
