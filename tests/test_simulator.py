"""The OpenRouter simulator, byte by byte: scenarios, recording, side endpoints, lifecycle."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tui.simulator import RecordedRequest, Simulator

FAST = "keepalive_interval=0.01"
KEEPALIVE = b": OPENROUTER PROCESSING\n\n"
SHORT_READ = httpx.Timeout(5.0, read=0.3)
GOOD_KEY = {"Authorization": "Bearer sk-or-v1-good"}


# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shared_http(simulator_session: Simulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=simulator_session.base_url, timeout=10) as client:
        yield client


@pytest.fixture
def http(simulator: Simulator, shared_http: httpx.Client) -> httpx.Client:
    """A client of the session's simulator, whose records start empty."""
    return shared_http


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


# -- failures inside a 200 stream ---------------------------------------------------------------


def test_mid_error_sends_content_then_an_error_chunk_and_no_done(http):
    raw = post(http, "sim/mid-error").content
    items = chunks(raw)
    assert content(items) and "[DONE]" not in datas(raw)
    last = items[-1]
    assert last["error"] == {
        "code": "server_error",
        "message": "Provider disconnected unexpectedly",
    }
    assert last["choices"][0]["finish_reason"] == "error"


def test_mid_error_null_finishes_with_length_then_errors_with_a_null_reason(http):
    items = chunks(post(http, "sim/mid-error-null").content)
    assert items[-2]["choices"][0]["finish_reason"] == "length"
    assert "error" in items[-1] and items[-1]["choices"][0]["finish_reason"] is None


def test_drop_closes_the_connection_in_the_middle_of_the_body(http):
    received = b""
    request = {"json": _body("sim/drop")}
    with (
        pytest.raises(httpx.RemoteProtocolError),
        http.stream("POST", "/chat/completions", **request) as r,
    ):
        for piece in r.iter_raw():
            received += piece
    assert b'"content":' in received and b"[DONE]" not in received


def test_drop_before_closes_the_connection_before_any_response(http):
    with pytest.raises(httpx.RemoteProtocolError):
        post(http, "sim/drop-before")


def test_truncated_json_puts_one_unparseable_event_among_valid_ones(http):
    raw = post(http, "sim/truncated-json").content
    bad = [d for d in datas(raw) if d != "[DONE]" and not _parses(d)]
    assert len(bad) == 1 and datas(raw)[-1] == "[DONE]"


def test_no_done_ends_the_body_after_the_finish_chunk(http):
    raw = post(http, "sim/no-done").content
    assert "[DONE]" not in datas(raw)
    assert chunks(raw)[-1]["choices"][0]["finish_reason"] == "stop"


def test_no_finish_ends_the_body_with_neither_finish_reason_nor_done(http):
    raw = post(http, "sim/no-finish").content
    items = chunks(raw)
    assert content(items) and "[DONE]" not in datas(raw)
    assert all(c["choices"][0]["finish_reason"] is None for c in items)


# -- HTTP errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [400, 401, 402, 403, 404, 408, 413, 429, 500, 502, 503])
def test_http_scenarios_answer_with_openrouters_json_error(http, status):
    response = post(http, f"sim/http-{status}")
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == status and len(error["message"]) > 10


def test_a_402_talks_about_credits(http):
    assert "credits" in post(http, "sim/http-402").json()["error"]["message"]


def test_a_401_says_no_auth_credentials_were_found(http):
    assert post(http, "sim/http-401").json()["error"]["message"] == "No auth credentials found"


def test_a_429_carries_retry_after(http):
    assert post(http, "sim/http-429").headers["retry-after"] == "1"
    assert post(http, "sim/http-429:retry_after=7").headers["retry-after"] == "7"


def test_html_scenarios_answer_with_an_html_page(http):
    response = post(http, "sim/html-502")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert response.text.startswith("<!DOCTYPE html>") and "502 Bad Gateway" in response.text


def test_flaky_fails_the_first_n_requests_then_answers(http):
    statuses = [post(http, "sim/flaky-503:fail=2").status_code for _ in range(3)]
    assert statuses == [503, 503, 200]


def test_a_flaky_429_carries_retry_after(http):
    assert post(http, "sim/flaky-429:fail=1").headers["retry-after"] == "1"


