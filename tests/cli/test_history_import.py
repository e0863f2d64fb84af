"""`parley history import`: ChatGPT's export, llm's logs.db and Parley's own export, read by
content, with branches kept, and a second import of the same file adding nothing."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from tests.cli.import_files import PNG, chatgpt_short, chatgpt_trip, llm_logs, node, write_json
from tui.store import Store


def read_store(path: Path, query):
    """What ``query(store)`` returns from the history at ``path`` (not the test's own)."""

    async def go():
        async with await Store.open(path) as store:
            return await query(store)

    return asyncio.run(go())


def test_a_chatgpt_export_keeps_its_branches_and_its_current_path(parley, history, tmp_path):
    path = write_json(tmp_path / "conversations.json", [chatgpt_trip()])
    result = parley("history", "import", str(path))
    assert result.code == 0, result.err
    assert "Imported 1 conversation (5 messages)" in result.out
    path_now = history(lambda s: s.chosen_path(1))
    assert [m.content for m in path_now.messages] == [
        "Plan a trip to Lisbon",
        "Day 1: Belém",
        "What's the weather?",
        "Sunny and warm.",
    ]
    assert path_now.branching[1].label == "‹ 2/2 ›"  # the regenerated answer, second of two
    everything = history(lambda s: s.messages(1))
    assert "Day 1: Alfama" in [m.content for m in everything]


def test_chatgpt_system_tool_and_hidden_nodes_are_left_out(parley, history, tmp_path):
    parley("history", "import", str(write_json(tmp_path / "c.json", [chatgpt_trip()])))
    contents = [m.content for m in history(lambda s: s.messages(1))]
    assert "search(weather)" not in contents and "sunny, 24°C" not in contents
    assert {m.role for m in history(lambda s: s.messages(1))} == {"user", "assistant"}


def test_chatgpt_titles_times_and_models_are_kept(parley, history, tmp_path):
    parley("history", "import", str(write_json(tmp_path / "c.json", [chatgpt_trip()])))
    conversation = history(lambda s: s.get_conversation(1))
    assert (conversation.title, conversation.model) == ("Trip plan", "gpt-4o")
    assert conversation.created_at == 1_700_000_000.0
    answer = history(lambda s: s.chosen_path(1)).messages[-1]
    assert (answer.model_answered, answer.created_at) == ("gpt-4o", 1_700_000_007.0)


def test_importing_the_same_file_twice_adds_nothing_the_second_time(parley, history, tmp_path):
    path = write_json(tmp_path / "conversations.json", [chatgpt_trip(), chatgpt_short()])
    assert "Imported 2 conversations" in parley("history", "import", str(path)).out
    again = parley("history", "import", str(path))
    assert again.code == 0
    assert "Imported 0 conversations" in again.out and "Skipped 2 already imported" in again.out
    assert len(history(lambda s: s.list_conversations())) == 2


def test_a_later_export_with_one_new_conversation_adds_only_that_one(parley, history, tmp_path):
    parley("history", "import", str(write_json(tmp_path / "a.json", [chatgpt_trip()])))
    later = write_json(tmp_path / "b.json", [chatgpt_trip(), chatgpt_short("conv-new")])
    result = parley("history", "import", str(later), "--json")
    assert json.loads(result.out) | {"ids": None} == {
        "format": "chatgpt",
        "imported": 1,
        "messages": 2,
        "skipped": 1,
        "ids": None,
    }


def test_an_llm_log_becomes_conversations_of_prompts_and_answers(parley, history, tmp_path):
    result = parley("history", "import", str(llm_logs(tmp_path / "logs.db")))
    assert result.code == 0, result.err
    assert "Imported 2 conversations (6 messages)" in result.out
    haiku = history(lambda s: s.get_conversation(1))
    assert (haiku.title, haiku.model, haiku.system) == ("Haiku practice", "gpt-4o-mini", "Be terse")
    messages = history(lambda s: s.messages(1))
    assert [(m.role, m.content) for m in messages] == [
        ("user", "Write a haiku"),
        ("assistant", "Autumn moon rises"),
        ("user", "Another"),
        ("assistant", "Frost on the window"),
    ]
    answer = messages[1]
    assert (answer.model_requested, answer.model_answered) == (
        "gpt-4o-mini",
        "gpt-4o-mini-2024-07-18",
    )
    assert (answer.prompt_tokens, answer.completion_tokens, answer.total_tokens) == (12, 7, 19)
    assert (answer.params, answer.duration_ms) == ({"temperature": 0.5}, 850.0)
    assert messages[0].created_at == 1_714_557_600.0  # 2024-05-01T10:00:00Z


def test_an_llm_prompt_keeps_its_file(parley, history, tmp_path):
    parley("history", "import", str(llm_logs(tmp_path / "logs.db")))
    prompt = history(lambda s: s.messages(1))[0]
    [item] = history(lambda s: s.attachments_of([prompt.id]))[prompt.id]
    assert (item.name, item.kind, item.mime) == ("pic.png", "image", "image/png")
    assert history(lambda s: s.blob(item.sha256)) == PNG


def test_an_llm_response_outside_a_conversation_is_a_conversation_of_its_own(
    parley, history, tmp_path
):
    parley("history", "import", str(llm_logs(tmp_path / "logs.db")))
    lone = history(lambda s: s.get_conversation(2))
    assert (lone.title, lone.model) == ("Lone question", "claude-3-haiku")
    assert parley("history", "import", str(tmp_path / "logs.db")).out.count("Skipped 2") == 1


def test_the_format_is_read_from_the_content_not_the_name(parley, tmp_path):
    disguised = llm_logs(tmp_path / "notes.json")
    assert "(an llm logs.db)" in parley("history", "import", str(disguised)).out
    chatgpt = write_json(tmp_path / "logs.db", [chatgpt_short()])
    assert "(a ChatGPT export)" in parley("history", "import", str(chatgpt)).out


def test_a_forced_format_that_does_not_fit_is_a_clear_error(parley, tmp_path):
    path = write_json(tmp_path / "conversations.json", [chatgpt_short()])
    result = parley("history", "import", str(path), "--format", "llm")
    assert result.code == 1
    assert "conversations.json cannot be read as an SQLite database" in result.err


def parley_round_trip(parley, history, tmp_path: Path, monkeypatch, *export_args: str):
    """Export from one history, import into a fresh one; both histories' conversations."""
    parley("history", "import", str(write_json(tmp_path / "c.json", [chatgpt_trip()])))
    parley("history", "import", str(llm_logs(tmp_path / "logs.db")))
    out = tmp_path / "export.json"
    assert parley("history", "export", *export_args, "-o", str(out)).code == 0
    before = [history(lambda s, i=i: s.messages(i)) for i in (1, 2)]
    monkeypatch.setenv("PARLEY_DATA_DIR", str(tmp_path / "other"))
    result = parley("history", "import", str(out))
    assert result.code == 0, result.err
    return before, out


FIELDS = ("role", "content", "model_requested", "model_answered", "status", "params")
USAGE = ("prompt_tokens", "completion_tokens", "total_tokens", "duration_ms", "created_at")


def shape(messages) -> list[tuple[object, ...]]:
    ids = {m.id: n for n, m in enumerate(messages)}
    return [(*(getattr(m, f) for f in FIELDS + USAGE), ids.get(m.parent_id)) for m in messages]


def test_a_round_trip_through_export_all_keeps_everything(parley, history, tmp_path, monkeypatch):
    before, out = parley_round_trip(
        parley, history, tmp_path, monkeypatch, "--all", "--format", "json"
    )

    async def read(store: Store):
        after = [await store.messages(i) for i in (1, 2)]
        chosen = [m.content for m in (await store.chosen_path(1)).messages]
        files = await store.attachments_of([after[1][0].id])
        return after, chosen, files[after[1][0].id], await store.get_conversation(2)

    after, chosen, files, haiku = read_store(tmp_path / "other" / "history.db", read)
    assert [shape(m) for m in after] == [shape(m) for m in before]
    assert chosen[-1] == "Sunny and warm."
    assert [f.name for f in files] == ["pic.png"]
    assert (haiku.title, haiku.system) == ("Haiku practice", "Be terse")
    again = parley("history", "import", str(out))
    assert "Imported 0 conversations" in again.out and "Skipped 3 already imported" in again.out


@pytest.mark.parametrize("branches", ["active", "all"])
def test_a_single_conversation_export_imports_back(
    parley, history, tmp_path, monkeypatch, branches
):
    parley("history", "import", str(write_json(tmp_path / "c.json", [chatgpt_trip()])))
    out = tmp_path / "one.json"
    parley("history", "export", "1", "--format", "json", "--branches", branches, "-o", str(out))
    chosen_before = [m.content for m in history(lambda s: s.chosen_path(1)).messages]
    monkeypatch.setenv("PARLEY_DATA_DIR", str(tmp_path / "other"))
    assert parley("history", "import", str(out)).code == 0

    async def read(store: Store):
        chosen = [m.content for m in (await store.chosen_path(1)).messages]
        return chosen, len(await store.messages(1))

    chosen_after, count = read_store(tmp_path / "other" / "history.db", read)
    assert chosen_after == chosen_before
    assert count == (5 if branches == "all" else 4)


def test_history_help_names_import_and_export_all(capsys):
    from tui.cli import main

    with pytest.raises(SystemExit):
        main(["history", "--help"])
    said = capsys.readouterr().out
    assert "import" in said and "--all" in said
    with pytest.raises(SystemExit):
        main(["history", "import", "--help"])
    said = capsys.readouterr().out
    assert "conversations.json" in said and "logs.db" in said and "--format" in said


def test_a_reasoning_models_thoughts_become_its_answers_reasoning(parley, history, tmp_path):
    conversation = chatgpt_short()
    thoughts = {
        "content_type": "thoughts",
        "thoughts": [{"summary": "Greeting back", "content": "They said hello."}],
    }
    mapping = conversation["mapping"]
    mapping["t"] = node("t", "u", ["b"], "assistant", content=thoughts)
    mapping["u"]["children"], mapping["b"]["parent"] = ["t"], "t"
    parley("history", "import", str(write_json(tmp_path / "c.json", [conversation])))
    prompt, answer = history(lambda s: s.messages(1))
    assert answer.reasoning == "Greeting back\n\nThey said hello."
    assert answer.parent_id == prompt.id
