"""`parley ask` against the simulator over loopback: output, exit codes, and what is stored."""

from __future__ import annotations

import json

import httpx
import pytest


def stored_messages(history, conversation_id: int = 1):
    return history(lambda store: store.messages(conversation_id))


def test_streams_the_answer_to_stdout_and_stores_both_messages(parley, history, simulator):
    result = parley("ask", "-m", "openai/gpt-4o", "How do I cancel a stream?")
    assert result.code == 0, result.err
    assert "Parley" in result.out
    user, assistant = stored_messages(history)
    assert (user.role, user.content) == ("user", "How do I cancel a stream?")
    assert assistant.status == "complete"
    assert assistant.content.strip() == result.out.strip()
    assert assistant.model_answered == "openai/gpt-4o"
    assert assistant.finish_reason == "stop"
    assert assistant.completion_tokens and assistant.completion_tokens > 0
    assert assistant.generation_id and assistant.generation_id.startswith("gen-")
    body = simulator.last_request().body  # before the look-up below is recorded
    served = httpx.get(
        f"{simulator.base_url}/generation", params={"id": assistant.generation_id}
    ).json()["data"]
    assert assistant.cost == served["total_cost"] and assistant.cost > 0
    assert body["stream"] is True
    assert body["messages"] == [{"role": "user", "content": "How do I cancel a stream?"}]


def test_the_conversation_is_titled_from_the_first_prompt(parley, history):
    parley("ask", "Explain   keep-alive\tcomments please\nand more")
    conversation = history(lambda store: store.get_conversation(1))
    assert conversation.title.startswith("Explain keep-alive comments")


@pytest.mark.parametrize(
    "model",
    [
        "sim/keepalive",
        "sim/keepalive-between",
        "sim/truncated-json",
        "sim/crlf",
        "sim/cr",
        "sim/usage-after-finish",
        "sim/usage-null-finish",
        "sim/role-first",
        "sim/tools",
        "sim/no-done",
        "sim/split-utf8",
    ],
)
def test_looser_real_world_streams_still_give_a_complete_answer(parley, history, model):
    streamed = parley("ask", "-m", model, "hello")
    assert streamed.code == 0, streamed.err
    whole = parley("ask", "-m", model, "--no-stream", "--no-save", "hello")
    assert whole.code == 0, whole.err
    assert streamed.out == whole.out
    assistant = stored_messages(history)[-1]
    assert assistant.status == "complete"
    assert assistant.content == streamed.out.rstrip("\n") or assistant.content == streamed.out
    assert assistant.total_tokens


def test_reasoning_is_stored_but_not_printed(parley, history):
    result = parley("ask", "-m", "sim/reasoning", "think")
    assert result.code == 0, result.err
    assistant = stored_messages(history)[-1]
    assert assistant.reasoning
    assert assistant.reasoning not in result.out
    assert assistant.reasoning_tokens


def test_a_fallback_records_the_model_and_provider_that_answered(parley, history):
    result = parley("ask", "-m", "sim/fallback", "--json", "hi")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    assert data["model"] == "anthropic/claude-3.5-sonnet"
    assert data["model_requested"] == "sim/fallback"
    assistant = stored_messages(history)[-1]
    assert (assistant.model_answered, assistant.provider) == (
        "anthropic/claude-3.5-sonnet",
        "Anthropic",
    )


@pytest.mark.parametrize(
    ("model", "code", "kind"),
    [
        ("sim/http-400", 1, "bad_request"),
        ("sim/http-401", 3, "auth"),
        ("sim/http-402", 4, "credits"),
        ("sim/http-403", 3, "auth"),
        ("sim/http-404", 1, "bad_request"),
        ("sim/http-408", 1, "timeout"),
        ("sim/http-413", 1, "bad_request"),
        ("sim/http-429:retry_after=0", 5, "rate_limit"),
        ("sim/http-500", 6, "provider"),
        ("sim/http-502:retry_after=0", 6, "provider"),
        ("sim/http-503:retry_after=0", 6, "provider"),
        ("sim/html-502:retry_after=0", 6, "provider"),
    ],
)
def test_an_http_error_exits_with_its_code_and_says_what_to_do(parley, history, model, code, kind):
    result = parley("ask", "-m", model, "hello")
    assert result.code == code
    assert result.out == ""
    status = model.split("-")[1].split(":")[0]
    first, hint = result.err.strip().splitlines()[-2:]
    assert f"HTTP {status}" in first
    assert "<" not in first  # an HTML page is summarised, never dumped
    assert hint.startswith("hint: ")
    assistant = stored_messages(history)[-1]
    assert (assistant.status, assistant.error_kind, assistant.content) == ("error", kind, "")
    assert assistant.error_status == int(status)


