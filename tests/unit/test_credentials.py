"""The OpenRouter key goes to https://openrouter.ai only; no key travels in clear text."""

from __future__ import annotations

import pytest

from tui.credentials import (
    KeySources,
    Server,
    choose_key,
    is_loopback_host,
    is_openrouter_url,
    server_for,
    travels_in_clear,
)

OPENROUTER = "https://openrouter.ai/api/v1"


@pytest.mark.parametrize(
    "url",
    [
        "https://openrouter.ai/api/v1",
        "https://openrouter.ai",
        "https://OpenRouter.AI/api/v1",
        "https://openrouter.ai:443/api/v1",
        " https://openrouter.ai/api/v1/ ",
    ],
)
def test_openrouter_itself_is_recognised(url):
    assert is_openrouter_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://openrouter.ai/api/v1",  # plain http
        "https://openrouter.ai:8443/api/v1",  # another port
        "https://openrouter.ai./api/v1",  # trailing dot: not the name the key is for
        "https://api.openrouter.ai/api/v1",  # a subdomain
        "https://openrouter.ai.evil.com/api/v1",
        "https://evilopenrouter.ai/api/v1",
        "https://openrouter.ai@evil.com/api/v1",  # userinfo: the host is evil.com
        "https://user:pw@openrouter.ai/api/v1",  # userinfo would replace the bearer key
        "https://openrouter.ai\\@evil.com/api/v1",  # parsers disagree on backslashes
        "https://evil.com/openrouter.ai",
        "https://evil.com#@openrouter.ai",
        "https://evil.com?x=@openrouter.ai",
        "https://openrоuter.ai/api/v1",  # a Cyrillic o
        "https://openrouter%2Eai/api/v1",
        "https://openrouter.ai:notaport/api/v1",
        "openrouter.ai/api/v1",
        "",
    ],
)
def test_lookalikes_of_openrouter_are_not_openrouter(url):
    assert not is_openrouter_url(url)


@pytest.mark.parametrize("host", ["localhost", "LOCALHOST", "127.0.0.1", "127.8.9.10", "::1"])
def test_loopback_hosts(host):
    assert is_loopback_host(host)


@pytest.mark.parametrize(
    "host", ["localhost.", "0.0.0.0", "10.0.0.1", "127.0.0.1.evil.com", "gpu-box", "::2"]
)
def test_other_hosts_are_not_loopback(host):
    assert not is_loopback_host(host)


@pytest.mark.parametrize(
    ("url", "clear"),
    [
        ("https://gpu-box:8000/v1", False),
        ("http://localhost:11434/v1", False),
        ("http://127.0.0.1:8080/v1", False),
        ("http://[::1]:8080/v1", False),
        ("http://gpu-box:8000/v1", True),
        ("http://10.0.0.5/v1", True),
        ("http://localhost@gpu-box/v1", True),  # unreadable URLs count as clear text
    ],
)
def test_which_urls_would_carry_a_key_in_clear_text(url, clear):
    assert travels_in_clear(url) is clear


def test_the_openrouter_key_goes_to_openrouter():
    choice = choose_key(OPENROUTER, KeySources(openrouter_key="sk-or"))
    assert (choice.key, choice.source, choice.withheld) == ("sk-or", "OPENROUTER_API_KEY", None)
    assert choice.auth_hint is None  # the client's own OpenRouter hint applies


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:9/v1", "https://llm.example.com/v1", "https://openrouter.ai@evil.com/v1"],
)
def test_the_openrouter_key_goes_nowhere_else_and_a_401_says_why(url):
    choice = choose_key(url, KeySources(openrouter_key="sk-or"))
    assert choice.key is None
    assert "OPENROUTER_API_KEY is sent only to https://openrouter.ai" in (choice.withheld or "")
    hint = choice.auth_hint or ""
    assert "No key was sent" in hint and "OPENROUTER_API_KEY" in hint
    assert "PARLEY_API_KEY" in hint and "--api-key-env" in hint and "[servers." in hint


