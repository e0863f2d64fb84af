"""Small files in the formats `parley history import` reads, made by the tests."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any


def node(
    key: str,
    parent: str | None,
    children: list[str],
    role: str | None,
    text: str = "",
    *,
    time: float = 1_700_000_000.0,
    **extra: Any,
) -> dict[str, Any]:
    """One entry of a ChatGPT conversation's ``mapping``; ``role=None`` is the empty root."""
    message = None
    if role is not None:
        message = {
            "id": key,
            "author": {"role": role, "name": None, "metadata": {}},
            "create_time": time,
            "content": extra.pop("content", {"content_type": "text", "parts": [text]}),
            "status": "finished_successfully",
            "metadata": extra.pop("metadata", {}),
            "recipient": extra.pop("recipient", "all"),
        }
    return {"id": key, "message": message, "parent": parent, "children": children}


def chatgpt_trip(title: str = "Trip plan") -> dict[str, Any]:
    """A conversation whose answer was regenerated: the second answer is the current one.

    root → system (hidden) → q → a1 (gpt-4o)
                                → a2 (gpt-4o) → q2 → tool call → tool → a3
    """
    t = 1_700_000_000.0
    hidden = {"is_visually_hidden_from_conversation": True}
    nodes = [
        node("root", None, ["sys"], None),
        node("sys", "root", ["q"], "system", "", metadata=hidden, time=t),
        node("q", "sys", ["a1", "a2"], "user", "Plan a trip to Lisbon", time=t + 1),
        node("a1", "q", [], "assistant", "Day 1: Alfama", time=t + 2, metadata=_slug()),
        node("a2", "q", ["q2"], "assistant", "Day 1: Belém", time=t + 3, metadata=_slug()),
        node("q2", "a2", ["call"], "user", "What's the weather?", time=t + 4),
        node("call", "q2", ["tool"], "assistant", "search(weather)", recipient="browser"),
        node("tool", "call", ["a3"], "tool", "sunny, 24°C"),
        node("a3", "tool", [], "assistant", "Sunny and warm.", time=t + 7, metadata=_slug()),
    ]
    return {
        "title": title,
        "create_time": t,
        "update_time": t + 7,
        "mapping": {n["id"]: n for n in nodes},
        "current_node": "a3",
        "id": "conv-trip",
        "conversation_id": "conv-trip",
    }


def chatgpt_short(ident: str = "conv-short") -> dict[str, Any]:
    nodes = [
        node("r", None, ["u"], None),
        node("u", "r", ["b"], "user", "Hello there"),
        node("b", "u", [], "assistant", "Hi!", metadata=_slug("gpt-4o-mini")),
    ]
    return {
        "title": "Greeting",
        "create_time": 1_600_000_000.0,
        "mapping": {n["id"]: n for n in nodes},
        "current_node": "b",
        "id": ident,
    }


def _slug(model: str = "gpt-4o") -> dict[str, Any]:
    return {"model_slug": model, "finish_details": {"type": "stop"}}


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
    return path


# llm's tables as its migrations leave them (m010, m012, m013, m019; columns only).
LLM_SCHEMA = """
CREATE TABLE conversations (id TEXT PRIMARY KEY, name TEXT, model TEXT);
CREATE TABLE responses (
    id TEXT PRIMARY KEY, model TEXT, prompt TEXT, system TEXT, prompt_json TEXT,
    options_json TEXT, response TEXT, response_json TEXT,
    conversation_id TEXT REFERENCES conversations(id), duration_ms INTEGER,
    datetime_utc TEXT, input_tokens INTEGER, output_tokens INTEGER, token_details TEXT,
    schema_id TEXT, resolved_model TEXT
);
CREATE TABLE attachments (id TEXT PRIMARY KEY, type TEXT, path TEXT, url TEXT, content BLOB);
CREATE TABLE prompt_attachments (
    response_id TEXT REFERENCES responses(id), attachment_id TEXT REFERENCES attachments(id),
    "order" INTEGER, PRIMARY KEY (response_id, attachment_id)
);
"""

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


def llm_logs(path: Path, rows: list[tuple[Any, ...]] | None = None) -> Path:
    """An llm logs.db: a two-turn conversation (with a file) and a lone prompt."""
    conn = sqlite3.connect(path)
    conn.executescript(LLM_SCHEMA)
    conn.execute("INSERT INTO conversations VALUES ('01conv', 'Haiku practice', 'gpt-4o-mini')")
    if rows is None:
        rows = [
            ("01r1", "gpt-4o-mini", "Write a haiku", "Be terse", '{"temperature": 0.5}',
             "Autumn moon rises", "01conv", 850, "2024-05-01T10:00:00.000000+00:00", 12, 7,
             "gpt-4o-mini-2024-07-18"),
            ("01r2", "gpt-4o-mini", "Another", "Be terse", None, "Frost on the window",
             "01conv", 400, "2024-05-01T10:01:00", None, None, None),
            ("01r3", "claude-3-haiku", "Lone question", None, "{}", "Lone answer", None,
             None, "2024-05-02T09:00:00+00:00", 3, 2, None),
        ]  # fmt: skip
    conn.executemany(
        "INSERT INTO responses (id, model, prompt, system, options_json, response,"
        " conversation_id, duration_ms, datetime_utc, input_tokens, output_tokens,"
        " resolved_model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    conn.execute(
        "INSERT INTO attachments VALUES ('att1', 'image/png', '/tmp/x/pic.png', NULL, ?)", (PNG,)
    )
    conn.execute("INSERT INTO prompt_attachments VALUES ('01r1', 'att1', 0)")
    conn.commit()
    conn.close()
    return path
