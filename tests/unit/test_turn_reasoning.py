"""A reasoning turn over the simulator: its text, blocks, tokens and time stored; the phase told."""

from __future__ import annotations

from contextlib import aclosing

import pytest

from tui.api.events import ContentDelta, ReasoningDelta, ReasoningDetails
from tui.api.reasoning import ENCRYPTED, SUMMARY, TEXT
from tui.progress import StreamProgress
from tui.turn import TurnRunner
from tui.turn_spec import TurnFinished, TurnOutcome, TurnSpec

# Reasoning paced at 50 pieces a second, then the answer as fast as it comes.
PACED = "sim/reasoning:reasoning_tokens=15,reasoning_tps=50,tokens=20"


async def run_all(runner: TurnRunner, spec: TurnSpec) -> list:
    async with aclosing(runner.run(spec)) as events:
        return [event async for event in events]


def outcome_of(events: list) -> TurnOutcome:
    assert isinstance(events[-1], TurnFinished)
    return events[-1].outcome


@pytest.mark.parametrize(
    ("model", "types"),
    [
        ("sim/reasoning", [TEXT]),
        ("sim/reasoning-summary", [SUMMARY]),
        ("sim/reasoning-encrypted", [SUMMARY, ENCRYPTED]),
    ],
)
@pytest.mark.parametrize("stream", [True, False])
async def test_reasoning_its_blocks_and_tokens_are_stored(client, store, model, types, stream):
    events = await run_all(TurnRunner(client, store), TurnSpec(model, "think", stream=stream))
    outcome = outcome_of(events)
    shown = "".join(e.text for e in events if isinstance(e, ReasoningDelta))
    assert outcome.reasoning == shown != ""
    assert [d.type for d in outcome.reasoning_details] == types
    assert outcome.reasoning_tokens and outcome.reasoning_tokens == outcome.usage.reasoning_tokens
    stored = (await store.messages(outcome.conversation_id))[-1]
    assert stored.reasoning == shown and stored.reasoning_tokens == outcome.reasoning_tokens
    assert [d["type"] for d in stored.reasoning_details] == types
    assert stored.reasoning_details == [d.to_json() for d in outcome.reasoning_details]


async def test_encrypted_data_is_stored_but_never_in_the_reasoning_text(client, store):
    outcome = outcome_of(
        await run_all(TurnRunner(client, store), TurnSpec("sim/reasoning-encrypted", "x"))
    )
    stored = (await store.messages(outcome.conversation_id))[-1]
    [blob] = [d["data"] for d in stored.reasoning_details if d["type"] == ENCRYPTED]
    assert blob and blob not in stored.reasoning and blob not in stored.content


async def test_reasoning_time_runs_from_the_first_thought_to_the_first_answer(client, store):
    outcome = outcome_of(await run_all(TurnRunner(client, store), TurnSpec(PACED, "x")))
    # 15 pieces, 1/50 s apart: at least 14 gaps between the first and the answer.
    assert outcome.reasoning_seconds is not None
    assert 0.25 <= outcome.reasoning_seconds <= outcome.duration
    stored = (await store.messages(outcome.conversation_id))[-1]
    assert stored.reasoning_ms == pytest.approx(outcome.reasoning_seconds * 1000)


async def test_an_answer_without_reasoning_has_no_reasoning_time(client, store):
    outcome = outcome_of(await run_all(TurnRunner(client, store), TurnSpec("sim/normal", "x")))
    assert outcome.reasoning_seconds is None and outcome.reasoning_details == ()
    stored = (await store.messages(outcome.conversation_id))[-1]
    assert stored.reasoning_ms is None and stored.reasoning_details is None


async def test_a_later_turn_sends_no_reasoning_back_without_a_tool_loop(client, store, simulator):
    runner = TurnRunner(client, store)
    first = outcome_of(await run_all(runner, TurnSpec("sim/reasoning", "one")))
    await run_all(runner, TurnSpec("sim/echo", "two", conversation_id=first.conversation_id))
    sent = simulator.last_request().body["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "user"]
    assert sent[1] == {"role": "assistant", "content": first.content}


async def test_the_reasoning_parameter_goes_out_with_the_turn(client, simulator):
    wish = {"effort": "high", "exclude": True}
    spec = TurnSpec("sim/reasoning", "x", params={"reasoning": wish}, save=False)
    outcome = outcome_of(await run_all(TurnRunner(client, None), spec))
    assert simulator.last_request().body["reasoning"] == wish
    assert outcome.reasoning == "" and outcome.reasoning_tokens


async def test_the_progress_phase_is_thinking_until_the_answer_begins(client):
    runner = TurnRunner(client, None)
    progress = StreamProgress(0.0)
    seen: list[tuple[str, str]] = []
    clock = 0.0
    spec = TurnSpec("sim/reasoning-encrypted", "x", save=False)
    async with aclosing(runner.run(spec)) as events:
        async for event in events:
            if isinstance(event, TurnFinished):
                break
            clock += 1.0  # one second per event: a clock the test controls
            progress.on_event(event, clock)
            if isinstance(event, ReasoningDelta | ReasoningDetails | ContentDelta):
                seen.append((type(event).__name__, progress.phase))
    kinds = [kind for kind, _ in seen]
    first_answer = kinds.index("ContentDelta")
    assert {phase for _, phase in seen[:first_answer]} == {"thinking"}
    assert {phase for _, phase in seen[first_answer:]} == {"streaming"}
    assert progress.thought_for(clock + 100) == progress.thinking_until - progress.thinking_since


def test_the_status_says_thinking_and_for_how_long():
    progress = StreamProgress(0.0)
    progress.on_event(ReasoningDelta("hmm"), 2.0)
    assert progress.describe(10.0) == "thinking · 8 s"
    assert progress.header_mark(10.0) == "thinking…"
    progress.on_event(ContentDelta("Answer"), 14.0)
    assert progress.phase == "streaming" and progress.thought_for(99.0) == 12.0
    assert progress.reasoning_deltas == 1 and progress.deltas == 2
