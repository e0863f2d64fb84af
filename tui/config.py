"""Settings: defaults < config.toml < environment < flags, and the API key's precedence."""

from __future__ import annotations

import difflib
import json
import os
import stat
import sys
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tui import paths
from tui.api.params import ParamError, validate_params
from tui.credentials import KeySources, Server, choose_key, is_openrouter_url

DEFAULT_BASE_URL = "https://openrouter.ai/api/v1"
DEFAULT_MODEL = "openrouter/auto"
DEMO_MODEL = "parley/demo"
DEMO_TPS = 80
"""How fast the demo streams: about a real model's pace, so streaming can be seen."""


class ConfigError(Exception):
    """The config file (or an environment variable) cannot be used as it is."""


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything Parley reads before it starts, already merged from every source."""

    base_url: str = DEFAULT_BASE_URL
    """Any OpenAI-compatible endpoint; OpenRouter by default."""
    api_key: str | None = None
    """Never stored in the history, logs or exports."""
    api_key_source: str | None = None
    """Where the key came from (``PARLEY_API_KEY``, ``config``, ``OPENROUTER_API_KEY``)."""
    key_withheld: str | None = None
    """Why a key that is set is not sent to this base URL (see :mod:`tui.credentials`)."""
    auth_hint: str | None = None
    """What to tell the user when this server refuses the key (or the lack of one)."""
    model: str = DEFAULT_MODEL
    fallback_models: tuple[str, ...] = ()
    """Tried by the server, in order, when the model fails (OpenRouter's ``models``)."""
    system: str | None = None
    """A system prompt sent before every conversation's first message."""
    params: dict[str, Any] = field(default_factory=dict)
    """Default request parameters (``[params]`` in config.toml), validated."""
    site_url: str | None = None
    """Sent as ``HTTP-Referer`` for OpenRouter's app attribution."""
    site_name: str | None = "Parley"
    """Sent as ``X-Title`` for OpenRouter's app attribution."""
    keys: dict[str, str] = field(default_factory=dict)
    """Key rebindings for the app: action id -> key."""
    config_path: Path = field(default_factory=paths.config_path)
    db_path: Path = field(default_factory=paths.history_path)
    demo: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def is_openrouter(self) -> bool:
        return is_openrouter_url(self.base_url)

    @property
    def needs_key(self) -> bool:
        """OpenRouter refuses every request without a key; local servers mostly don't."""
        return self.api_key is None and self.is_openrouter


_STRING_KEYS = ("base_url", "api_key", "model", "system", "site_url", "site_name")
_KNOWN_KEYS = {
    *_STRING_KEYS,
    "fallback_models",
    "params",
    "keys",
    "servers",
    "allow_insecure_key",
}


def load_settings(
    *,
    base_url: str | None = None,
    model: str | None = None,
    api_key_env: str | None = None,
    env: dict[str, str] | None = None,
    config_path: Path | None = None,
) -> Settings:
    """Merge defaults, the config file, the environment and flags (given as arguments)."""
    env = dict(os.environ) if env is None else env
    path = config_path or paths.config_path()
    data, warnings = read_config(path)
    settings = Settings(config_path=path, db_path=paths.history_path(), warnings=warnings)
    settings = _apply_config(settings, data, path)
    settings = _apply_env(settings, env)
    if base_url:
        settings = replace(settings, base_url=_check_url(base_url, "--base-url"))
    if model:
        settings = replace(settings, model=model)
    choice = choose_key(settings.base_url, _key_sources(data, env, api_key_env, path))
    return replace(
        settings,
        api_key=choice.key,
        api_key_source=choice.source,
        key_withheld=choice.withheld,
        auth_hint=choice.auth_hint,
    )


def _key_sources(
    data: dict[str, Any], env: dict[str, str], api_key_env: str | None, path: Path
) -> KeySources:
    flag_key = None
    if api_key_env is not None:
        flag_key = env.get(api_key_env, "").strip()
        if not flag_key:
            raise ConfigError(f"--api-key-env {api_key_env}: that variable is not set or empty")
    config_url = data.get("base_url") or DEFAULT_BASE_URL
    return KeySources(
        flag_env=api_key_env,
        flag_key=flag_key,
        parley_key=env.get("PARLEY_API_KEY", "").strip() or None,
        openrouter_key=env.get("OPENROUTER_API_KEY", "").strip() or None,
        config_key=data.get("api_key") or None,
        config_key_url=_check_url(config_url, f"{path}: base_url"),
        servers=_servers(data.get("servers", {}), path),
        allow_insecure_key=_flag(data, "allow_insecure_key", path) or False,
        config_name=str(path),
    )


def _servers(table: Any, path: Path) -> dict[str, Server]:
    """``[servers."URL"]`` tables: a key (and whether it may go over plain http) per base URL."""
    shape = f'{path}: [servers] must hold tables like [servers."http://host:8000/v1"]'
    if not isinstance(table, dict):
        raise ConfigError(shape)
    servers = {}
    for url, entry in table.items():
        if not isinstance(entry, dict):
            raise ConfigError(shape)
        where = f'{path}: [servers."{url}"]'
        _check_url(url, where)
        unknown = set(entry) - {"api_key", "allow_insecure_key"}
        if unknown:
            raise ConfigError(f"{where}: unknown setting {sorted(unknown)[0]!r}")
        key = entry.get("api_key")
        if key is not None and not isinstance(key, str):
            raise ConfigError(f"{where}: api_key must be a string")
        servers[url] = Server(
            key.strip() if key else None, _flag(entry, "allow_insecure_key", path)
        )
    return servers


def _flag(table: dict[str, Any], name: str, path: Path) -> bool | None:
    value = table.get(name)
    if value is not None and not isinstance(value, bool):
        raise ConfigError(f"{path}: {name} must be true or false, got {_show(value)}")
    return value


def read_config(path: Path) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The parsed config file ({} when absent) and warnings about it."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return {}, ()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc.strerror}") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        # tomllib says "… (at line 3, column 7)": keep its words, name the file first.
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    warnings: list[str] = []
    for key in data:
        if key not in _KNOWN_KEYS:
            close = difflib.get_close_matches(key, sorted(_KNOWN_KEYS), n=1)
            also = f" (did you mean {close[0]!r}?)" if close else ""
            warnings.append(f"{path}: unknown setting {key!r} ignored{also}")
    if _holds_key(data) and _too_open(path):
        warnings.append(
            f"{path} holds an API key but others can read it: run chmod 600 {path.name}"
        )
    return data, tuple(warnings)


