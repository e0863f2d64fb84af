"""A key sent to one host never follows a redirect to another, nor down to plain http."""

from __future__ import annotations

import httpx
import pytest

from .client_support import mock_client


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/api/v1/models", "http://openrouter.ai/api/v1/models"],
)
async def test_the_key_is_dropped_when_a_redirect_leaves_the_origin(target):
    seen: list[tuple[str, str | None]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url), request.headers.get("authorization")))
        if request.url.host == "openrouter.ai" and request.url.scheme == "https":
            return httpx.Response(302, headers={"location": target})
        return httpx.Response(200, json={"data": []})

    async with mock_client(
        handler, api_key="sk-or-secret", base_url="https://openrouter.ai/api/v1"
    ) as client:
        assert await client.models() == []
    assert seen == [
        ("https://openrouter.ai/api/v1/models", "Bearer sk-or-secret"),
        (target, None),
    ]
