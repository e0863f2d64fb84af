"""Global flags mean the same before or after a subcommand."""

from __future__ import annotations

from tui.config import DEMO_MODEL


def test_demo_before_ask_answers_from_the_built_in_simulator(parley, history):
    result = parley("--demo", "ask", "hi")
    assert result.code == 0, result.err
    assert "demo mode" in result.out
    assistant = history(lambda store: store.messages(1))[-1]
    assert assistant.model_requested == DEMO_MODEL


def test_demo_before_models_lists_the_simulators_models(parley):
    result = parley("--demo", "models")
    assert result.code == 0, result.err
    assert "sim/echo" in result.out


def test_model_and_base_url_before_ask_reach_the_request(parley, simulator):
    result = parley("-m", "sim/echo", "--base-url", simulator.base_url, "ask", "say it")
    assert result.code == 0, result.err
    assert result.out.strip() == "say it"
    assert simulator.last_request().body["model"] == "sim/echo"


def test_a_model_after_ask_wins_over_one_before(parley, simulator):
    result = parley(
        "-m", "sim/slow", "--base-url", simulator.base_url, "ask", "-m", "sim/echo", "x"
    )
    assert result.code == 0, result.err
    assert simulator.last_request().body["model"] == "sim/echo"
