"""`parley history` over a tree: show the chosen path with ‹ i/n ›, export every branch, search."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from tui.store import Store


@pytest.fixture
def branched(isolated_env: Path) -> dict[str, int]:
    """Conversation 1: a prompt answered three times (the second chosen), then a follow-up
    under the first answer and one under the second."""

    async def build() -> dict[str, int]:
        async with await Store.open(isolated_env / "data" / "history.db") as store:
            cid = (await store.create_conversation("Rivers", model="m/one")).id
            ids = {"q": (await store.add_message(cid, "user", "name a river")).id}
            ids["a"] = (await store.add_message(cid, "assistant", "the Nile")).id
            ids["a q2"] = (await store.add_message(cid, "user", "how long is it")).id
            ids["b"] = (
                await store.add_message(cid, "assistant", "the Amazon", parent_id=ids["q"])
            ).id
            ids["b q2"] = (await store.add_message(cid, "user", "where does it rise")).id
            ids["c"] = (
                await store.add_message(cid, "assistant", "the Danube", parent_id=ids["q"])
            ).id
            await store.choose(ids["b q2"])
            return ids

    return asyncio.run(build())


def test_show_prints_the_chosen_path_and_marks_siblings(parley, branched):
    result = parley("history", "show", "1")
    assert result.code == 0
    assert "the Amazon" in result.out and "where does it rise" in result.out
    assert "the Nile" not in result.out and "the Danube" not in result.out
    assert "## Assistant · ? ‹ 2/3 ›" in result.out


def test_show_as_json_gives_each_message_its_place_among_siblings(parley, branched):
    data = json.loads(parley("history", "show", "1", "--json").out)
    assert [m["content"] for m in data["messages"]] == [
        "name a river",
        "the Amazon",
        "where does it rise",
    ]
    assert data["messages"][1]["siblings"] == {"index": 2, "count": 3}
    assert data["messages"][1]["parent_id"] == branched["q"]


def test_export_is_the_chosen_path_by_default(parley, branched):
    result = parley("history", "export", "1")
    assert "the Amazon" in result.out and "the Nile" not in result.out
    assert result.out == parley("history", "export", "1", "--branches", "active").out


def test_export_all_branches_as_markdown_writes_every_message_once(parley, branched):
    out = parley("history", "export", "1", "--branches", "all").out
    for text in ("name a river", "the Nile", "how long is it", "the Amazon", "the Danube"):
        assert out.count(f"> {text}") == 1, text
    assert out.index("the Amazon") < out.index("## Branch 2")  # the chosen path comes first
    assert f"## Branch 2 · after #{branched['q']}" in out
    assert f"#{branched['a']} ‹ 1/3 ›" in out


def test_export_all_branches_as_json_is_the_tree_with_parent_ids(parley, branched):
    data = json.loads(parley("history", "export", "1", "--branches", "all", "--format", "json").out)
    parents = {m["id"]: m["parent_id"] for m in data["messages"]}
    assert len(parents) == 6
    assert (
        parents[branched["a"]] == parents[branched["b"]] == parents[branched["c"]] == branched["q"]
    )
    assert parents[branched["a q2"]] == branched["a"]
    assert data["chosen_path"] == [branched["q"], branched["b"], branched["b q2"]]


def test_search_finds_a_hit_in_another_branch_and_says_so(parley, branched):
    out = parley("history", "search", "Nile").out
    assert "«Nile»" in out
    assert f"in another branch (#{branched['a']})" in out
    chosen = parley("history", "search", "Amazon").out
    assert "another branch" not in chosen


def test_search_as_json_tells_whether_a_hit_is_on_the_chosen_path(parley, branched):
    hits = json.loads(parley("history", "search", "the", "--json").out)
    on_path = {hit["message_id"]: hit["on_chosen_path"] for hit in hits}
    assert on_path[branched["b"]] is True and on_path[branched["c"]] is False
