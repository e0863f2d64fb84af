"""`parley history export --all`: every conversation as JSON lines or a folder of Markdown,
file names safe from hostile titles, and nothing replaced without --force."""

from __future__ import annotations

import asyncio
import base64
import json
from pathlib import Path

import pytest

from tui.commands.history_all import file_stem
from tui.store import ImportedConversation, ImportedMessage, NewAttachment, Store, StoredCitation

HOSTILE = "../../evil\x1b]0;pwned\x07\u202e/..\\name."


@pytest.fixture
def stored(isolated_env: Path) -> None:
    """Three conversations: a branched one with a file and a source, a hostile title, a
    plain one."""

    def chat(*texts: str, **fields: object) -> ImportedConversation:
        roles = ["user", "assistant"]
        messages = [ImportedMessage(roles[i % 2], t, 10.0 + i) for i, t in enumerate(texts)]
        return ImportedConversation(messages, **fields)  # type: ignore[arg-type]

    png = NewAttachment("a.png", "image", "png", "image/png", b"\x89PNGdata")
    branched = chat(
        "q",
        "first answer",
        "second answer",
        title="Branches",
        parents=[None, 0, 0],
        chosen=1,
        attachments={0: [png]},
        citations={2: [StoredCitation("https://a.example", "A")]},
    )

    async def build() -> None:
        async with await Store.open(isolated_env / "data" / "history.db") as store:
            await store.import_new([branched, chat("x", title=HOSTILE), chat("plain", "ok")])

    asyncio.run(build())


@pytest.mark.usefixtures("stored")
def test_json_lines_hold_one_whole_conversation_per_line(parley):
    result = parley("history", "export", "--all", "--format", "json")
    assert result.code == 0
    lines = [json.loads(line) for line in result.out.splitlines()]
    assert [line["conversation"]["id"] for line in lines] == [1, 2, 3]
    tree = lines[0]
    assert [m["content"] for m in tree["messages"]] == ["q", "first answer", "second answer"]
    assert tree["chosen_path"] == [1, 2]
    assert base64.b64decode(tree["messages"][0]["attachments"][0]["data_base64"]) == b"\x89PNGdata"
    assert tree["messages"][2]["citations"][0]["url"] == "https://a.example"
    assert "Wrote 3 conversations (6 messages) to stdout" in result.err


@pytest.mark.usefixtures("stored")
def test_json_lines_go_to_a_file_which_is_not_replaced_without_force(parley, tmp_path):
    out = tmp_path / "all.jsonl"
    assert parley("history", "export", "--all", "--format", "json", "-o", str(out)).code == 0
    assert len(out.read_text().splitlines()) == 3
    out.write_text("keep me")
    refused = parley("history", "export", "--all", "--format", "json", "-o", str(out))
    assert refused.code == 2 and "give --force" in refused.err
    assert out.read_text() == "keep me"
    forced = parley("history", "export", "--all", "--format", "json", "-o", str(out), "--force")
    assert forced.code == 0 and len(out.read_text().splitlines()) == 3


@pytest.mark.usefixtures("stored")
def test_markdown_makes_a_folder_of_one_file_per_conversation(parley, tmp_path):
    folder = tmp_path / "md"
    result = parley("history", "export", "--all", "-o", str(folder))
    assert result.code == 0, result.err
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["1-Branches.files", "1-Branches.md", "2-evil-0-pwned-name.md", "3-plain.md"]
    text = (folder / "1-Branches.md").read_text()
    assert "first answer" in text and "second answer" not in text  # the chosen path
    assert "(<1-Branches.files/" in text
    assert [p.read_bytes() for p in (folder / "1-Branches.files").iterdir()] == [b"\x89PNGdata"]


@pytest.mark.usefixtures("stored")
def test_markdown_with_every_branch(parley, tmp_path):
    parley("history", "export", "--all", "-o", str(tmp_path / "md"), "--branches", "all")
    text = (tmp_path / "md" / "1-Branches.md").read_text()
    assert "first answer" in text and "second answer" in text


@pytest.mark.usefixtures("stored")
def test_markdown_replaces_nothing_without_force_and_writes_nothing_then(parley, tmp_path):
    folder = tmp_path / "md"
    folder.mkdir()
    (folder / "3-plain.md").write_text("mine")
    refused = parley("history", "export", "--all", "-o", str(folder))
    assert refused.code == 2 and "3-plain.md exists: give --force" in refused.err
    assert sorted(p.name for p in folder.iterdir()) == ["3-plain.md"]
    assert parley("history", "export", "--all", "-o", str(folder), "--force").code == 0
    assert "plain" in (folder / "3-plain.md").read_text()


def test_a_file_name_never_leaves_its_folder_or_carries_controls():
    for title in (HOSTILE, "..", "/etc/passwd", "", "\u202e\x00", "a" * 500, "CON.txt"):
        stem = file_stem(7, title)
        assert stem.startswith("7-") and len(stem) <= 70
        assert all(ch.isalnum() or ch in "-_" for ch in stem), stem
        assert Path(stem).name == stem


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("export",), "a conversation id, or --all"),
        (("export", "1", "--all"), "a conversation id, or --all"),
        (("export", "--all"), "give -o DIR"),
    ],
)
def test_export_needs_one_conversation_or_all(parley, args, said):
    result = parley("history", *args)
    assert result.code == 2 and said in result.err


@pytest.mark.usefixtures("stored")
def test_markdown_to_a_file_that_is_not_a_folder_is_refused(parley, tmp_path):
    (tmp_path / "f").write_text("x")
    result = parley("history", "export", "--all", "-o", str(tmp_path / "f"))
    assert result.code == 2 and "is a file" in result.err
