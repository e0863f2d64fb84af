"""Search: ranked hits with snippets, kept in step with every change, safe for any input."""

from __future__ import annotations

import pytest

from tui.store import Ending, Store
from tui.store.search import run_search


async def say(store: Store, *texts: str, title: str | None = None) -> list[int]:
    conversation = await store.create_conversation(title)
    return [(await store.add_message(conversation.id, "user", text)).id for text in texts]


async def test_a_word_finds_the_messages_that_contain_it(store: Store) -> None:
    ids = await say(store, "the quick brown fox", "a lazy dog", "another fox appears")
    assert sorted(hit.message_id for hit in await store.search("fox")) == [ids[0], ids[2]]


async def test_every_word_must_match(store: Store) -> None:
    ids = await say(store, "red apple", "green apple", "red car")
    assert [hit.message_id for hit in await store.search("red apple ")] == [ids[0]]


async def test_the_most_relevant_message_comes_first(store: Store) -> None:
    filler = "words about other matters entirely " * 8
    ids = await say(
        store,
        f"{filler} kangaroo {filler}",
        "kangaroo kangaroo: all about the kangaroo",
        f"one kangaroo {filler}",
    )
    hits = await store.search("kangaroo")
    assert hits[0].message_id == ids[1]
    assert hits[-1].message_id == ids[0]
    assert hits[0].score <= hits[1].score <= hits[2].score


async def test_a_hit_says_where_it_is(store: Store) -> None:
    conversation = await store.create_conversation("Zoo trip")
    message = await store.add_message(conversation.id, "assistant", "Penguins are birds.")
    [hit] = await store.search("penguins")
    assert (hit.message_id, hit.conversation_id, hit.conversation_title) == (
        message.id,
        conversation.id,
        "Zoo trip",
    )
    assert (hit.role, hit.created_at) == ("assistant", message.created_at)


async def test_the_snippet_marks_the_matched_words(store: Store) -> None:
    await say(store, "Use the Borrow checker.\n\nIt checks borrows.")
    [hit] = await store.search("borrow")
    assert hit.snippet == "Use the Borrow checker. It checks borrows."
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["Borrow", "borrows"]
    assert hit.marked("<", ">") == "Use the <Borrow> checker. It checks <borrows>."


async def test_the_snippet_of_a_long_message_is_cut_around_the_match(store: Store) -> None:
    before = " ".join(f"before{i}" for i in range(200))
    after = " ".join(f"after{i}" for i in range(200))
    await say(store, f"{before} the needle is here {after}")
    [hit] = await store.search("needle")
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert len(hit.snippet) < 200
    assert hit.marked().count("[needle]") == 1


async def test_the_snippet_prefers_the_passage_with_the_most_terms(store: Store) -> None:
    far = " ".join(f"w{i}" for i in range(100))
    await say(store, f"alpha {far} alpha beta together {far} beta")
    [hit] = await store.search("alpha beta")
    assert "alpha beta together" in hit.snippet


async def test_the_last_word_matches_as_a_prefix_while_typing(store: Store) -> None:
    ids = await say(store, "configuration files", "confusing names")
    assert [hit.message_id for hit in await store.search("config")] == [ids[0]]
    assert sorted(hit.message_id for hit in await store.search("conf")) == ids
    [hit] = await store.search("config")
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["configuration"]


async def test_a_trailing_space_ends_the_prefix(store: Store) -> None:
    await say(store, "configuration files")
    assert await store.search("config ") == []


async def test_a_star_makes_any_word_a_prefix(store: Store) -> None:
    ids = await say(store, "configuration files", "config files")
    assert sorted(hit.message_id for hit in await store.search("config* files")) == ids


async def test_a_quoted_phrase_matches_those_words_in_order(store: Store) -> None:
    ids = await say(store, "the black cat sat", "the cat was black")
    assert [hit.message_id for hit in await store.search('"black cat"')] == [ids[0]]