@pytest.mark.parametrize("model", ["sim/mid-error", "sim/mid-error-null"])
def test_a_mid_stream_error_keeps_the_text_and_exits_6(parley, history, simulator, model):
    result = parley("ask", "-m", model, "hello")
    assert result.code == 6
    assert result.out.strip()
    assert "Provider disconnected unexpectedly" in result.err
    assistant = stored_messages(history)[-1]
    assert assistant.status == "error"
    assert assistant.content.strip() == result.out.strip()
    assert len(simulator.requests()) == 1  # never retried once tokens arrived


@pytest.mark.parametrize("model", ["sim/drop", "sim/no-finish"])
def test_a_stream_cut_off_is_an_error_not_success(parley, history, simulator, model):
    result = parley("ask", "-m", model, "hello")
    assert result.code == 6
    assert result.out.strip()
    assistant = stored_messages(history)[-1]
    assert assistant.status == "error"
    assert assistant.content.strip() == result.out.strip()
    assert len(simulator.requests()) == 1


def test_length_is_a_complete_answer_with_a_note(parley, history):
    result = parley("ask", "-m", "sim/length", "hello")
    assert result.code == 0
    assert "max_tokens" in result.err
    assert stored_messages(history)[-1].finish_reason == "length"


def test_a_rate_limit_that_clears_is_retried_and_reported(parley, simulator):
    result = parley("ask", "-m", "sim/flaky-429:fail=1,retry_after=0", "hello")
    assert result.code == 0, result.err
    assert "retrying" in result.err
    assert len(simulator.requests()) == 2


def test_echo_answers_with_the_prompt(parley):
    result = parley("ask", "-m", "sim/echo", "say this back")
    assert result.out.strip() == "say this back"


def test_the_prompt_is_read_from_stdin_when_absent(parley, simulator):
    result = parley("ask", "-m", "sim/echo", stdin="from a pipe\n")
    assert result.code == 0, result.err
    assert simulator.last_request().body["messages"][-1]["content"] == "from a pipe\n"


def test_a_dash_reads_the_prompt_from_stdin(parley):
    result = parley("ask", "-m", "sim/echo", "-", stdin="dash prompt")
    assert result.out.strip() == "dash prompt"


def test_no_prompt_at_all_is_a_usage_error(parley, simulator):
    result = parley("ask", stdin="   ")
    assert result.code == 2
    assert "empty" in result.err
    assert simulator.requests() == []


def test_parameters_are_sent_as_json_values(parley, simulator):
    result = parley(
        "ask",
        "-p",
        "temperature=0.25",
        "-p",
        'logit_bias={"50256": -100}',
        "-p",
        "user=alice",
        "-p",
        'reasoning={"effort": "low"}',
        "-s",
        "Be terse.",
        "--models",
        "openai/gpt-4o,anthropic/claude-3.5-sonnet",
        "hi",
    )
    assert result.code == 0, result.err
    body = simulator.last_request().body
    assert body["temperature"] == 0.25
    assert body["logit_bias"] == {"50256": -100}
    assert body["user"] == "alice"
    assert body["reasoning"] == {"effort": "low"}
    assert body["models"] == ["openai/gpt-4o", "anthropic/claude-3.5-sonnet"]
    assert body["messages"][0] == {"role": "system", "content": "Be terse."}


@pytest.mark.parametrize(
    ("param", "words"),
    [
        ("temperature=3", "temperature"),
        ("top_p=-1", "top_p"),
        ("max_tokens=0", "max_tokens"),
        ("temprature=1", "temperature"),
        ("noequals", "KEY=VALUE"),
    ],
)
def test_a_bad_parameter_is_a_usage_error_before_any_request(parley, simulator, param, words):
    result = parley("ask", "-p", param, "hi")
    assert result.code == 2
    assert words in result.err
    assert simulator.requests() == []


def test_legacy_completion_sends_the_raw_prompt(parley, simulator):
    result = parley("ask", "--completion", "-m", "sim/echo", "Once upon a time")
    assert result.code == 0, result.err
    request = simulator.last_request()
    assert request.path.endswith("/completions") and "chat" not in request.path
    assert request.body["prompt"] == "Once upon a time"
    assert result.out.strip() == "Once upon a time"


def test_no_stream_asks_for_one_whole_reply(parley, simulator, history):
    result = parley("ask", "--no-stream", "hello")
    assert result.code == 0, result.err
    assert simulator.last_request().body["stream"] is False
    assert stored_messages(history)[-1].content.rstrip("\n") == result.out.rstrip("\n")


def test_json_prints_one_object_with_the_contract_fields(parley):
    result = parley("ask", "--json", "hello")
    assert result.code == 0, result.err
    data = json.loads(result.out)
    for key in ("content", "model", "finish_reason", "usage", "cost", "conversation_id", "status"):
        assert key in data
    assert data["status"] == "complete"
    assert data["conversation_id"] == 1
    assert data["usage"]["completion_tokens"] > 0


