"""`history show` lists a message's files and an answer's sources; `export` writes them too."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from tests import samples

HOSTILE = "evil\x1b]52;c;aGk=\x07title"


@pytest.fixture
def asked(parley, tmp_path: Path) -> Path:
    """Conversation 1: a prompt with a picture and a text file, answered with two sources."""
    png = samples.write(tmp_path, "shot.png", samples.png())
    notes = samples.write(tmp_path, "notes.md", "# Notes\n")
    result = parley(
        "ask", "-m", "sim/normal", "--web", "--web-results", "2", "Look",
        "-a", str(png), "-a", str(notes),
    )  # fmt: skip
    assert result.code == 0, result.err
    return tmp_path


def test_show_lists_the_files_and_numbers_the_sources(parley, asked) -> None:
    result = parley("history", "show", "1")
    assert result.code == 0, result.err
    out = result.out
    size = f"{len(samples.png()):,}"
    assert (
        f"Attached:\n\n- shot.png (image, png, {size} bytes)\n- notes.md (text, text, 8 bytes)"
        in out
    )
    assert (
        "Sources:\n\n"
        "1. Result 1 on Look <https://search.example/1?q=919>\n"
        "2. Result 2 on Look <https://search.example/2?q=838>"
    ) in out
    assert out.index("Attached:") < out.index("## Assistant") < out.index("Sources:")


def test_show_json_has_the_files_without_their_bytes_and_the_citations(parley, asked) -> None:
    data = json.loads(parley("history", "show", "1", "--json").out)
    user, answer = data["messages"]
    assert [(a["name"], a["kind"], a["size"]) for a in user["attachments"]] == [
        ("shot.png", "image", len(samples.png())),
        ("notes.md", "text", 8),
    ]
    assert "data_base64" not in user["attachments"][0]
    assert [c["url"] for c in answer["citations"]] == [
        "https://search.example/1?q=919",
        "https://search.example/2?q=838",
    ]


def test_export_md_writes_the_files_in_a_folder_beside_it(parley, asked) -> None:
    out = asked / "export" / "talk.md"
    out.parent.mkdir()
    result = parley("history", "export", "1", "-o", str(out))
    assert result.code == 0, result.err
    folder = asked / "export" / "talk.files"
    assert (folder / "1-1-shot.png").read_bytes() == samples.png()
    assert (folder / "1-2-notes.md").read_text() == "# Notes\n"
    text = out.read_text()
    assert "- [shot.png](<talk.files/1-1-shot.png>) (image, png," in text
    assert "1. Result 1 on Look <https://search.example/1?q=919>" in text
    assert "Wrote 2 attached files to" in result.err


def test_export_md_to_stdout_says_the_files_were_not_written(parley, asked) -> None:
    result = parley("history", "export", "1")
    assert result.code == 0
    assert "- shot.png (image, png," in result.out
    assert "give -o FILE" in result.err


def test_export_json_carries_the_files_inline_in_base64(parley, asked) -> None:
    result = parley("history", "export", "1", "--format", "json")
    data = json.loads(result.out)
    picture = data["messages"][0]["attachments"][0]
    assert base64.b64decode(picture["data_base64"]) == samples.png()
    assert picture["sha256"] and picture["mime"] == "image/png"
    assert len(data["messages"][1]["citations"]) == 2


def test_export_of_every_branch_carries_the_files_too(parley, asked) -> None:
    data = json.loads(parley("history", "export", "1", "--format", "json", "--branches", "all").out)
    assert data["messages"][0]["attachments"][0]["name"] == "shot.png"


def test_a_hostile_file_name_cannot_leave_the_export_folder(parley, tmp_path: Path) -> None:
    evil = samples.write(tmp_path, "..notes.txt", "x\n")
    assert parley("ask", "-m", "sim/normal", "hi", "-a", str(evil)).code == 0
    out = tmp_path / "e.md"
    assert parley("history", "export", "1", "-o", str(out)).code == 0
    assert [p.name for p in (tmp_path / "e.files").iterdir()] == ["1-1-notes.txt"]
