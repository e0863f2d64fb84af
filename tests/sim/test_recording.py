"""What the simulator records of each request, and its side endpoints /models, /key, /generation."""

from __future__ import annotations

import json
import socket
import time

import pytest

from tui.simulator import RecordedRequest

from .replies import body_of, post, whole

# -- the record --------------------------------------------------------------------------------


def test_a_request_is_recorded_with_lowercased_headers_and_parsed_body(http, simulator):
    http.post(
        "/chat/completions?x=1",
        json=body_of("sim/normal", stream=False),
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
    assert record.body == body_of("sim/normal", stream=False)
    assert json.loads(record.raw_body) == record.body
    assert record.status == 200


def test_a_complete_reply_records_ordered_times_and_no_disconnect(http, simulator):
    post(http, "sim/normal")
    record = simulator.last_request()
    assert record.received_at <= record.first_byte_at <= record.finished_at
    assert record.disconnected_at is None
    assert simulator.wait_for_disconnect(record.id, timeout=5) is None


def test_a_client_leaving_mid_stream_is_recorded_as_disconnected(http, simulator):
    with http.stream("POST", "/chat/completions", json=body_of("sim/slow:tps=50")) as response:
        next(response.iter_raw())
    record = simulator.last_request()
    when = simulator.wait_for_disconnect(record.id)
    assert when is not None and when >= record.received_at
    after = simulator.last_request()
    assert after.disconnected_at == when and after.finished_at is None


def test_a_silent_reply_still_records_the_client_closing_its_socket(simulator):
    """A stalled reply writes nothing that could fail: the close is seen on its own (how soon
    is a figure of ``tests/bench/bench_cancel.py``)."""
    port = int(simulator.base_url.split(":")[2].split("/")[0])
    body = json.dumps(body_of("sim/stall")).encode()
    request = (
        b"POST /api/v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
        b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body)
    )
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(request)
        assert sock.recv(65536).startswith(b"HTTP/1.1 200")
        [record] = simulator.wait_for_requests(1)
        closed_at = time.monotonic()
    when = simulator.wait_for_disconnect(record.id, timeout=10)
    assert when is not None and when >= closed_at
    assert simulator.last_request().finished_at is None


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
