"""Reasoning in the one-shot commands: --reasoning on stderr, --json fields, show and export."""

from __future__ import annotations

import json

from markdown_it import MarkdownIt

from tests.trust.terminal import VISIBLE_TEXT, run_cli


def stored(history):
    return history(lambda store: store.messages(1))


def test_reasoning_goes_to_stderr_and_stdout_keeps_the_answer_alone(parley, history):
    plain = parley("ask", "--no-save", "-m", "sim/reasoning", "think")
    result = parley("ask", "--reasoning", "-m", "sim/reasoning", "think")
    assert result.code == 0, result.err
    answer = stored(history)[-1]
    assert result.out == plain.out and answer.content in result.out
    assert answer.reasoning and answer.reasoning not in result.out
    # Piped: the thinking as it came, on its own line, no escape sequences.
    assert answer.reasoning + "\n" in result.err
    assert "\x1b" not in result.err


def test_without_the_flag_no_thinking_is_written(parley, history):
    result = parley("ask", "-m", "sim/reasoning", "think")
    assert stored(history)[-1].reasoning not in result.err


def test_summary_only_reasoning_is_written_too(parley, history):
    result = parley("ask", "--reasoning", "-m", "sim/reasoning-summary", "think")
    reasoning = stored(history)[-1].reasoning
    assert result.code == 0 and reasoning and reasoning in result.err


def test_encrypted_reasoning_is_never_written(parley, history):
    result = parley("ask", "--reasoning", "--json", "-m", "sim/reasoning-encrypted", "x")
    [blob] = [d["data"] for d in stored(history)[-1].reasoning_details if "data" in d]
    assert blob not in result.err
    data = json.loads(result.out)
    assert blob not in data["reasoning"]
    assert [d["type"] for d in data["reasoning_details"]][-1] == "reasoning.encrypted"


def test_json_carries_reasoning_tokens_and_time(parley):
    result = parley("ask", "--json", "-m", "sim/reasoning:reasoning_tokens=12", "think")
    data = json.loads(result.out)
    assert data["reasoning"] and data["reasoning_tokens"] == 12
    assert data["usage"]["reasoning_tokens"] == 12
    assert data["reasoning_seconds"] is not None and data["reasoning_seconds"] >= 0
    assert data["reasoning_details"][0]["type"] == "reasoning.text"


def test_a_whole_reply_writes_its_reasoning_too(parley, history):
    result = parley("ask", "--reasoning", "--no-stream", "-m", "sim/reasoning", "think")
    assert result.code == 0 and stored(history)[-1].reasoning in result.err


def test_thinking_on_a_terminal_is_dimmed_and_inert(simulator):
    base = simulator.base_url
    args = ("--no-save", "--reasoning", "-m", "sim/reasoning-evil", "--base-url", base)
    code, text = run_cli("ask", *args, "hi")
    assert code == 0
    assert "\x1b[2mThinking it over" in text
    for form in VISIBLE_TEXT:
        assert form in text
    assert "\x1b[0m" in text.split("and done.", 1)[1]


def test_history_show_marks_the_thinking(parley):
    parley("ask", "-m", "sim/reasoning", "think")
    shown = parley("history", "show", "1")
    assert shown.code == 0
    assert "<details><summary>Thinking</summary>" in shown.out
    before = shown.out.partition("</details>")[0]
    assert "The user wants a clear answer." in before and "## Assistant" in before


def test_exported_markdown_folds_the_thinking_into_one_details_block(parley):
    hostile = "sim/reasoning-evil"
    parley("ask", "-m", hostile, "x")
    exported = parley("history", "export", "1").out
    tokens = MarkdownIt("commonmark").parse(exported)
    html = [t.content.strip() for t in tokens if t.type == "html_block"]
    assert html == ["<details><summary>Thinking</summary>", "</details>"]
    quote = exported.split("<details><summary>Thinking</summary>", 1)[1]
    assert quote.lstrip().startswith("> Thinking it over")


def test_a_details_end_in_the_thinking_cannot_close_the_block():
    from tui.commands.history import thinking_block

    lines = thinking_block("first\n</details>\n## Not a heading")
    html = [t for t in MarkdownIt("commonmark").parse("\n".join(lines)) if t.type == "html_block"]
    assert [t.content.strip() for t in html] == [lines[0], "</details>"]
    assert "> &lt;/details>" in lines


def test_exported_json_has_the_reasoning_fields(parley):
    parley("ask", "-m", "sim/reasoning-encrypted", "x")
    exported = json.loads(parley("history", "export", "1", "--format", "json").out)
    answer = exported["messages"][-1]
    assert answer["reasoning"] and answer["reasoning_tokens"]
    assert answer["reasoning_ms"] is not None
    assert [d["type"] for d in answer["reasoning_details"]] == [
        "reasoning.summary",
        "reasoning.encrypted",
    ]
