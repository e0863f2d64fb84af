"""Posting to the simulator and reading its replies apart: SSE blocks, data lines, chunks."""

from __future__ import annotations

import json
from typing import Any

import httpx

FAST = "keepalive_interval=0.01"
KEEPALIVE = b": OPENROUTER PROCESSING\n\n"
# Far below the 30 s a stall lasts, far above any gap a busy machine puts between two writes.
SHORT_READ = httpx.Timeout(5.0, read=2.0)
GOOD_KEY = {"Authorization": "Bearer sk-or-v1-good"}


def post(
    http: httpx.Client,
    model: str,
    prompt: str = "Hello there",
    *,
    stream: bool = True,
    path: str = "/chat/completions",
    headers: dict[str, str] | None = None,
    timeout: httpx.Timeout | None = None,
    **extra: Any,
) -> httpx.Response:
    """POST a chat (or, for a ``/completions`` path, a legacy completion) request."""
    if path.endswith("/completions") and not path.endswith("/chat/completions"):
        body: dict[str, Any] = {"model": model, "prompt": prompt, "stream": stream}
    else:
        body = {"model": model, "messages": [{"role": "user", "content": prompt}]}
        body["stream"] = stream
    return http.post(
        path,
        json={**body, **extra},
        headers=headers,
        timeout=timeout or httpx.USE_CLIENT_DEFAULT,
    )


def blocks(raw: bytes) -> list[str]:
    """The SSE blocks (events and comments) of an LF-framed body, in order."""
    return [block for block in raw.decode().split("\n\n") if block]


def datas(raw: bytes) -> list[str]:
    return [b.removeprefix("data: ") for b in blocks(raw) if b.startswith("data: ")]


def chunks(raw: bytes) -> list[dict]:
    return [json.loads(d) for d in datas(raw) if d != "[DONE]"]


def content(items: list[dict]) -> str:
    return "".join(c["choices"][0]["delta"].get("content") or "" for c in items if c["choices"])


def content_chunks(items: list[dict]) -> list[dict]:
    return [c for c in items if c["choices"] and c["choices"][0]["delta"].get("content")]


def whole(http: httpx.Client, model: str, prompt: str = "Hello there", **extra: Any) -> dict:
    response = post(http, model, prompt, stream=False, **extra)
    assert response.status_code == 200, response.text
    return response.json()


def body_of(model: str, *, stream: bool = True) -> dict:
    return {"model": model, "messages": [{"role": "user", "content": "Hi"}], "stream": stream}


def parses(data: str) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def decodes(piece: bytes) -> bool:
    try:
        piece.decode()
    except UnicodeDecodeError:
        return False
    return True
