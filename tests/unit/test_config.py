"""Settings come from defaults < config.toml < environment < flags; keys are kept private."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tui.config import (
    DEFAULT_BASE_URL,
    ConfigError,
    load_settings,
    read_config,
)
from tui.keyfile import save_api_key


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def config(isolated_env: Path) -> Path:
    return isolated_env / "config" / "config.toml"


def test_defaults_without_a_config_file(config):
    settings = load_settings(env={}, config_path=config)
    assert settings.base_url == DEFAULT_BASE_URL
    assert settings.api_key is None
    assert settings.needs_key


def test_config_overrides_defaults(config):
    write(config, 'model = "openai/gpt-4o"\nbase_url = "http://localhost:11434/v1/"\n')
    settings = load_settings(env={}, config_path=config)
    assert settings.model == "openai/gpt-4o"
    assert settings.base_url == "http://localhost:11434/v1"
    assert not settings.is_openrouter and not settings.needs_key


def test_environment_overrides_config_and_flags_override_both(config):
    write(config, 'base_url = "http://localhost:1/v1"\n')
    env = {"PARLEY_BASE_URL": "http://localhost:2/v1"}
    assert load_settings(env=env, config_path=config).base_url == "http://localhost:2/v1"
    flagged = load_settings(env=env, config_path=config, base_url="http://localhost:3/v1")
    assert flagged.base_url == "http://localhost:3/v1"


def test_key_precedence_parley_key_then_config_then_openrouter_key(config):
    """At OpenRouter itself, where every one of them may go."""
    env = {"OPENROUTER_API_KEY": "sk-env"}
    assert load_settings(env=env, config_path=config).api_key == "sk-env"
    write(config, 'api_key = "sk-config"\n')
    config.chmod(0o600)
    settings = load_settings(env=env, config_path=config)
    assert (settings.api_key, settings.api_key_source) == ("sk-config", "config")
    env["PARLEY_API_KEY"] = "sk-parley"
    settings = load_settings(env=env, config_path=config)
    assert (settings.api_key, settings.api_key_source) == ("sk-parley", "PARLEY_API_KEY")


def test_a_toml_syntax_error_names_the_file_and_line(config):
    write(config, 'model = "a"\n\nsite_name = "unterminated\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(env={}, config_path=config)
    assert str(config) in str(caught.value)
    assert "line 3" in str(caught.value)


def test_a_wrong_type_names_the_setting(config):
    write(config, "model = 5\n")
    with pytest.raises(ConfigError, match="model must be a string"):
        load_settings(env={}, config_path=config)


def test_a_bad_url_says_what_is_expected(config):
    with pytest.raises(ConfigError, match="not an http"):
        load_settings(env={"PARLEY_BASE_URL": "localhost:8080"}, config_path=config)


def test_default_params_are_validated(config):
    write(config, "[params]\ntemperature = 9\n")
    with pytest.raises(ConfigError, match="temperature"):
        load_settings(env={}, config_path=config)


def test_an_unknown_setting_warns_with_a_suggestion(config):
    write(config, 'modle = "x"\n')
    _, warnings = read_config(config)
    assert "did you mean 'model'" in warnings[0]


@pytest.mark.parametrize(
    "text",
    ['api_key = "sk-x"\n', '[servers."https://x.example"]\napi_key = "sk-x"\n'],
    ids=["top-level key", "server key"],
)
def test_a_readable_config_holding_a_key_warns(config, text):
    write(config, text).chmod(0o644)
    _, warnings = read_config(config)
    assert any("chmod 600" in w for w in warnings)


def test_saving_a_key_writes_the_file_owner_only_and_keeps_the_rest(config):
    write(config, '# my settings\nmodel = "openai/gpt-4o"\n\n[params]\ntemperature = 0.5\n')
    config.chmod(0o644)
    save_api_key(config, "sk-or-v1-abc")
    assert stat.S_IMODE(config.stat().st_mode) == 0o600
    text = config.read_text()
    assert "# my settings" in text and "temperature = 0.5" in text
    settings = load_settings(env={}, config_path=config)
    assert settings.api_key == "sk-or-v1-abc"
    assert settings.params == {"temperature": 0.5}


def test_saving_a_key_again_replaces_it(config):
    save_api_key(config, "sk-one")
    save_api_key(config, "sk-two")
    assert config.read_text().count("api_key") == 1
    assert load_settings(env={}, config_path=config).api_key == "sk-two"


def test_a_key_with_spaces_is_refused(config):
    with pytest.raises(ConfigError):
        save_api_key(config, "sk one")
    assert not config.exists()


def test_key_bindings_are_read_by_dotted_binding_id(config):
    write(config, '[keys]\nchat.regenerate = "f5"\n"app.help" = "f1,question_mark"\n')
    keys = load_settings(env={}, config_path=config).keys
    assert keys == {"chat.regenerate": "f5", "app.help": "f1,question_mark"}


def test_a_key_binding_must_be_a_string(config):
    write(config, "[keys]\nchat.regenerate = 5\n")
    with pytest.raises(ConfigError, match="binding ids"):
        load_settings(env={}, config_path=config)


def test_servers_tables_give_keys_per_base_url(config):
    write(
        config,
        'api_key = "sk-or-top"\n\n'
        '[servers."https://llm.example.com/v1"]\napi_key = "sk-llm"\n\n'
        '[servers."http://gpu-box:8000/v1"]\napi_key = "sk-gpu"\nallow_insecure_key = true\n',
    ).chmod(0o600)
    at = lambda url: load_settings(env={}, config_path=config, base_url=url)  # noqa: E731
    assert at("https://llm.example.com/v1").api_key == "sk-llm"
    assert at("http://gpu-box:8000/v1").api_key == "sk-gpu"
    assert at(DEFAULT_BASE_URL).api_key == "sk-or-top"
    other = at("https://other.example/v1")
    assert other.api_key is None and "belongs to" in (other.key_withheld or "")


def test_the_openrouter_key_is_not_sent_to_a_local_server(config):
    settings = load_settings(
        env={"OPENROUTER_API_KEY": "sk-or"}, config_path=config, base_url="http://localhost:8/v1"
    )
    assert settings.api_key is None
    assert "OPENROUTER_API_KEY" in (settings.auth_hint or "")


def test_the_api_key_env_flag_reads_the_named_variable(config):
    env = {"MY_LLM_KEY": " sk-mine \n", "PARLEY_API_KEY": "sk-p"}
    settings = load_settings(
        env=env, config_path=config, base_url="https://llm.example.com/v1", api_key_env="MY_LLM_KEY"
    )
    assert (settings.api_key, settings.api_key_source) == ("sk-mine", "--api-key-env MY_LLM_KEY")


def test_an_unset_api_key_env_variable_is_an_error(config):
    with pytest.raises(ConfigError, match="NOPE"):
        load_settings(env={}, config_path=config, api_key_env="NOPE")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("servers = 3\n", r"\[servers\] must hold tables"),
        ('[servers."ftp://x"]\napi_key = "k"\n', "not an http"),
        ('[servers."https://x"]\napi_key = 5\n', "api_key must be a string"),
        ('[servers."https://x"]\napi_kee = "k"\n', "unknown setting 'api_kee'"),
        ("allow_insecure_key = 1\n", "allow_insecure_key must be true or false"),
    ],
)
def test_a_malformed_servers_table_names_the_problem(config, text, message):
    write(config, text)
    with pytest.raises(ConfigError, match=message):
        load_settings(env={}, config_path=config)


def test_a_key_typed_for_another_base_url_goes_to_its_server_table(config):
    write(config, 'model = "m"\n\n[params]\ntemperature = 0.5\n')
    save_api_key(config, "sk-llm", "https://llm.example.com/v1")
    save_api_key(config, "sk-llm-2", "https://llm.example.com/v1")
    text = config.read_text()
    assert text.count("api_key") == 1 and text.count("[servers.") == 1
    at = lambda url: load_settings(env={}, config_path=config, base_url=url)  # noqa: E731
    assert at("https://llm.example.com/v1").api_key == "sk-llm-2"
    assert at(DEFAULT_BASE_URL).api_key is None
    assert at("https://llm.example.com/v1").params == {"temperature": 0.5}


def test_a_key_typed_for_openrouter_is_the_top_level_key(config):
    save_api_key(config, "sk-or-v1-x", DEFAULT_BASE_URL)
    assert config.read_text().startswith('api_key = "sk-or-v1-x"')


def test_a_key_is_not_added_to_a_config_that_does_not_parse(config):
    write(config, "model = \n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        save_api_key(config, "sk-x")
    assert config.read_text() == "model = \n"


def test_saving_a_server_key_keeps_every_comment_and_setting_in_place(config):
    original = (
        '# top\nmodel = "m"  # mine\n\n[params]\ntemperature = 0.5  # calm\n\n'
        '[servers."https://llm.example.com/v1"]  # that server\n# its key goes here\n'
    )
    write(config, original)
    save_api_key(config, 'sk-"q\\', "https://llm.example.com/v1")
    save_api_key(config, "sk-top")
    text = config.read_text()
    for kept in ("# top", '"m"  # mine', "0.5  # calm", "]  # that server", "# its key goes"):
        assert kept in text
    assert text.index("sk-top") < text.index("[servers.")  # a top-level key stays top-level
    at = lambda url: load_settings(env={}, config_path=config, base_url=url)  # noqa: E731
    assert at("https://llm.example.com/v1").api_key == 'sk-"q\\'
    assert at(DEFAULT_BASE_URL).api_key == "sk-top"


@pytest.mark.parametrize("servers", ['servers = "x"\n', 'servers = { "https://x.example" = 3 }\n'])
def test_a_server_key_is_not_forced_into_a_servers_setting_that_is_not_a_table(config, servers):
    write(config, servers)
    with pytest.raises(ConfigError, match="safely"):
        save_api_key(config, "sk-x", "https://x.example")
    assert config.read_text() == servers