async def test_case_and_accents_do_not_matter(store: Store) -> None:
    ids = await say(store, "Un café crème à Zürich")
    assert [hit.message_id for hit in await store.search("CAFE creme zurich")] == ids
    [hit] = await store.search("cafe")
    assert [hit.snippet[a:b] for a, b in hit.highlights] == ["café"]


async def test_non_latin_scripts_are_searchable(store: Store) -> None:
    ids = await say(store, "東京の天気 は 晴れ", "Привет, мир")
    assert [hit.message_id for hit in await store.search("東京")] == [ids[0]]
    assert [hit.message_id for hit in await store.search("мир")] == [ids[1]]


async def test_operator_words_are_searched_as_words(store: Store) -> None:
    ids = await say(store, "to be OR NOT to be", "to be is to do")
    assert [hit.message_id for hit in await store.search("be OR NOT")] == [ids[0]]


async def test_the_limit_caps_the_hits(store: Store) -> None:
    await say(store, *[f"echo number {i}" for i in range(30)])
    assert len(await store.search("echo", limit=7)) == 7
    assert await store.search("echo", limit=0) == []


async def test_with_many_matches_the_newest_are_ranked(store: Store) -> None:
    ids = await say(store, *[f"common word {i}" for i in range(50)])
    hits = await run_search(store._db, "common", limit=5, candidates=10)
    assert len(hits) == 5
    assert {hit.message_id for hit in hits} <= set(ids[-10:])


# -- the index follows every change --------------------------------------------------------


async def test_a_streaming_answer_is_found_only_once_finished(store: Store) -> None:
    conversation = await store.create_conversation("c")
    message = await store.start_assistant_message(conversation.id, "m", {})
    await store.save_progress(message.id, "a partial walrus")
    assert await store.search("walrus") == []
    await store.finish_message(message.id, Ending(content="a whole walrus", status="complete"))
    assert [hit.message_id for hit in await store.search("walrus")] == [message.id]
    assert await store.search("partial") == []


async def test_a_cancelled_answer_is_searchable_by_its_partial_text(store: Store) -> None:
    conversation = await store.create_conversation("c")
    message = await store.start_assistant_message(conversation.id, "m", {})
    await store.save_progress(message.id, "half a narwhal")
    await store.finish_message(message.id, Ending(status="cancelled"))
    assert [hit.message_id for hit in await store.search("narwhal")] == [message.id]


async def test_refinishing_with_new_text_replaces_the_old_words(store: Store) -> None:
    conversation = await store.create_conversation("c")
    message = await store.start_assistant_message(conversation.id, "m", {})
    await store.finish_message(
        message.id, Ending(content="first draft about otters", status="error")
    )
    await store.finish_message(
        message.id, Ending(content="final text about beavers", status="complete")
    )
    assert await store.search("otters") == []
    assert [hit.message_id for hit in await store.search("beavers")] == [message.id]


async def test_a_deleted_message_is_no_longer_found(store: Store) -> None:
    [message_id] = await say(store, "ephemeral lemur")
    await store.delete_message(message_id)
    assert await store.search("lemur") == []


async def test_a_deleted_conversation_is_no_longer_found(store: Store) -> None:
    await say(store, "ephemeral lemur", "and a lemur again")
    conversation = await store.latest_conversation()
    assert conversation is not None
    await store.delete_conversation(conversation.id)
    assert await store.search("lemur") == []


async def test_a_renamed_conversation_shows_its_new_title_in_hits(store: Store) -> None:
    await say(store, "gecko facts", title="Old")
    conversation = await store.latest_conversation()
    assert conversation is not None
    await store.rename_conversation(conversation.id, "Reptiles")
    [hit] = await store.search("gecko")
    assert hit.conversation_title == "Reptiles"


async def test_optimizing_the_index_keeps_every_hit(store: Store) -> None:
    ids = await say(store, "ibis one", "ibis two")
    await store.optimize()
    assert sorted(hit.message_id for hit in await store.search("ibis")) == ids


