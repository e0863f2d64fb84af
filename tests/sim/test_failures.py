"""The simulator's failures: broken 200 streams, HTTP errors, flaky scenarios, bad ids."""

from __future__ import annotations

import httpx
import pytest

from .replies import body_of, chunks, content, datas, parses, post

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


def test_drop_closes_the_connection_in_the_middle_of_thebody_of(http):
    received = b""
    request = {"json": body_of("sim/drop")}
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
    bad = [d for d in datas(raw) if d != "[DONE]" and not parses(d)]
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
