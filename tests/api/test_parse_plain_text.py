"""A chunk of plain answer text is told at once; any other news in a chunk is still told."""

from __future__ import annotations

from typing import Any

import pytest

from tui.api.events import (
    Citations,
    ContentDelta,
    Finished,
    Meta,
    ReasoningDelta,
    StreamFailed,
    UsageReport,
)
from tui.api.parse import StreamParser


def chunk(delta: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    choice: dict[str, Any] = {"index": 0, "delta": delta or {"content": "Hi"}}
    choice.update(fields.pop("choice", {}))
    return {"id": "g1", "model": "m", "provider": "p", "choices": [choice], **fields}


def kinds(events: list) -> list[type]:
    return [type(e) for e in events]


def test_plain_text_chunks_give_their_text_and_who_answers_once() -> None:
    parser = StreamParser()
    first = parser.chunk(chunk({"role": "assistant", "content": "Hel"}))
    second = parser.chunk(chunk({"content": "lo"}))
    assert first == [Meta("g1", "m", "p"), ContentDelta("Hel")]
    assert second == [ContentDelta("lo")]
    assert parser.chunk(chunk({"content": "!"}, model="other")) == [
        Meta("g1", "other", "p"),
        ContentDelta("!"),
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (chunk(choice={"finish_reason": "stop"}), [Meta, ContentDelta, Finished]),
        (chunk(usage={"prompt_tokens": 1}), [Meta, ContentDelta, UsageReport]),
        (chunk(error={"message": "boom", "code": 502}), [Meta, ContentDelta, StreamFailed]),
        (chunk({"content": "Hi", "reasoning": "hm"}), [Meta, ReasoningDelta, ContentDelta]),
        (
            chunk(
                {
                    "content": "Hi",
                    "annotations": [
                        {"type": "url_citation", "url_citation": {"url": "https://a.example"}}
                    ],
                }
            ),
            [Meta, ContentDelta, Citations],
        ),
        (chunk(choice={"finish_reason": "error"}), [Meta, ContentDelta, StreamFailed]),
    ],
)
def test_a_chunk_with_more_than_text_tells_all_of_it(data, expected) -> None:
    assert kinds(StreamParser().chunk(data)) == expected


def test_only_the_first_choice_is_told() -> None:
    data = chunk()
    data["choices"].insert(0, {"index": 1, "delta": {"content": "other"}})
    assert StreamParser().chunk(data) == [Meta("g1", "m", "p"), ContentDelta("Hi")]
