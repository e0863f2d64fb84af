"""The simulator's reasoning, in the shapes OpenRouter sends it, paced, and as a request asks."""

from __future__ import annotations

import time

import pytest

from tests.sim.replies import chunks, post


def _deltas(items: list[dict]) -> list[dict]:
    return [c["choices"][0]["delta"] for c in items if c["choices"]]


def _details(deltas: list[dict]) -> list[dict]:
    return [item for d in deltas for item in d.get("reasoning_details") or []]


def _content(deltas: list[dict]) -> str:
    return "".join(d.get("content") or "" for d in deltas)


def test_text_reasoning_sends_reasoning_and_text_details_then_a_signature(http):
    deltas = _deltas(chunks(post(http, "sim/reasoning").content))
    details = _details(deltas)
    texts = [d["text"] for d in details if d["type"] == "reasoning.text"]
    streamed = "".join(d.get("reasoning") or "" for d in deltas)
    assert streamed and "".join(texts) == streamed
    assert details[-1]["signature"] and details[-1]["text"] == ""


def test_summary_models_send_only_summary_details(http):
    items = chunks(post(http, "sim/reasoning-summary").content)
    deltas = _deltas(items)
    details = _details(deltas)
    assert details and {d["type"] for d in details} == {"reasoning.summary"}
    assert not any("reasoning" in d for d in deltas)
    assert "".join(d["summary"] for d in details)
    assert items[-1]["usage"]["completion_tokens_details"]["reasoning_tokens"] == len(details)


def test_encrypted_reasoning_is_data_only_after_the_summaries(http):
    deltas = _deltas(chunks(post(http, "sim/reasoning-encrypted").content))
    details = _details(deltas)
    encrypted = [d for d in details if d["type"] == "reasoning.encrypted"]
    assert len(encrypted) == 1 and encrypted[0] is details[-1]
    assert encrypted[0]["data"] and "text" not in encrypted[0] and "summary" not in encrypted[0]
    assert encrypted[0]["data"] not in _content(deltas)


@pytest.mark.parametrize(
    ("model", "text", "types"),
    [
        ("sim/reasoning", True, ["reasoning.text"]),
        ("sim/reasoning-summary", False, ["reasoning.summary"]),
        ("sim/reasoning-encrypted", False, ["reasoning.summary", "reasoning.encrypted"]),
    ],
)
def test_whole_answers_carry_reasoning_and_its_details(http, model, text, types):
    body = post(http, model, stream=False).json()
    message = body["choices"][0]["message"]
    assert [d["type"] for d in message["reasoning_details"]] == types
    assert bool(message["reasoning"]) is text
    assert body["usage"]["completion_tokens_details"]["reasoning_tokens"] > 0


def test_legacy_completions_carry_reasoning_beside_the_text(http):
    items = chunks(post(http, "sim/reasoning", "Think", path="/completions").content)
    choices = [c["choices"][0] for c in items if c["choices"]]
    assert "".join(c.get("reasoning") or "" for c in choices)
    assert any(c.get("reasoning_details") for c in choices)
    reply = post(http, "sim/reasoning", "Think", path="/completions", stream=False)
    whole = reply.json()["choices"][0]
    assert whole["reasoning"] and whole["reasoning_details"][0]["type"] == "reasoning.text"


def test_reasoning_and_answer_lengths_are_exact(http):
    items = chunks(post(http, "sim/reasoning:reasoning_tokens=300,tokens=500").content)
    deltas = _deltas(items)
    reasoning = [d for d in deltas if d.get("reasoning")]
    answer = [d for d in deltas if d.get("content")]
    assert (len(reasoning), len(answer)) == (300, 500)
    usage = items[-1]["usage"]
    assert usage["completion_tokens_details"]["reasoning_tokens"] == 300
    assert usage["completion_tokens"] == 800


def test_any_scenario_reasons_when_given_reasoning_tokens(http):
    deltas = _deltas(chunks(post(http, "sim/normal:reasoning_tokens=7").content))
    assert len([d for d in deltas if d.get("reasoning")]) == 7


def test_reasoning_is_paced_at_its_own_rate(http):
    # 20 pieces at 40/s take at least 0.5 s; the answer after them is not paced.
    started = time.monotonic()
    response = post(http, "sim/reasoning:reasoning_tokens=20,reasoning_tps=40,tokens=5")
    assert time.monotonic() - started >= 0.45
    assert len([d for d in _deltas(chunks(response.content)) if d.get("reasoning")]) == 20


def test_the_reasoning_request_field_is_recorded_and_obeyed(http, simulator):
    wish = {"effort": "high", "max_tokens": 3, "exclude": False, "enabled": True}
    deltas = _deltas(chunks(post(http, "sim/reasoning", reasoning=wish).content))
    assert simulator.last_request().body["reasoning"] == wish
    assert len([d for d in deltas if d.get("reasoning")]) == 3


def test_exclude_keeps_the_reasoning_out_but_counts_it(http):
    items = chunks(post(http, "sim/reasoning", reasoning={"exclude": True}).content)
    assert not _details(_deltas(items))
    assert items[-1]["usage"]["completion_tokens_details"]["reasoning_tokens"] > 0
    reply = post(http, "sim/reasoning", stream=False, reasoning={"exclude": True})
    whole = reply.json()
    assert whole["choices"][0]["message"]["reasoning"] is None


def test_disabled_reasoning_is_not_done(http):
    items = chunks(post(http, "sim/reasoning", reasoning={"enabled": False}).content)
    assert not _details(_deltas(items))
    assert items[-1]["usage"]["completion_tokens_details"]["reasoning_tokens"] == 0


@pytest.mark.parametrize("option", ["reasoning_tokens=-1", "reasoning_tps=0"])
def test_bad_reasoning_options_are_refused(http, option):
    response = post(http, f"sim/reasoning:{option}")
    assert response.status_code == 400
    assert option.partition("=")[0] in response.json()["error"]["message"]


def test_reasoning_scenarios_list_reasoning_among_their_parameters(http):
    models = {m["id"]: m for m in http.get("/models").json()["data"]}
    assert "reasoning" in models["sim/reasoning"]["supported_parameters"]
    assert "include_reasoning" in models["sim/reasoning-summary"]["supported_parameters"]
    assert "reasoning" not in models["sim/normal"]["supported_parameters"]
