"""`parley history` and `parley models`: listing, showing, searching, exporting, deleting."""

from __future__ import annotations

import json


def ask(parley, prompt: str, model: str = "sim/echo") -> None:
    result = parley("ask", "-m", model, prompt)
    assert result.code == 0, result.err


def test_list_shows_conversations_newest_first(parley):
    ask(parley, "first topic")
    ask(parley, "second topic")
    result = parley("history", "list")
    assert result.code == 0
    lines = result.out.splitlines()
    assert "title" in lines[0]
    assert lines[2].split()[0] == "2" and "second topic" in lines[2]
    assert "first topic" in lines[3]


def test_list_as_json(parley):
    ask(parley, "hello there")
    data = json.loads(parley("history", "list", "--json").out)
    assert data[0]["title"] == "hello there"
    assert data[0]["message_count"] == 2


def test_an_empty_history_says_how_to_start(parley):
    result = parley("history", "list")
    assert result.code == 0
    assert "parley ask" in result.err


def test_show_prints_the_conversation(parley):
    ask(parley, "show me")
    result = parley("history", "show", "1")
    assert result.code == 0
    assert "## User" in result.out and "show me" in result.out
    assert "## Assistant · sim/echo" in result.out


def test_show_marks_a_failed_answer(parley):
    parley("ask", "-m", "sim/mid-error", "fail please")
    result = parley("history", "show", "1")
    assert "**error**" in result.out
    assert "Provider disconnected unexpectedly" in result.out


def test_show_a_missing_conversation_is_a_usage_error(parley):
    result = parley("history", "show", "99")
    assert result.code == 2
    assert "no conversation 99" in result.err


def test_search_finds_messages_with_a_snippet(parley):
    ask(parley, "the quick brown fox jumps")
    ask(parley, "lazy dogs sleep")
    result = parley("history", "search", "fox")
    assert result.code == 0
    assert "#1" in result.out and "fox" in result.out
    assert "#2" not in result.out


def test_search_takes_any_text(parley):
    ask(parley, "hello world")
    for query in ['"unbalanced', "AND OR NOT", "col:umn", "*", "(", "-x"]:
        assert parley("history", "search", "--", query).code == 0


def test_search_as_json(parley):
    ask(parley, "searchable words")
    hits = json.loads(parley("history", "search", "searchable", "--json").out)
    assert hits and hits[0]["conversation_id"] == 1


def test_export_markdown_and_json(parley, isolated_env):
    ask(parley, "export me")
    markdown = parley("history", "export", "1")
    assert markdown.out.startswith("# export me")
    data = json.loads(parley("history", "export", "1", "--format", "json").out)
    assert [m["role"] for m in data["messages"]] == ["user", "assistant"]
    assert data["messages"][1]["status"] == "complete"
    target = isolated_env / "out.md"
    assert parley("history", "export", "1", "-o", str(target)).code == 0
    assert target.read_text().startswith("# export me")


def test_rename(parley):
    ask(parley, "old name")
    assert parley("history", "rename", "1", "New", "name").code == 0
    assert "New name" in parley("history", "list").out


def test_delete_without_a_terminal_does_not_ask(parley):
    ask(parley, "delete me")
    result = parley("history", "delete", "1")
    assert result.code == 0
    assert parley("history", "list", "--json").out.strip() == "[]"


def test_models_lists_and_filters(parley):
    result = parley("models", "claude")
    assert result.code == 0, result.err
    assert "anthropic/claude-3.5-sonnet" in result.out
    assert "openai/gpt-4o" not in result.out


def test_models_as_json_has_prices_and_context(parley):
    data = json.loads(parley("models", "gpt-4o", "--json").out)
    model = next(m for m in data if m["id"] == "openai/gpt-4o")
    assert model["context_length"] > 0
    assert model["prompt_price"] > 0


def test_models_reports_an_unreachable_server(parley):
    result = parley("models", "--base-url", "http://127.0.0.1:9/v1")
    assert result.code == 1
    assert "hint:" in result.err


def test_compare_needs_two_to_four_models(parley):
    result = parley("--compare", "only/one")
    assert result.code == 2
    assert "2 to 4" in result.err
    assert parley("--compare", "a,b,c,d,e").code == 2