def test_flaky_drop_loses_the_first_connections_then_answers(http):
    with pytest.raises(httpx.RemoteProtocolError):
        post(http, "sim/flaky-drop:fail=1")
    assert post(http, "sim/flaky-drop:fail=1").status_code == 200


def test_reset_forgets_the_flaky_counters(http, simulator):
    post(http, "sim/flaky-500:fail=1")
    simulator.reset()
    assert post(http, "sim/flaky-500:fail=1").status_code == 500


# -- framing and content variants -------------------------------------------------------------


def test_split_utf8_cuts_writes_inside_multibyte_characters(http):
    pieces = []
    with http.stream("POST", "/chat/completions", json=_body("sim/split-utf8")) as response:
        pieces = list(response.iter_raw())
    assert any(not _decodes(piece) for piece in pieces)
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
    request = {"json": _body("sim/stall"), "timeout": SHORT_READ}
    with pytest.raises(httpx.ReadTimeout), http.stream("POST", "/chat/completions", **request) as r:
        for piece in r.iter_raw():
            received += piece
    assert len(chunks(received)) == 1


def test_stall_before_sends_no_headers_at_all(http, simulator):
    with pytest.raises(httpx.ReadTimeout):
        post(http, "sim/stall-before", timeout=SHORT_READ)
    assert simulator.last_request().status is None


# -- bad model ids -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "named"),
    [
        ("sim/slow:tps=abc", "tps=abc"),
        ("sim/slow:tps=0", "tps"),
        ("sim/long:tokens=-3", "tokens"),
        ("sim/normal:colour=blue", "colour"),
        ("sim/normal:tokens", "tokens"),
        ("sim/teleport", "teleport"),
        ("sim/http-abc", "http-"),
    ],
)
def test_a_malformed_scenario_is_a_400_naming_the_culprit(http, model, named):
    response = post(http, model)
    assert response.status_code == 400
    assert named in response.json()["error"]["message"]


def test_a_request_without_messages_is_a_400(http):
    response = http.post("/chat/completions", json={"model": "sim/normal"})
    assert response.status_code == 400
    assert "messages" in response.json()["error"]["message"]


# -- the record --------------------------------------------------------------------------------


def test_a_request_is_recorded_with_lowercased_headers_and_parsed_body(http, simulator):
    http.post(
        "/chat/completions?x=1",
        json=_body("sim/normal", stream=False),
        headers={"Authorization": "Bearer sk-test", "X-Title": "Parley"},
    )
    record = simulator.last_request()
    assert isinstance(record, RecordedRequest)
    assert (record.method, record.path, record.query) == (
        "POST",
        "/api/v1/chat/completions",
        {"x": "1"},
    )
    assert record.headers["authorization"] == "Bearer sk-test"
    assert record.headers["x-title"] == "Parley"
    assert record.body == _body("sim/normal", stream=False)
    assert json.loads(record.raw_body) == record.body
    assert record.status == 200


def test_a_complete_reply_records_ordered_times_and_no_disconnect(http, simulator):
    post(http, "sim/normal")
    record = simulator.last_request()
    assert record.received_at <= record.first_byte_at <= record.finished_at
    assert record.disconnected_at is None
    assert simulator.wait_for_disconnect(record.id, timeout=5) is None


def test_a_client_leaving_mid_stream_is_recorded_as_disconnected(http, simulator):
    with http.stream("POST", "/chat/completions", json=_body("sim/slow:tps=50")) as response:
        next(response.iter_raw())
    record = simulator.last_request()
    when = simulator.wait_for_disconnect(record.id)
    assert when is not None and when >= record.received_at
    after = simulator.last_request()
    assert after.disconnected_at == when and after.finished_at is None