# -- any input is a valid query ------------------------------------------------------------

NASTY = [
    "",
    " ",
    "\t\n",
    '"',
    '""',
    '"""',
    "'",
    "*",
    "**",
    "foo*bar",
    "-",
    "--",
    "-foo",
    "foo -bar",
    "+",
    "^",
    "^foo",
    "(",
    ")",
    "()",
    "(foo",
    "foo)",
    "(foo OR bar",
    "AND",
    "OR",
    "NOT",
    "NEAR",
    "foo AND",
    "OR foo",
    "NOT foo",
    "foo NOT",
    "NEAR(foo bar)",
    "NEAR(foo bar, 2)",
    "NEAR/3",
    "foo NEAR/2 bar",
    "content:foo",
    "content:",
    ":",
    "::",
    "{content}: foo",
    "-content:foo",
    "rowid:1",
    "messages_fts:foo",
    "col1 : foo",
    '"unterminated phrase',
    'a "quoted" b "',
    'he said "hi',
    "foo\x00bar",
    "\x00",
    "%",
    "_",
    "foo_",
    "\\",
    "\\x00",
    "';DROP TABLE messages;--",
    "Robert'); DROP TABLE conversations;--",
    "$$",
    "@@",
    "#",
    "~",
    "`code`",
    "<b>bold</b>",
    "x" * 5000,
    "word " * 500,
    "🙂",
    "🙂 emoji",
    "👩‍👩‍👧‍👦",
    "東京",
    "東",
    "ß",
    "ﬁ",
    "İstanbul",
    "\u200b",
    "\u2028",
    "a\u0301",
    "١٢٣",
    "NULL",
    "null",
    "*foo",
    "f*",
    "foo**",
    'foo"bar',
    "[brackets]",
    "{braces}",
]


@pytest.mark.parametrize("query", NASTY, ids=range(len(NASTY)))
async def test_any_text_is_a_valid_query(store: Store, query: str) -> None:
    await say(store, "foo bar content NEAR NOT OR AND messages 東京 emoji")
    hits = await store.search(query)
    assert isinstance(hits, list)
    assert all(hit.snippet for hit in hits)


@pytest.mark.parametrize("query", ["", "   ", "()", "-", '""', "*", "🙂", "\x00"])
async def test_a_query_with_nothing_to_look_for_finds_nothing(store: Store, query: str) -> None:
    await say(store, "anything at all")
    assert await store.search(query) == []


async def test_sql_in_a_query_is_only_text(store: Store) -> None:
    [message_id] = await say(store, "never drop table messages, they said")
    hits = await store.search("'; DROP TABLE messages; --")
    assert [hit.message_id for hit in hits] == [message_id]
    assert len(await store.messages(hits[0].conversation_id)) == 1


async def test_a_column_filter_is_only_text(store: Store) -> None:
    ids = await say(store, "the content: of it", "nothing here")
    assert [hit.message_id for hit in await store.search("content:")] == [ids[0]]


async def test_a_hit_names_the_model_that_wrote_it_else_the_conversations(store: Store) -> None:
    chat = await store.create_conversation("Birds", model="m/chat")
    await store.add_message(chat.id, "user", "tell me about puffins")
    await store.add_message(
        chat.id, "assistant", "puffins dive", model_requested="m/auto", model_answered="m/real"
    )
    await store.add_message(chat.id, "assistant", "puffins nest", model_requested="m/asked")

    hits = {hit.snippet: hit for hit in await store.search("puffins")}

    assert {snippet: hit.model for snippet, hit in hits.items()} == {
        "tell me about puffins": "m/chat",
        "puffins dive": "m/real",
        "puffins nest": "m/asked",
    }
    hit = hits["puffins dive"]
    assert (hit.conversation_title, hit.highlights, hit.on_chosen_path) == (
        "Birds",
        ((0, 7),),
        True,
    )