def _holds_key(data: dict[str, Any]) -> bool:
    servers = data.get("servers")
    in_servers = isinstance(servers, dict) and any(
        isinstance(entry, dict) and "api_key" in entry for entry in servers.values()
    )
    return "api_key" in data or in_servers


def _too_open(path: Path) -> bool:
    try:
        return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))
    except OSError:
        return False


def _apply_config(settings: Settings, data: dict[str, Any], path: Path) -> Settings:
    changes: dict[str, Any] = {}
    for key in _STRING_KEYS:
        if key in data:
            value = data[key]
            if not isinstance(value, str):
                raise ConfigError(f"{path}: {key} must be a string, got {_show(value)}")
            changes[key] = value
    if "base_url" in changes:
        changes["base_url"] = _check_url(changes["base_url"], f"{path}: base_url")
    changes.pop("api_key", None)  # chosen last, once the base URL is known
    if "fallback_models" in data:
        models = data["fallback_models"]
        if not isinstance(models, list) or not all(isinstance(m, str) for m in models):
            raise ConfigError(f"{path}: fallback_models must be a list of model ids")
        changes["fallback_models"] = tuple(models)
    if "params" in data:
        if not isinstance(data["params"], dict):
            raise ConfigError(f"{path}: [params] must be a table of request parameters")
        try:
            changes["params"] = validate_params(data["params"])
        except ParamError as exc:
            raise ConfigError(f"{path}: [params]: {exc}") from exc
    if "keys" in data:
        keys = _flatten(data["keys"]) if isinstance(data["keys"], dict) else None
        if keys is None or not all(isinstance(v, str) for v in keys.values()):
            raise ConfigError(
                f'{path}: [keys] must map binding ids to keys, e.g. chat.regenerate = "f5"'
            )
        changes["keys"] = keys
    return replace(settings, **changes)


def _flatten(table: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """TOML reads ``chat.regenerate = "f5"`` as nested tables; binding ids are dotted names."""
    flat: dict[str, Any] = {}
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat |= _flatten(value, f"{name}.")
        else:
            flat[name] = value
    return flat


def _apply_env(settings: Settings, env: dict[str, str]) -> Settings:
    changes: dict[str, Any] = {}
    if env.get("PARLEY_BASE_URL"):
        changes["base_url"] = _check_url(env["PARLEY_BASE_URL"], "PARLEY_BASE_URL")
    return replace(settings, **changes)


def _check_url(url: str, where: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"{where}: {url!r} is not an http(s) URL; expected e.g. {DEFAULT_BASE_URL} "
            "or http://localhost:11434/v1"
        )
    return url.strip().rstrip("/")


def _show(value: Any) -> str:
    return (
        json.dumps(value) if isinstance(value, str | int | float | bool) else type(value).__name__
    )


def parse_models(text: str) -> list[str]:
    """Model ids from ``a, b,c`` (blank entries and repeats dropped, order kept)."""
    return list(dict.fromkeys(m.strip() for m in text.split(",") if m.strip()))


def warn(messages: tuple[str, ...]) -> None:
    for message in messages:
        print(f"parley: warning: {message}", file=sys.stderr)
