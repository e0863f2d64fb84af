"""One read's text deltas join into one event: what joins, what never does, and nothing lost."""

from __future__ import annotations

import random

from tui.api.batching import DeltaBatcher
from tui.api.client import OpenAICompatibleClient
from tui.api.content import Citation
from tui.api.errors import ApiError, ErrorKind
from tui.api.events import (
    Citations,
    ContentDelta,
    Finished,
    KeepAlive,
    Meta,
    ReasoningDelta,
    ReasoningDetails,
    StreamEnded,
    StreamEvent,
    StreamFailed,
    UsageReport,
)
from tui.api.reasoning import ReasoningDetail, merge_details
from tui.api.types import ChatMessage, ChatRequest, Usage
from tui.sim.longform import long_answer

from .client_support import collect, of_type


def answered() -> DeltaBatcher:
    """A batcher past the stream's first answer delta (which always stays alone)."""
    batcher = DeltaBatcher()
    batcher.batch([ContentDelta("Hi")])
    return batcher


def text_of(events: list[StreamEvent], kind: type = ContentDelta) -> str:
    return "".join(e.text for e in events if isinstance(e, kind))


def detail(text: str) -> ReasoningDetail:
    return ReasoningDetail("reasoning.text", text, index=0)


def test_consecutive_answer_deltas_join_and_count_their_pieces() -> None:
    joined = answered().batch([ContentDelta("one"), ContentDelta(" two"), ContentDelta(" three")])
    assert joined == [ContentDelta("one two three")]
    assert joined[0].pieces == 3


def test_the_streams_first_answer_delta_stays_alone() -> None:
    # A continued answer's joint looks at the first piece: it must be the server's own.
    batcher = DeltaBatcher()
    out = batcher.batch([Meta("g", "m", "p"), ContentDelta("#"), ContentDelta(" Title")])
    assert out == [Meta("g", "m", "p"), ContentDelta("#"), ContentDelta(" Title")]
    assert batcher.batch([ContentDelta("a"), ContentDelta("b")]) == [ContentDelta("ab")]


def test_reasoning_text_and_details_join_into_one_of_each() -> None:
    events: list[StreamEvent] = []
    for word in ("Let", " me", " think"):
        events += [ReasoningDelta(word), ReasoningDetails((detail(word),))]
    out = answered().batch(events)
    assert [type(e) for e in out] == [ReasoningDelta, ReasoningDetails]
    assert out[0] == ReasoningDelta("Let me think") and out[0].pieces == 3
    kept = merge_details([], out[1].details)
    one_by_one: list[ReasoningDetail] = []
    for event in events:
        if isinstance(event, ReasoningDetails):
            one_by_one = merge_details(one_by_one, event.details)
    assert kept == one_by_one == [detail("Let me think")]


def test_a_reasoning_run_that_begins_with_details_keeps_them_first() -> None:
    events = [ReasoningDetails((detail("a"),)), ReasoningDelta("a"), ReasoningDelta("b")]
    out = answered().batch(events)
    assert out == [ReasoningDetails((detail("a"),)), ReasoningDelta("ab")]


def test_nothing_joins_across_any_other_event() -> None:
    error = ApiError(ErrorKind.PROVIDER, "boom", mid_stream=True)
    between: list[StreamEvent] = [
        KeepAlive("OPENROUTER PROCESSING"),
        Meta("g", "other/model", "Other"),
        Citations((Citation("https://example.com", "Example"),)),
        UsageReport(Usage(1, 2, 3)),
        Finished("stop"),
        StreamFailed(error),
        StreamEnded(saw_done=True),
    ]
    for event in between:
        for kind in (ContentDelta, ReasoningDelta):
            events = [kind("a"), event, kind("b")]
            assert answered().batch(list(events)) == events, event
    answer_then_reasoning = [ContentDelta("a"), ReasoningDelta("b"), ContentDelta("c")]
    assert answered().batch(list(answer_then_reasoning)) == answer_then_reasoning


def test_joined_text_is_the_text_unjoined_however_the_reads_fall() -> None:
    rng = random.Random(7)
    pieces = long_answer(600)
    events: list[StreamEvent] = [Meta("g", "m", "p")]
    for i, piece in enumerate(pieces):
        events.append(ContentDelta(piece))
        if i % 97 == 0:
            events.append(KeepAlive("OPENROUTER PROCESSING"))
    events += [Finished("stop"), UsageReport(Usage(1, 600, 601)), StreamEnded(saw_done=True)]
    batcher, out, at = DeltaBatcher(), [], 0
    while at < len(events):  # reads of 1 to 12 events
        size = rng.randint(1, 12)
        out += batcher.batch(events[at : at + size])
        at += size
    assert text_of(out) == "".join(pieces)
    assert sum(e.pieces for e in out if isinstance(e, ContentDelta)) == len(pieces)
    assert len(of_type(out, ContentDelta)) < len(pieces) / 2
    others = [e for e in out if not isinstance(e, ContentDelta)]
    assert others == [e for e in events if not isinstance(e, ContentDelta)]


async def test_a_paced_stream_comes_a_read_at_a_time_with_every_token(simulator) -> None:
    request = ChatRequest("sim/long:tokens=400,tps=400", (ChatMessage("user", "hello"),))
    async with OpenAICompatibleClient(simulator.base_url) as client:
        events = await collect(client.stream_chat(request))
    deltas = of_type(events, ContentDelta)
    assert "".join(d.text for d in deltas) == "".join(long_answer(400))
    assert sum(d.pieces for d in deltas) == 400  # each token still counts once
    assert len(deltas) < 200  # a read at a time, not a token at a time
    assert isinstance(events[-1], StreamEnded)


async def test_a_reasoning_stream_keeps_its_reasoning_whole(simulator) -> None:
    model = "sim/reasoning:reasoning_tokens=200,tokens=50,tps=400"
    request = ChatRequest(model, (ChatMessage("user", "hello"),))
    async with OpenAICompatibleClient(simulator.base_url) as client:
        events = await collect(client.stream_chat(request))
    reasoning = of_type(events, ReasoningDelta)
    details: list[ReasoningDetail] = []
    for event in of_type(events, ReasoningDetails):
        details = merge_details(details, event.details)
    assert sum(r.pieces for r in reasoning) == 200
    assert "".join(d.text for d in details) == text_of(events, ReasoningDelta)
    assert len(reasoning) < 100
    assert isinstance(events[-1], StreamEnded)