def test_parley_key_goes_to_any_https_or_loopback_server_and_wins():
    sources = KeySources(parley_key="sk-p", openrouter_key="sk-or", config_key="sk-c")
    for url in (OPENROUTER, "https://llm.example.com/v1", "http://localhost:8080/v1"):
        choice = choose_key(url, sources)
        assert (choice.key, choice.source) == ("sk-p", "PARLEY_API_KEY")


def test_the_api_key_env_flag_wins_over_everything():
    sources = KeySources(flag_env="MY_KEY", flag_key="sk-f", parley_key="sk-p")
    choice = choose_key("https://llm.example.com/v1", sources)
    assert (choice.key, choice.source) == ("sk-f", "--api-key-env MY_KEY")


def test_the_top_level_config_key_belongs_to_the_configs_own_base_url():
    sources = KeySources(config_key="sk-c", config_key_url="http://localhost:8080/v1")
    assert choose_key("http://localhost:8080/v1", sources).key == "sk-c"
    elsewhere = choose_key("https://llm.example.com/v1", sources)
    assert elsewhere.key is None
    assert "belongs to http://localhost:8080/v1" in (elsewhere.withheld or "")


def test_the_top_level_config_key_without_base_url_is_openrouters():
    sources = KeySources(config_key="sk-c", openrouter_key="sk-or")
    assert choose_key(OPENROUTER, sources).key == "sk-c"  # config over OPENROUTER_API_KEY
    assert choose_key("http://localhost:8080/v1", sources).key is None


def test_a_server_table_gives_its_own_key():
    servers = {
        "https://a.example/v1": Server("sk-a"),
        "https://b.example": Server("sk-b"),
    }
    sources = KeySources(servers=servers, config_key="sk-c")
    assert choose_key("https://a.example/v1/", sources).key == "sk-a"
    assert choose_key("https://b.example/any/path", sources).key == "sk-b"
    assert choose_key("https://a.example/other", sources).key is None
    assert choose_key("https://c.example/v1", sources).key is None


def test_an_exact_server_entry_beats_one_for_its_origin():
    servers = {"https://a.example": Server("sk-origin"), "https://a.example/v2": Server("sk-v2")}
    assert server_for("https://a.example/v2", servers) == ("https://a.example/v2", Server("sk-v2"))


def test_no_key_goes_over_plain_http_to_another_host():
    sources = KeySources(parley_key="sk-p")
    choice = choose_key("http://gpu-box:8000/v1", sources)
    assert choice.key is None
    assert "plain http" in (choice.withheld or "")
    assert "allow_insecure_key = true" in (choice.auth_hint or "")


def test_config_may_allow_a_key_over_plain_http_globally_or_per_server():
    url = "http://gpu-box:8000/v1"
    assert choose_key(url, KeySources(parley_key="sk", allow_insecure_key=True)).key == "sk"
    per_server = {url: Server("sk-s", allow_insecure_key=True)}
    assert choose_key(url, KeySources(servers=per_server)).key == "sk-s"
    refused = {url: Server("sk-s", allow_insecure_key=False)}
    assert choose_key(url, KeySources(servers=refused, allow_insecure_key=True)).key is None


def test_a_key_sent_to_another_server_gets_a_hint_naming_its_source():
    choice = choose_key("https://llm.example.com/v1", KeySources(parley_key="sk-p"))
    assert "llm.example.com refused the key from PARLEY_API_KEY" in (choice.auth_hint or "")


def test_no_key_at_all_for_another_server_says_what_to_set():
    choice = choose_key("https://llm.example.com/v1", KeySources())
    assert choice.key is None and choice.withheld is None
    assert "no key is set for it" in (choice.auth_hint or "")


def test_the_key_never_shows_in_a_repr():
    choice = choose_key(OPENROUTER, KeySources(openrouter_key="sk-or-secret"))
    assert "sk-or-secret" not in repr(choice)
    assert "sk-or-secret" not in repr(KeySources(openrouter_key="sk-or-secret"))