def test_the_disconnect_is_recorded_within_50_ms_of_the_socket_closing(simulator):
    port = int(simulator.base_url.split(":")[2].split("/")[0])
    body = json.dumps(_body("sim/stall")).encode()
    request = (
        b"POST /api/v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    )
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(request)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        [record] = simulator.wait_for_requests(1)
        closed_at = time.monotonic()
    when = simulator.wait_for_disconnect(record.id)
    assert when is not None and 0 <= when - closed_at < 0.05


def test_requests_are_recorded_in_arrival_order_with_distinct_ids(http, simulator):
    post(http, "sim/normal", stream=False)
    http.get("/models")
    records = simulator.wait_for_requests(2)
    assert [r.path for r in records] == ["/api/v1/chat/completions", "/api/v1/models"]
    assert records[0].id < records[1].id


def test_reset_forgets_the_records(http, simulator):
    http.get("/models")
    simulator.reset()
    assert simulator.requests() == [] and simulator.last_request() is None


# -- /models, /key, /generation ----------------------------------------------------------------


def test_models_lists_real_models_and_the_scenarios(http):
    data = {m["id"]: m for m in http.get("/models").json()["data"]}
    gpt = data["openai/gpt-4o"]
    assert isinstance(gpt["pricing"]["prompt"], str) and float(gpt["pricing"]["completion"]) > 0
    assert gpt["context_length"] == 128000 and gpt["architecture"]["tokenizer"] == "GPT"
    assert (
        gpt["top_provider"]["max_completion_tokens"]
        and "temperature" in (gpt["supported_parameters"])
    )
    assert "meta-llama/llama-3.1-8b-instruct:free" in data and "deepseek/deepseek-r1" in data
    assert "sim/normal" in data and "sim/long" in data


def test_key_reports_label_usage_and_limits(http):
    post(http, "sim/normal", stream=False)
    data = http.get("/key", headers={"Authorization": "Bearer sk-or-v1-0123456789abcdef"}).json()
    info = data["data"]
    assert info["label"].startswith("sk-or-v1-0") and "abcdef" not in info["label"]
    assert info["usage"] > 0 and info["limit_remaining"] == pytest.approx(
        info["limit"] - info["usage"]
    )
    assert info["is_free_tier"] is False


def test_generation_reports_a_generated_answer(http):
    body = whole(http, "sim/normal")
    data = http.get("/generation", params={"id": body["id"]}).json()["data"]
    assert data["id"] == body["id"] and data["model"] == "sim/normal"
    assert data["tokens_completion"] == body["usage"]["completion_tokens"]
    assert data["total_cost"] == body["usage"]["cost"]
    assert data["finish_reason"] == "stop"


def test_generation_of_an_unknown_id_is_a_404(http):
    response = http.get("/generation", params={"id": "gen-0-nothing"})
    assert response.status_code == 404 and response.json()["error"]["code"] == 404


# -- require_key, time_scale, lifecycle --------------------------------------------------------


@pytest.fixture(scope="module")
def locked() -> Iterator[Simulator]:
    with Simulator(require_key="sk-or-v1-good", time_scale=0.0) as sim:
        yield sim


@pytest.mark.parametrize(
    ("headers", "message"),
    [({}, "No auth credentials found"), ({"Authorization": "Bearer sk-bad"}, "Invalid API key")],
)
def test_require_key_refuses_a_missing_or_wrong_key(http, locked, headers, message):
    response = post(http, "sim/normal", path=locked.base_url + "/chat/completions", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["message"].startswith(message)


def test_require_key_accepts_the_right_key(http, locked):
    url = locked.base_url + "/chat/completions"
    assert post(http, "sim/normal", path=url, headers=GOOD_KEY).status_code == 200


def test_require_key_leaves_the_public_model_list_open(http, locked):
    assert http.get(locked.base_url + "/models").status_code == 200


def test_time_scale_shrinks_every_delay(http, locked):
    url = locked.base_url + "/chat/completions"
    raw = post(http, "sim/stall:stall=30", path=url, headers=GOOD_KEY, timeout=SHORT_READ).content
    assert datas(raw)[-1] == "[DONE]"


def test_the_context_manager_stops_listening_on_exit(http):
    with Simulator() as sim:
        port = sim.port
        assert http.get(sim.base_url + "/models").status_code == 200
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_python_m_tui_simulator_serves_until_stopped(http):
    command = [sys.executable, "-m", "tui.simulator", "--port", "0"]
    root = Path(__file__).resolve().parents[1]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=root) as process:
        try:
            assert process.stdout is not None
            url = re.search(r"http://\S+/api/v1", process.stdout.readline()).group(0)
            assert http.get(url + "/models").status_code == 200
        finally:
            process.terminate()


# -- tiny helpers ------------------------------------------------------------------------------


def _body(model: str, *, stream: bool = True) -> dict:
    return {"model": model, "messages": [{"role": "user", "content": "Hi"}], "stream": stream}


def _parses(data: str) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def _decodes(piece: bytes) -> bool:
    try:
        piece.decode()
    except UnicodeDecodeError:
        return False
    return True
