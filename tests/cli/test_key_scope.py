"""Against the simulator: which key each base URL gets, and what a 401 says when none went."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.simulator import Simulator

KEY = "sk-right-key"


@pytest.fixture(scope="module")
def locked() -> Iterator[Simulator]:
    """A server that answers 401 unless it gets ``KEY``."""
    with Simulator(require_key=KEY, time_scale=0.0) as sim:
        yield sim


def write_config(isolated_env: Path, text: str) -> None:
    config = isolated_env / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(text)
    config.chmod(0o600)


def sent_key(simulator) -> str | None:
    return simulator.last_request().headers.get("authorization")


def test_the_openrouter_key_is_not_sent_to_another_base_url(parley, simulator, monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-secret")
    assert parley("ask", "hi").code == 0
    assert sent_key(simulator) is None


def test_parley_api_key_goes_to_the_base_url(parley, simulator, monkeypatch):
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-secret")
    monkeypatch.setenv("PARLEY_API_KEY", "sk-local")
    assert parley("ask", "hi").code == 0
    assert sent_key(simulator) == "Bearer sk-local"


def test_a_server_table_in_config_gives_that_server_its_key(parley, simulator, isolated_env):
    write_config(isolated_env, f'[servers."{simulator.base_url}"]\napi_key = "sk-table"\n')
    assert parley("ask", "hi").code == 0
    assert sent_key(simulator) == "Bearer sk-table"


def test_the_top_level_config_key_goes_to_the_configs_base_url(parley, simulator, isolated_env):
    write_config(isolated_env, f'base_url = "{simulator.base_url}"\napi_key = "sk-top"\n')
    assert parley("ask", "hi").code == 0
    assert sent_key(simulator) == "Bearer sk-top"


def test_the_top_level_config_key_stays_with_openrouter(parley, simulator, isolated_env):
    write_config(isolated_env, 'api_key = "sk-or-v1-typed-in-the-app"\n')
    assert parley("ask", "hi").code == 0  # --base-url points at the simulator
    assert sent_key(simulator) is None


@pytest.mark.parametrize("before", [True, False])
def test_api_key_env_names_the_variable_before_or_after_the_command(
    parley, simulator, monkeypatch, before
):
    monkeypatch.setenv("MY_SERVER_KEY", "sk-named")
    flag = ["--api-key-env", "MY_SERVER_KEY"]
    where = ["--base-url", simulator.base_url]
    args = [*flag, *where, "ask", "hi"] if before else ["ask", *flag, *where, "hi"]
    assert parley(*args).code == 0
    assert sent_key(simulator) == "Bearer sk-named"


def test_api_key_env_works_for_the_model_list(parley, simulator, monkeypatch):
    monkeypatch.setenv("MY_SERVER_KEY", "sk-named")
    assert parley("models", "--refresh", "--api-key-env", "MY_SERVER_KEY").code == 0
    assert sent_key(simulator) == "Bearer sk-named"


def test_api_key_env_naming_an_unset_variable_is_a_usage_error(parley, simulator):
    result = parley("ask", "--api-key-env", "NOT_SET_ANYWHERE", "hi")
    assert result.code == 2
    assert "NOT_SET_ANYWHERE" in result.err
    assert simulator.requests() == []


def test_a_401_after_withholding_the_openrouter_key_says_why_and_what_to_set(
    parley, locked, monkeypatch
):
    monkeypatch.setenv("OPENROUTER_API_KEY", "sk-or-v1-secret")
    result = parley("ask", "--no-save", "hi", base_url=locked.base_url)
    assert result.code == 3
    assert "authorization" not in locked.last_request().headers
    assert "HTTP 401" in result.err
    assert f"No key was sent to {locked.base_url}" in result.err
    assert "OPENROUTER_API_KEY is sent only to https://openrouter.ai" in result.err
    assert "PARLEY_API_KEY" in result.err and "--api-key-env" in result.err


def test_a_401_for_a_wrong_key_names_where_the_key_came_from(parley, locked, monkeypatch):
    monkeypatch.setenv("PARLEY_API_KEY", "sk-wrong")
    result = parley("ask", "--no-save", "hi", base_url=locked.base_url)
    assert result.code == 3
    assert "refused the key from PARLEY_API_KEY" in result.err


def test_the_right_key_from_api_key_env_is_accepted(parley, locked, monkeypatch):
    monkeypatch.setenv("LOCKED_KEY", KEY)
    result = parley(
        "ask", "--no-save", "--api-key-env", "LOCKED_KEY", "hi", base_url=locked.base_url
    )
    assert result.code == 0, result.err
