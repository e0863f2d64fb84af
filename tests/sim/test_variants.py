"""The simulator's framing and content variants: split UTF-8, line ends, reasoning, pace."""

from __future__ import annotations

import json

import httpx
import pytest

from .replies import SHORT_READ, body_of, chunks, content, content_chunks, decodes, post, whole

# -- framing and content variants -------------------------------------------------------------


def test_split_utf8_cuts_writes_inside_multibyte_characters(http):
    pieces = []
    with http.stream("POST", "/chat/completions", json=body_of("sim/split-utf8")) as response:
        pieces = list(response.iter_raw())
    assert any(not decodes(piece) for piece in pieces)
    text = content(chunks(b"".join(pieces)))
    assert "東京" in text and "🚀" in text and "naïve" in text


@pytest.mark.parametrize(("model", "eol"), [("sim/crlf", b"\r\n"), ("sim/cr", b"\r")])
def test_crlf_and_cr_frame_every_event_with_those_line_ends(http, model, eol):
    raw = post(http, model).content
    events = raw.split(eol * 2)
    assert events[-2] == b"data: [DONE]" and events[-1] == b""
    assert b"\n" not in raw.replace(b"\r\n", b"")


def test_reasoning_deltas_come_first_and_are_counted(http):
    items = chunks(post(http, "sim/reasoning").content)
    first = items[0]["choices"][0]["delta"]
    assert first["reasoning"] and first["reasoning_details"][0]["type"] == "reasoning.text"
    reasoning = [c for c in items if c["choices"][0]["delta"].get("reasoning")]
    first_content = items.index(content_chunks(items)[0])
    assert items.index(reasoning[-1]) < first_content
    usage = items[-1]["usage"]
    assert usage["completion_tokens_details"]["reasoning_tokens"] == len(reasoning)
    assert usage["completion_tokens"] == len(reasoning) + len(content_chunks(items))


def test_a_whole_reasoning_answer_carries_the_reasoning(http):
    message = whole(http, "sim/reasoning")["choices"][0]["message"]
    assert message["reasoning"] and message["content"]


def test_long_answers_have_exactly_the_requested_tokens_of_varied_markdown(http):
    items = chunks(post(http, "sim/long:tokens=600").content)
    assert len(content_chunks(items)) == 600 == items[-1]["usage"]["completion_tokens"]
    text = content(items)
    assert "\n## " in text or "\n### " in text
    assert "```python" in text and "\n- " in text


def test_long_defaults_to_twenty_thousand_tokens(http):
    assert whole(http, "sim/long")["usage"]["completion_tokens"] == 20000


def test_usage_after_finish_comes_in_a_chunk_without_choices(http):
    items = chunks(post(http, "sim/usage-after-finish").content)
    assert items[-2]["choices"][0]["finish_reason"] == "stop" and "usage" not in items[-2]
    assert items[-1]["choices"] == [] and items[-1]["usage"]["completion_tokens"]


def test_usage_null_finish_repeats_the_choice_with_a_null_reason(http):
    items = chunks(post(http, "sim/usage-null-finish").content)
    assert items[-2]["choices"][0]["finish_reason"] == "stop"
    assert items[-1]["choices"][0]["finish_reason"] is None and "usage" in items[-1]


def test_role_first_sends_a_chunk_with_only_the_role(http):
    items = chunks(post(http, "sim/role-first").content)
    assert items[0]["choices"][0]["delta"] == {"role": "assistant"}
    assert items[1]["choices"][0]["delta"]["content"]


def test_fallback_chunks_name_another_model_and_provider(http):
    items = chunks(post(http, "sim/fallback").content)
    assert {(c["model"], c["provider"]) for c in items} == {
        ("anthropic/claude-3.5-sonnet", "Anthropic")
    }


def test_tools_mix_tool_calls_annotations_and_reasoning_details_with_content(http):
    items = chunks(post(http, "sim/tools").content)
    deltas = [c["choices"][0]["delta"] for c in items]
    assert any("reasoning_details" in d for d in deltas)
    assert any("annotations" in d for d in deltas)
    calls = [d["tool_calls"][0] for d in deltas if "tool_calls" in d]
    assert calls[0]["function"]["name"] == "get_weather"
    args = "".join(call["function"]["arguments"] for call in calls)
    assert json.loads(args) == {"city": "Paris", "unit": "celsius"}
    assert content(items) and items[-1]["choices"][0]["finish_reason"] == "tool_calls"


def test_length_finishes_with_length_and_a_native_max_tokens(http):
    choice = chunks(post(http, "sim/length").content)[-1]["choices"][0]
    assert (choice["finish_reason"], choice["native_finish_reason"]) == ("length", "MAX_TOKENS")


def test_echo_answers_with_the_last_message_verbatim(http):
    text = "Repeat *this*  exactly\nplease 🙂"
    assert content(chunks(post(http, "sim/echo", text).content)) == text


def test_slow_trickles_at_the_requested_pace(http, simulator):
    items = chunks(post(http, "sim/slow:tps=200,tokens=20").content)
    record = simulator.last_request()
    assert len(content_chunks(items)) == 20
    # A lower bound only: the server can never be faster than its pace.
    assert record.finished_at - record.first_byte_at >= 0.9 * 19 / 200


def test_stall_sends_one_chunk_then_nothing(http):
    received = b""
    request = {"json": body_of("sim/stall"), "timeout": SHORT_READ}
    with pytest.raises(httpx.ReadTimeout), http.stream("POST", "/chat/completions", **request) as r:
        for piece in r.iter_raw():
            received += piece
    assert len(chunks(received)) == 1


def test_stall_before_sends_no_headers_at_all(http, simulator):
    with pytest.raises(httpx.ReadTimeout):
        post(http, "sim/stall-before", timeout=SHORT_READ)
    assert simulator.last_request().status is None