def test_json_reports_a_failure_with_its_error(parley):
    result = parley("ask", "--json", "-m", "sim/http-402", "hello")
    assert result.code == 4
    data = json.loads(result.out)
    assert data["status"] == "error"
    assert data["error"]["status"] == 402


def test_no_save_keeps_nothing(parley, history):
    assert parley("ask", "--no-save", "hello").code == 0
    assert history(lambda store: store.list_conversations()) == []


def test_continue_appends_to_the_last_conversation(parley, simulator, history):
    parley("ask", "-m", "sim/echo", "first")
    result = parley("ask", "--continue", "-m", "sim/echo", "second")
    assert result.code == 0, result.err
    sent = [m["content"] for m in simulator.last_request().body["messages"]]
    assert sent == ["first", "first", "second"]
    assert [m.content for m in stored_messages(history)] == ["first", "first", "second", "second"]


def test_continue_takes_the_words_after_it_as_the_prompt(parley, simulator, history):
    parley("ask", "-m", "sim/echo", "first")
    parley("ask", "-m", "sim/echo", "other")
    result = parley("ask", "-m", "sim/echo", "--continue", "And in French?")
    assert result.code == 0, result.err
    assert result.out.strip() == "And in French?"
    sent = [m["content"] for m in simulator.last_request().body["messages"]]
    assert sent == ["other", "other", "And in French?"]
    assert len(stored_messages(history, 2)) == 4


@pytest.mark.parametrize("flag", ["-c", "--continue-id"])
def test_continue_id_appends_to_that_conversation(parley, simulator, history, flag):
    parley("ask", "-m", "sim/echo", "first")
    parley("ask", "-m", "sim/echo", "other")
    result = parley("ask", "-m", "sim/echo", flag, "1", "12")
    assert result.code == 0, result.err
    sent = [m["content"] for m in simulator.last_request().body["messages"]]
    assert sent == ["first", "first", "12"]
    assert len(stored_messages(history, 1)) == 4


def test_continue_a_missing_conversation_is_a_usage_error(parley, simulator):
    result = parley("ask", "-c", "42", "hi")
    assert result.code == 2
    assert "42" in result.err
    assert simulator.requests() == []


def test_continue_with_nothing_stored_is_a_usage_error(parley, simulator):
    result = parley("ask", "--continue", "hi")
    assert result.code == 2
    assert "no stored conversation" in result.err
    assert simulator.requests() == []


def test_continue_and_continue_id_together_is_a_usage_error(parley, simulator):
    parley("ask", "-m", "sim/echo", "first")
    result = parley("ask", "--continue", "-c", "1", "hi")
    assert result.code == 2
    assert "not both" in result.err


def test_continue_id_must_be_a_number(parley, capsys):
    with pytest.raises(SystemExit) as exited:
        parley("ask", "-c", "abc", "hi")
    assert exited.value.code == 2
    assert "'abc' is not a conversation id" in capsys.readouterr().err


def test_no_key_for_openrouter_exits_3_without_a_request(parley):
    result = parley("ask", "--base-url", "https://openrouter.ai/api/v1", "hi")
    assert result.code == 3
    assert "OPENROUTER_API_KEY" in result.err


def test_a_local_server_needs_no_key_and_gets_no_authorization(parley, simulator):
    assert parley("ask", "hi").code == 0
    assert "authorization" not in simulator.last_request().headers


def test_the_key_and_attribution_headers_are_sent(parley, simulator, monkeypatch, isolated_env):
    config = isolated_env / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('site_url = "https://example.org/app"\nsite_name = "My App"\n')
    monkeypatch.setenv("PARLEY_API_KEY", "sk-or-test")
    assert parley("ask", "hi").code == 0
    headers = simulator.last_request().headers
    assert headers["authorization"] == "Bearer sk-or-test"
    assert headers["http-referer"] == "https://example.org/app"
    assert headers["x-title"] == "My App"


def test_the_key_is_never_stored(parley, history, monkeypatch, isolated_env):
    monkeypatch.setenv("PARLEY_API_KEY", "sk-or-secret-123")
    assert parley("ask", "hi").code == 0
    database = (isolated_env / "data" / "history.db").read_bytes()
    assert b"sk-or-secret-123" not in database


def test_a_broken_config_names_the_file_and_line(parley, isolated_env, simulator):
    config = isolated_env / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('model = "a"\nbase_url = \n')
    result = parley("ask", "hi")
    assert result.code == 2
    assert "config.toml" in result.err and "line 2" in result.err
    assert simulator.requests() == []


def test_stream_and_models_given_as_params_mean_what_their_flags_do(parley, simulator):
    result = parley("ask", "-p", "stream=false", "-p", "models=a/b,c/d", "--models", "x/y", "hi")
    assert result.code == 0, result.err
    body = simulator.last_request().body
    assert body["stream"] is False
    assert body["models"] == ["x/y", "a/b", "c/d"]
