"""Which API key goes to which server: OpenRouter's key to OpenRouter only, none in clear text."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

OPENROUTER_HOST = "openrouter.ai"
_SUSPICIOUS = set("\\@ \t\r\n") | {chr(c) for c in range(32)} | {"\x7f"}
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_PLAIN = re.compile(
    r"https?://"  # lower case: an upper-case scheme keeps an explicit default port in httpx
    r"(?![^/]*[xX][nN]--)"  # no IDNA (punycode) label: httpx checks and decodes those
    r"(?:(?:[A-Za-z][A-Za-z0-9-]*\.)*[A-Za-z][A-Za-z0-9-]*\.?"  # a DNS name, labels from a letter
    rf"|(?:{_OCTET}\.){{3}}{_OCTET})"  # or a dotted quad, no leading zeros
    r"(?::[1-9][0-9]{0,4})?"
    r"(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?"
)
"""A URL of only the characters on which every parser agrees (RFC 3986's unreserved and
sub-delims, no userinfo, query, fragment, IPv6 or odd IPv4 forms): read by ``urlsplit`` alone,
so the HTTP client is not imported before the first screen. Anything else is read by both."""


@dataclass(frozen=True, slots=True)
class Server:
    """One ``[servers."URL"]`` table of config.toml: settings that belong to one base URL."""

    api_key: str | None = field(default=None, repr=False)
    allow_insecure_key: bool | None = None


@dataclass(frozen=True, slots=True)
class KeySources:
    """Every key Parley could send, before the rules pick one."""

    flag_env: str | None = None
    """The variable named by ``--api-key-env``, and (next) its value."""
    flag_key: str | None = field(default=None, repr=False)
    parley_key: str | None = field(default=None, repr=False)
    openrouter_key: str | None = field(default=None, repr=False)
    config_key: str | None = field(default=None, repr=False)
    """Top-level ``api_key``: it belongs to the config's own ``base_url`` (or the default)."""
    config_key_url: str = "https://openrouter.ai/api/v1"
    servers: dict[str, Server] = field(default_factory=dict)
    allow_insecure_key: bool = False
    config_name: str = "config.toml"


@dataclass(frozen=True, slots=True)
class KeyChoice:
    """The key to send (or None), where it came from, and what to say if the server refuses."""

    key: str | None = field(default=None, repr=False)
    source: str | None = None
    withheld: str | None = None
    """Why a key that is set is not sent to this base URL (None when sent or none is set)."""
    auth_hint: str | None = None
    """The hint for a 401/403 from this server; None keeps the client's own (OpenRouter's)."""


def is_openrouter_url(url: str) -> bool:
    """Whether ``url`` is ``https://openrouter.ai`` itself: no other host, port or userinfo.

    Two parsers must agree (the standard library's and the one that sends the request), so a
    URL that reads as OpenRouter to one and as another host to the other gets no key.
    """
    parts = _split(url)
    if parts is None or parts[0] != "https" or parts[1] != OPENROUTER_HOST:
        return False
    return parts[2] is None


def is_loopback_host(host: str) -> bool:
    """``localhost``, 127.0.0.0/8 or ::1: traffic to it never leaves this machine."""
    host = host.lower().strip("[]")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def travels_in_clear(url: str) -> bool:
    """Whether a key sent to ``url`` could be read on the network (plain http, not loopback)."""
    parts = _split(url)
    if parts is None:
        return True
    return parts[0] != "https" and not is_loopback_host(parts[1])


def same_server(a: str, b: str) -> bool:
    """Whether two base URLs name the same scheme, host and port."""
    left, right = _split(a), _split(b)
    return left is not None and right is not None and left[:3] == right[:3]


def server_for(base_url: str, servers: dict[str, Server]) -> tuple[str, Server] | None:
    """The ``[servers]`` entry for ``base_url``: the same URL, else one naming only its origin."""
    wanted = _normal(base_url)
    if wanted is None:
        return None
    fallback = None
    for name, server in servers.items():
        entry = _normal(name)
        if entry == wanted:
            return name, server
        if entry is not None and entry[3] == "" and entry[:3] == wanted[:3] and fallback is None:
            fallback = name, server
    return fallback


