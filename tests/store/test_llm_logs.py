"""Reading llm's logs.db: read-only, in conversation order, from older schemas too."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from tests.cli.import_files import llm_logs
from tui.store.llm_logs import LlmLogsError, read_llm_logs


def test_reading_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = llm_logs(tmp_path / "logs.db")
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert len(list(read_llm_logs(path))) == 3
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logs.db"]


def test_responses_come_by_conversation_then_time(tmp_path: Path) -> None:
    rows = list(read_llm_logs(llm_logs(tmp_path / "logs.db")))
    assert [(r.conversation_id, r.id) for r in rows] == [
        ("01conv", "01r1"),
        ("01conv", "01r2"),
        (None, "01r3"),
    ]
    assert rows[0].conversation_name == "Haiku practice"
    assert [a.path for a in rows[0].attachments] == ["/tmp/x/pic.png"]


def test_a_log_from_before_token_counts_reads_them_as_unknown(tmp_path: Path) -> None:
    path = tmp_path / "logs.db"
    conn = sqlite3.connect(path)  # llm's m010 tables, nothing later
    conn.executescript(
        "CREATE TABLE conversations (id TEXT PRIMARY KEY, name TEXT, model TEXT);"
        "CREATE TABLE responses (id TEXT PRIMARY KEY, model TEXT, prompt TEXT, system TEXT,"
        " prompt_json TEXT, options_json TEXT, response TEXT, response_json TEXT,"
        " conversation_id TEXT, duration_ms INTEGER, datetime_utc TEXT);"
        "INSERT INTO responses VALUES ('r', 'm', 'p', NULL, NULL, NULL, 'a', NULL, NULL, 5,"
        " '2023-07-01T00:00:00');"
    )
    conn.commit()
    conn.close()
    [row] = read_llm_logs(path)
    assert (row.response, row.input_tokens, row.resolved_model, row.attachments) == (
        "a",
        None,
        None,
        (),
    )


def test_a_file_that_is_not_sqlite_is_an_llm_logs_error(tmp_path: Path) -> None:
    path = tmp_path / "logs.db"
    path.write_text("not a database at all, just some text that is long enough" * 20)
    with pytest.raises(LlmLogsError, match="SQLite"):
        list(read_llm_logs(path))
