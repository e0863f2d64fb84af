"""A file `parley history import` cannot read is a clear error naming the record, with
nothing imported: not even the good conversations before the broken one."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.cli.import_files import chatgpt_short, chatgpt_trip, llm_logs, write_json
from tui.importers import source


def nothing_imported(history) -> bool:
    return history(lambda s: s.list_conversations()) == []


def test_a_chatgpt_node_without_an_author_names_the_conversation_and_node(
    parley, history, tmp_path
):
    broken = chatgpt_trip()
    del broken["mapping"]["a2"]["message"]["author"]
    path = write_json(tmp_path / "conversations.json", [chatgpt_short(), broken])
    result = parley("history", "import", str(path))
    assert result.code == 1
    assert 'conversations.json: conversation 2 ("Trip plan"): node a2 has no author' in result.err
    assert "nothing was imported" in result.err
    assert nothing_imported(history)


def test_a_chatgpt_file_that_is_not_a_list_is_refused(parley, history, tmp_path):
    path = write_json(tmp_path / "conversations.json", {"mapping": {}})
    result = parley("history", "import", str(path), "--format", "chatgpt")
    assert result.code == 1
    assert "expected a list of conversations" in result.err


def test_a_chatgpt_parent_loop_is_refused(parley, history, tmp_path):
    broken = chatgpt_short()
    broken["mapping"]["u"]["parent"] = "b"
    broken["mapping"]["r"]["children"] = []
    result = parley("history", "import", str(write_json(tmp_path / "c.json", [broken])))
    assert result.code == 1 and "circle of parents" in result.err


def test_a_bad_line_of_json_lines_names_the_line_and_keeps_nothing(parley, history, tmp_path):
    parley("history", "import", str(write_json(tmp_path / "c.json", [chatgpt_trip()])))
    export = tmp_path / "all.jsonl"
    parley("history", "export", "--all", "--format", "json", "-o", str(export))
    line = export.read_text().strip()
    record = json.loads(line)
    record["messages"][2]["role"] = "wizard"
    bad = json.dumps(record)
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([line.replace("Lisbon", "Porto"), "", bad]) + "\n")
    before = history(lambda s: s.list_conversations())
    result = parley("history", "import", str(path))
    assert result.code == 1
    assert "mixed.jsonl: line 3 (\"Trip plan\"): message 3: unknown role 'wizard'" in result.err
    assert history(lambda s: s.list_conversations()) == before


def test_a_line_that_is_not_json_names_its_line(parley, history, tmp_path):
    path = tmp_path / "all.jsonl"
    path.write_text('{"conversation": {}, "messages": []}\n{"conversation": \n')
    result = parley("history", "import", str(path))
    assert result.code == 1
    assert "all.jsonl: line 2 is not valid JSON" in result.err
    assert nothing_imported(history)


def test_a_message_field_of_the_wrong_type_is_named(parley, history, tmp_path):
    record = {
        "conversation": {"title": "T", "created_at": 1.0},
        "messages": [{"role": "user", "content": "hi", "created_at": "yesterday"}],
    }
    result = parley("history", "import", str(write_json(tmp_path / "one.json", record)))
    assert result.code == 1
    assert 'one.json: line 1 ("T"): message 1: created_at is text, not a number' in result.err


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "is empty"),
        (b"hello, world\n", "is not a file Parley can import"),
        (b'[{"mapping": {}, "title": "x"', "is not valid JSON: Expecting"),
        (b'[{"mapping": {"a": 1}, "title": "\xff"}]', "is not UTF-8 text (byte 0xff"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ],
    ids=["empty", "text", "truncated", "latin-1", "deep"],
)
def test_a_file_that_cannot_be_read_says_why(parley, history, tmp_path, content, said):
    path = tmp_path / "conversations.json"
    path.write_bytes(content)
    result = parley("history", "import", str(path))
    assert result.code == 1
    assert said in result.err
    assert nothing_imported(history)


def test_a_json_file_too_large_is_refused_before_reading(parley, tmp_path, monkeypatch):
    monkeypatch.setattr(source, "MAX_JSON_BYTES", 1024 * 1024)
    path = write_json(tmp_path / "conversations.json", [chatgpt_short()] * 5000)
    result = parley("history", "import", str(path))
    assert result.code == 1
    assert "Parley reads JSON files up to 1 MB" in result.err


def test_a_missing_file_is_a_usage_error(parley, tmp_path):
    result = parley("history", "import", str(tmp_path / "nope.json"))
    assert (result.code, result.err.strip()) == (2, f"parley: no file {tmp_path / 'nope.json'}")


def test_a_folder_is_not_a_file(parley, tmp_path):
    result = parley("history", "import", str(tmp_path))
    assert result.code == 1 and "is a folder" in result.err


def test_an_sqlite_file_that_is_not_llm_logs_says_so(parley, history, tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER)")
    conn.close()
    result = parley("history", "import", str(path))
    assert result.code == 1
    assert "other.db has no responses table: it is not an llm logs.db" in result.err


def test_a_bad_llm_date_names_the_response_and_keeps_nothing(parley, history, tmp_path):
    row = ("01x", "m", "p", None, None, "r", "01conv", None, "last tuesday", None, None, None)
    good = ("01a", "m", "p", None, None, "r", None, None, "2024-01-01T00:00:00", 1, 1, None)
    path = llm_logs(tmp_path / "logs.db", [good, row])
    result = parley("history", "import", str(path))
    assert result.code == 1
    assert (
        'logs.db: conversation 01conv ("Haiku practice"): response 01x: '
        "datetime_utc 'last tuesday' is not a date"
    ) in result.err
    assert nothing_imported(history)
