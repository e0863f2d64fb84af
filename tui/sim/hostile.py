"""A hostile server: terminal escape sequences in every field a client might show."""

from __future__ import annotations

import json
from typing import Any

# Each payload, as a server could send it. Together they cover every way text can act on a
# terminal: OSC (clipboard, title), CSI, DCS, 8-bit C1 introducers, NUL and a bidi override.
PAYLOADS: dict[str, str] = {
    "osc52": "\x1b]52;c;aGk=\x07",
    "osc0": "\x1b]0;pwned\x07",
    "csi": "\x1b[2J",
    "dcs": "\x1bP1$qm\x1b\\",
    "c1_csi": "\x9b31m",
    "c1_osc": "\x9d",
    "nul": "\x00",
    "bidi": "\u202e",
}
# All of them at once, between markers a test can find in the visible form.
PAYLOAD = "{{" + "".join(PAYLOADS.values()) + "}}"

# Model ids that make the simulator hostile (``NNN`` is an HTTP status). They are served by
# /models only under the ``/hostile`` base-URL prefix, so the ordinary catalog stays as it is.
HOSTILE_SCENARIOS: dict[str, str] = {
    "evil-NNN": "Fails with status NNN; the payload is in error.message and error.code.",
    "evilpage-NNN": "Answers with status NNN and an HTML page whose <title> is the payload.",
    "evil-text": "A 200 text/plain body carrying the payload.",
    "evil-json200": "A 200 JSON body that is an error object carrying the payload.",
    "evil-mid": "Half the answer, then an error chunk (finish_reason error) with the payload.",
    "evil-mid-null": "Half the answer, then an error chunk (finish_reason null) with the payload.",
    "evil-event": "Half the answer, then an `event: error` line whose data is the payload.",
    "evil-content": "An answer whose content carries the payload.",
}
HOSTILE_STATUS = {"evil": (400, 599), "evilpage": (200, 599)}
HOSTILE_PREFIX = "/hostile"


def error_body() -> dict[str, Any]:
    """OpenRouter's error shape with the payload in the message and the code."""
    return {"error": {"code": "E" + PAYLOAD, "message": "server says " + PAYLOAD}}


def html_page() -> str:
    return (
        f"<!DOCTYPE html>\n<html><head><title>proxy {PAYLOAD}</title></head>\n"
        "<body><h1>Bad gateway</h1></body></html>\n"
    )


def plain_text() -> str:
    return f"plain text {PAYLOAD}\n"


def json_error() -> str:
    return json.dumps(error_body(), ensure_ascii=False)


def error_event() -> bytes:
    return f"event: error\ndata: stream broke {PAYLOAD}\n\n".encode()


def answer() -> str:
    return f"Here is an answer {PAYLOAD} and its end."


def catalog_entries(make_entry: Any) -> list[dict[str, Any]]:
    """Models whose id, name and description carry the payload, and the hostile scenarios."""
    evil = make_entry(
        "evil/model" + PAYLOAD,
        ("Evil " + PAYLOAD, 4096, "0", "0", 1024, "Other", 1735689600, []),
        "description " + PAYLOAD,
    )
    named = [
        make_entry(
            "sim/" + name.replace("NNN", "502"),
            ("Hostile: " + name + " " + PAYLOAD, 4096, "0", "0", 1024, "Other", 1735689600, []),
            description,
        )
        for name, description in HOSTILE_SCENARIOS.items()
    ]
    return [evil, *named]
