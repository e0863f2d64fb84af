"""Plain base URLs are read without the HTTP client, exactly as reading them with it would."""

from __future__ import annotations

import itertools
import subprocess
import sys

from tui.credentials import _PLAIN, _agreed, _read, _split

SCHEMES = ("http", "https", "HTTPS", "Http")
HOSTS = (
    "openrouter.ai",
    "OpenRouter.AI",
    "openrouter.ai.",
    "localhost",
    "a-b.example.com",
    "x1.y2-",
    "127.0.0.1",
    "10.0.0.255",
    "0x7f.1",
    "127.000.0.1",
    "[::1]",
    "xn--80ak6aa92e.com",
)
PORTS = ("", ":80", ":443", ":8080", ":65535", ":65536", ":99999", ":0443")
PATHS = ("", "/", "/api/v1", "/api/v1/", "/a%20b/", "/x;y=1,z'()*+$!&~:@", "/?q=1", "/#f")


def read_by_both(url: str) -> tuple[str, str, int | None] | None:
    ours = _read(url)
    return None if ours is None else _agreed(url, ours)


def test_every_plain_url_reads_as_both_parsers_read_it():
    plain = 0
    for scheme, host, port, path in itertools.product(SCHEMES, HOSTS, PORTS, PATHS):
        url = f"{scheme}://{host}{port}{path}"
        if _PLAIN.fullmatch(url):
            plain += 1
            assert _split(url) == read_by_both(url), url
        else:
            assert _split(url) == read_by_both(url), url  # the slow path, unchanged
    assert plain > 300  # the usual base URLs take the fast path


def test_the_usual_start_does_not_import_the_http_client():
    script = (
        "import sys\n"
        "from tui.credentials import choose_key, KeySources\n"
        "choose_key('https://openrouter.ai/api/v1', KeySources(openrouter_key='sk-or-v1-x'))\n"
        "choose_key('http://localhost:11434/v1', KeySources(parley_key='k'))\n"
        "assert 'httpx' not in sys.modules, 'httpx was imported'\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
