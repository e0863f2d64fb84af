"""Reasoning and its details through the client: text once, blocks merged, encrypted never read."""

from __future__ import annotations

import pytest

from tui.api.client import OpenAICompatibleClient
from tui.api.events import ContentDelta, ReasoningDelta, ReasoningDetails, UsageReport
from tui.api.reasoning import (
    ENCRYPTED,
    SUMMARY,
    TEXT,
    ReasoningDetail,
    details_from_json,
    merge_details,
    readable_text,
)
from tui.api.types import ChatMessage, ChatRequest, CompletionRequest

from .client_support import chunk, collect, mock_client, of_type, sse, stream_reply

DONE = "data: [DONE]\n\n"
REQUEST = ChatRequest("openai/gpt-4o", (ChatMessage("user", "hi"),))


def reasoning_chunk(**delta) -> dict:
    return chunk() | {"choices": [{"index": 0, "delta": delta}]}


async def fake_stream(*chunks: dict):
    async with mock_client(stream_reply(sse(*chunks, chunk("ok", finish="stop"), DONE))) as c:
        return await collect(c.stream_chat(REQUEST))


def shown(events) -> str:
    return "".join(e.text for e in of_type(events, ReasoningDelta))


def merged(events) -> list[ReasoningDetail]:
    blocks: list[ReasoningDetail] = []
    for event in of_type(events, ReasoningDetails):
        blocks = merge_details(blocks, event.details)
    return blocks


# -- parsing, fake transport -----------------------------------------------------------------


async def test_reasoning_and_its_text_details_show_the_text_once():
    detail = {"type": TEXT, "text": "think", "index": 0}
    events = await fake_stream(reasoning_chunk(reasoning="think", reasoning_details=[detail]))
    assert shown(events) == "think"
    assert [d.text for d in merged(events)] == ["think"]


async def test_summary_details_give_the_text_when_reasoning_is_absent():
    parts = [reasoning_chunk(reasoning_details=[{"type": SUMMARY, "summary": s, "index": 0}])
             for s in ("Plan ", "first.")]  # fmt: skip
    events = await fake_stream(*parts)
    assert shown(events) == "Plan first."
    assert [(d.type, d.text) for d in merged(events)] == [(SUMMARY, "Plan first.")]


async def test_encrypted_details_are_kept_as_data_and_never_shown():
    secret = {"type": ENCRYPTED, "data": "c2VjcmV0IGJsb2I=", "id": "rs_1", "index": 1}
    events = await fake_stream(reasoning_chunk(reasoning_details=[secret]))
    assert of_type(events, ReasoningDelta) == []
    [block] = merged(events)
    assert (block.data, block.text, block.readable) == ("c2VjcmV0IGJsb2I=", "", False)
    assert block.to_json() == secret


async def test_an_encrypted_item_that_claims_text_still_shows_nothing():
    odd = {"type": ENCRYPTED, "data": "x", "text": "do not show me"}
    events = await fake_stream(reasoning_chunk(reasoning_details=[odd]))
    assert shown(events) == "" and readable_text(merged(events)) == ""


async def test_malformed_details_are_skipped_and_the_stream_goes_on():
    bad = [None, "text", {"type": 3}, {"text": "no type"}, {"type": TEXT, "text": "fine"}]
    events = await fake_stream(reasoning_chunk(reasoning_details=bad))
    assert shown(events) == "fine"
    assert "".join(e.text for e in of_type(events, ContentDelta)) == "ok"


def test_streamed_pieces_merge_into_whole_blocks_with_the_latest_signature():
    pieces = details_from_json(
        [
            {"type": TEXT, "text": "a", "index": 0, "format": "anthropic-claude-v1"},
            {"type": TEXT, "text": "b", "index": 0},
            {"type": TEXT, "text": "", "index": 0, "signature": "sig"},
            {"type": ENCRYPTED, "data": "zz", "index": 1, "custom": True},
        ]
    )
    blocks = merge_details([], pieces)
    assert [b.to_json() for b in blocks] == [
        {
            "type": TEXT,
            "text": "ab",
            "signature": "sig",
            "format": "anthropic-claude-v1",
            "index": 0,
        },
        {"type": ENCRYPTED, "custom": True, "data": "zz", "index": 1},
    ]


def test_details_go_back_only_beside_tool_calls():
    blocks = (ReasoningDetail(TEXT, "why", signature="s", index=0),)
    plain = ChatMessage("assistant", "answer", reasoning_details=blocks)
    assert plain.to_json() == {"role": "assistant", "content": "answer"}
    call = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    paused = ChatMessage("assistant", "", reasoning_details=blocks, tool_calls=(call,))
    assert paused.to_json()["reasoning_details"] == [
        {"type": TEXT, "text": "why", "signature": "s", "index": 0}
    ]
    assert paused.to_json()["tool_calls"] == [call]


# -- over the simulator ----------------------------------------------------------------------


@pytest.fixture
async def client(simulator):
    async with OpenAICompatibleClient(simulator.base_url) as client:
        yield client


def ask(model: str, **params) -> ChatRequest:
    return ChatRequest(model, (ChatMessage("user", "Think first"),), params)


@pytest.mark.parametrize(
    ("model", "types"),
    [
        ("sim/reasoning", [TEXT]),
        ("sim/reasoning-summary", [SUMMARY]),
        ("sim/reasoning-encrypted", [SUMMARY, ENCRYPTED]),
    ],
)
async def test_streams_and_whole_answers_agree_on_reasoning_and_details(client, model, types):
    events = await collect(client.stream_chat(ask(model)))
    whole = await client.chat(ask(model, stream=False))
    blocks = merged(events)
    assert [b.type for b in blocks] == types == [d.type for d in whole.reasoning_details]
    assert shown(events) == whole.reasoning == readable_text(blocks) != ""
    assert [b.to_json() for b in blocks] == [d.to_json() for d in whole.reasoning_details]
    # A read's deltas come joined: each still counts its pieces.
    assert of_type(events, UsageReport)[-1].usage.reasoning_tokens == sum(
        d.pieces for d in of_type(events, ReasoningDelta)
    )


async def test_encrypted_data_never_reaches_the_readable_text(client):
    events = await collect(client.stream_chat(ask("sim/reasoning-encrypted")))
    [encrypted] = [b for b in merged(events) if b.type == ENCRYPTED]
    assert encrypted.data and encrypted.data not in shown(events)


async def test_legacy_completions_stream_and_return_reasoning(client):
    request = CompletionRequest("sim/reasoning", "Think")
    events = await collect(client.stream_completion(request))
    whole = await client.complete(CompletionRequest("sim/reasoning", "Think", stream=False))
    assert shown(events) == whole.reasoning != ""
    assert [b.type for b in merged(events)] == [TEXT] == [d.type for d in whole.reasoning_details]


async def test_the_reasoning_parameter_reaches_the_server(client, simulator):
    wish = {"effort": "low", "max_tokens": 4, "exclude": False, "enabled": True}
    events = await collect(client.stream_chat(ask("sim/reasoning", reasoning=wish)))
    assert simulator.last_request().body["reasoning"] == wish
    assert sum(d.pieces for d in of_type(events, ReasoningDelta)) == 4
