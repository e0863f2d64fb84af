"""The simulator's normal answers: their exact shape, /completions and /v1, keep-alives."""

from __future__ import annotations

import re

import pytest

from .replies import FAST, KEEPALIVE, blocks, chunks, content, content_chunks, datas, post, whole

# -- the normal answer -----------------------------------------------------------------------


def test_a_demo_stream_echoes_the_model_and_ends_with_done(http):
    raw = post(http, "openai/gpt-4o").content
    items = chunks(raw)
    assert datas(raw)[-1] == "[DONE]"
    assert {c["model"] for c in items} == {"openai/gpt-4o"}
    assert {c["object"] for c in items} == {"chat.completion.chunk"}
    assert {c["provider"] for c in items} == {"OpenAI"}
    assert len({c["id"] for c in items}) == 1


def test_a_content_chunk_has_openrouters_exact_shape(http):
    first = chunks(post(http, "sim/normal").content)[0]
    assert list(first) == ["id", "provider", "model", "object", "created", "choices"]
    assert first["choices"][0] == {
        "index": 0,
        "delta": {"role": "assistant", "content": first["choices"][0]["delta"]["content"]},
        "finish_reason": None,
        "native_finish_reason": None,
        "logprobs": None,
    }
    assert first["choices"][0]["delta"]["content"]


def test_generation_ids_look_like_openrouters(http):
    first = chunks(post(http, "sim/normal").content)[0]
    assert re.fullmatch(r"gen-\d+-[0-9a-f]+", first["id"])


def test_the_last_chunk_finishes_with_stop_and_carries_usage_with_cost(http):
    last = chunks(post(http, "sim/normal").content)[-1]
    assert last["choices"][0]["finish_reason"] == "stop"
    assert last["choices"][0]["native_finish_reason"] == "stop"
    usage = last["usage"]
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    assert usage["cost"] > 0


def test_completion_tokens_count_the_content_pieces_sent(http):
    items = chunks(post(http, "sim/normal").content)
    assert items[-1]["usage"]["completion_tokens"] == len(content_chunks(items))


def test_a_stream_and_a_whole_answer_carry_the_same_text(http):
    streamed = content(chunks(post(http, "sim/normal", "Which keys can I press?").content))
    body = whole(http, "sim/normal", "Which keys can I press?")
    assert streamed == body["choices"][0]["message"]["content"]


def test_a_whole_answer_is_one_chat_completion_object(http):
    body = whole(http, "openai/gpt-4o")
    assert body["object"] == "chat.completion"
    assert body["id"].startswith("gen-") and body["model"] == "openai/gpt-4o"
    assert body["provider"] == "OpenAI"
    choice = body["choices"][0]
    assert choice["message"]["role"] == "assistant" and choice["message"]["content"]
    assert (choice["finish_reason"], choice["native_finish_reason"]) == ("stop", "stop")
    assert body["usage"]["completion_tokens"] > 0 and "cost" in body["usage"]


def test_the_demo_answer_is_helpful_markdown_about_parley(http):
    text = whole(http, "openai/gpt-4o")["choices"][0]["message"]["content"]
    assert text.startswith("## ") and "\n- " in text and "```shell" in text
    assert "**" in text and "`ctrl+j`" in text and "Parley" in text
    assert "lorem" not in text.lower()


@pytest.mark.parametrize(
    ("prompt", "expected"),
    [
        ("How do I set my API key?", "OPENROUTER_API_KEY"),
        ("Which keyboard shortcuts are there?", "ctrl+p"),
        ("Can I use parley ask in a shell script?", "parley ask"),
        ("How do I compare two models side by side?", "--compare"),
        ("Does it work with Ollama on localhost?", "--base-url"),
        ("Show me a Python example", "```python"),
    ],
)
def test_the_demo_answer_follows_the_topic_of_the_prompt(http, prompt, expected):
    assert expected in whole(http, "openai/gpt-4o", prompt)["choices"][0]["message"]["content"]


def test_max_tokens_cuts_the_answer_with_finish_reason_length(http):
    items = chunks(post(http, "sim/normal", max_tokens=5).content)
    assert len(content_chunks(items)) == 5
    assert items[-1]["choices"][0]["finish_reason"] == "length"


# -- /completions and /v1 ----------------------------------------------------------------------


def test_legacy_completions_stream_text_chunks(http):
    raw = post(http, "sim/normal", "Once upon a time", path="/completions").content
    items = chunks(raw)
    assert {c["object"] for c in items} == {"text_completion"}
    assert "".join(c["choices"][0]["text"] for c in items)
    assert items[-1]["choices"][0]["finish_reason"] == "stop" and "usage" in items[-1]
    assert datas(raw)[-1] == "[DONE]"


def test_legacy_completions_answer_whole_with_text(http):
    response = post(http, "sim/echo", "Once upon a time", stream=False, path="/completions")
    body = response.json()
    assert body["object"] == "text_completion"
    assert body["choices"][0]["text"] == "Once upon a time"


def test_the_api_is_also_served_under_v1(http, simulator):
    base = simulator.base_url.replace("/api/v1", "/v1")
    assert post(http, "sim/normal", stream=False, path=base + "/chat/completions").is_success
    assert http.get(base + "/models").status_code == 200
    assert simulator.last_request().path == "/v1/models"


def test_an_unknown_path_is_a_404_json_error(http):
    response = http.get("/nowhere")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == 404


# -- keep-alives ---------------------------------------------------------------------------------


def test_keepalive_comments_come_before_the_first_token(http):
    raw = post(http, f"sim/keepalive:{FAST}").content
    assert raw.startswith(KEEPALIVE * 3 + b"data: {")


def test_keepalives_option_sets_how_many(http):
    raw = post(http, f"sim/keepalive:keepalives=5,{FAST}").content
    assert raw.startswith(KEEPALIVE * 5 + b"data: {")


def test_keepalive_between_also_puts_comments_between_data_chunks(http):
    raw = post(http, f"sim/keepalive-between:{FAST}").content
    items = blocks(raw)
    first_data = next(i for i, b in enumerate(items) if b.startswith("data: "))
    between = items[first_data:].count(": OPENROUTER PROCESSING")
    assert between == len(content_chunks(chunks(raw)))