def choose_key(base_url: str, sources: KeySources) -> KeyChoice:
    """The key that may go to ``base_url``, by precedence, and the hint for a refusal."""
    entry = server_for(base_url, sources.servers)
    server = entry[1] if entry else Server()
    skipped: list[str] = []
    flag = f"--api-key-env {sources.flag_env}"
    candidates: list[tuple[str | None, str, str]] = [
        (sources.flag_key, flag, flag),
        (sources.parley_key, "PARLEY_API_KEY", "PARLEY_API_KEY"),
        (server.api_key, "config", f'api_key of [servers."{entry[0]}"]' if entry else ""),
    ]
    if sources.config_key and not same_server(sources.config_key_url, base_url):
        skipped.append(f"the api_key in {sources.config_name} belongs to {sources.config_key_url}")
    else:
        candidates.append((sources.config_key, "config", f"api_key in {sources.config_name}"))
    if sources.openrouter_key and not is_openrouter_url(base_url):
        skipped.append("OPENROUTER_API_KEY is sent only to https://openrouter.ai")
    else:
        candidates.append((sources.openrouter_key, "OPENROUTER_API_KEY", "OPENROUTER_API_KEY"))
    key, source, label = next((c for c in candidates if c[0]), (None, None, ""))
    if key is None:
        reason = "; ".join(skipped) if skipped else None
        return KeyChoice(withheld=reason, auth_hint=_keyless_hint(base_url, reason, sources))
    allowed = server.allow_insecure_key
    if allowed is None:
        allowed = sources.allow_insecure_key
    if travels_in_clear(base_url) and not allowed:
        reason = (
            f"the key from {label} is not sent over plain http to a host other than this machine "
            "(anyone on the way could read it)"
        )
        hint = (
            f"No key was sent to {base_url}: {reason}. Use https, or if you trust the network, "
            f'set allow_insecure_key = true under [servers."{base_url}"] in {sources.config_name}.'
        )
        return KeyChoice(withheld=reason, auth_hint=hint)
    if is_openrouter_url(base_url):
        return KeyChoice(key, source)
    hint = (
        f"{_host(base_url)} refused the key from {label}: check it, or set the right one "
        f"({_where_to_set(base_url, sources)})."
    )
    return KeyChoice(key, source, auth_hint=hint)


def _keyless_hint(base_url: str, reason: str | None, sources: KeySources) -> str | None:
    if is_openrouter_url(base_url):
        return None
    why = reason or "no key is set for it"
    return f"No key was sent to {base_url}: {why}. To send one, {_where_to_set(base_url, sources)}."


def _where_to_set(base_url: str, sources: KeySources) -> str:
    return (
        f'set PARLEY_API_KEY, put api_key under [servers."{base_url}"] in {sources.config_name}, '
        "or name a variable holding it with --api-key-env NAME"
    )


def _host(url: str) -> str:
    parts = _split(url)
    return parts[1] if parts else url


def _normal(url: str) -> tuple[str, str, int | None, str] | None:
    """(scheme, host, port, path) with default ports and trailing slashes dropped."""
    parts = _split(url)
    if parts is None:
        return None
    return *parts, urlsplit(url.strip()).path.rstrip("/")


def _split(url: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) if both parsers read ``url`` alike and it has no userinfo."""
    url = url.strip()
    ours = _read(url)
    if ours is None or _PLAIN.fullmatch(url):
        return ours
    return _agreed(url, ours)


def _agreed(url: str, ours: tuple[str, str, int | None]) -> tuple[str, str, int | None] | None:
    """``ours`` if httpx, which will connect, reads ``url`` the same and finds no userinfo."""
    import httpx  # ~60 ms to import: only for URLs the plain form does not cover

    try:
        theirs = httpx.URL(url)
    except (ValueError, httpx.InvalidURL):
        return None
    if theirs.userinfo or ours != (theirs.scheme, theirs.host, theirs.port):
        return None
    return ours


def _read(url: str) -> tuple[str, str, int | None] | None:
    """(scheme, host, port) as ``urlsplit`` reads ``url``, the default port as None (as httpx
    reads it); None for a bad port, a missing host or a suspicious character."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if any(ch in _SUSPICIOUS for ch in parts.netloc):
        return None
    scheme, host = parts.scheme.lower(), (parts.hostname or "").lower()
    if (scheme, port) in (("https", 443), ("http", 80)):
        port = None
    return (scheme, host, port) if host else None
