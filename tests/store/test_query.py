"""Reading a typed query into safe FTS5, and cutting a snippet around what matched."""

from __future__ import annotations

from tui.store.query import MAX_TERMS, Term, build_match, parse_query
from tui.store.snippets import fold, make_snippet


def match(query: str) -> str | None:
    return build_match(parse_query(query))


def test_each_word_becomes_a_quoted_term_and_the_last_a_prefix() -> None:
    assert match("hello wor") == '"hello" "wor"*'


def test_a_trailing_space_means_the_last_word_is_whole() -> None:
    assert match("hello world ") == '"hello" "world"'


def test_a_quoted_phrase_stays_one_term_and_is_never_a_prefix() -> None:
    assert match('say "hello world"') == '"say" "hello world"'


def test_an_operator_is_quoted_like_any_word() -> None:
    assert match("cats OR dogs NOT NEAR(x) ") == '"cats" "OR" "dogs" "NOT" "NEAR(x)"'


def test_a_double_quote_inside_a_word_is_escaped() -> None:
    assert match('say"what ') == '"say""what"'


def test_an_unterminated_quote_is_just_a_character() -> None:
    assert match('"open phrase') == '"""open" "phrase"*'


def test_words_without_letters_or_digits_are_dropped() -> None:
    assert match("foo -- ( ) * bar ") == '"foo" "bar"'


def test_a_starred_word_is_a_prefix_anywhere() -> None:
    assert match("conf* files ") == '"conf*"* "files"'


def test_a_one_letter_last_word_is_not_a_prefix() -> None:
    assert parse_query("vitamin c") == [Term("vitamin"), Term("c")]


def test_nul_characters_are_spaces() -> None:
    assert match("foo\x00bar ") == '"foo" "bar"'


def test_nothing_to_look_for_gives_no_expression() -> None:
    assert match("  -- () ") is None


def test_a_pasted_page_keeps_only_the_first_terms() -> None:
    assert len(parse_query("word " * 500)) == MAX_TERMS


def test_folding_removes_case_and_accents_but_keeps_offsets() -> None:
    text = "Crème BRÛLÉE, İstanbul, Straße, 東京"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("creme brulee")


def test_a_snippet_of_a_short_message_is_all_of_it_on_one_line() -> None:
    snippet, spans = make_snippet("Line one\n\n  has   a target.\n", [Term("target")])
    assert snippet == "Line one has a target."
    assert [snippet[a:b] for a, b in spans] == ["target"]


def test_a_snippet_without_a_visible_match_starts_at_the_beginning() -> None:
    assert make_snippet("plain words here", [Term("absent")]) == ("plain words here", ())


def test_a_snippet_highlights_whole_words_for_a_prefix() -> None:
    snippet, spans = make_snippet("unconfigured configuration", [Term("config", prefix=True)])
    assert [snippet[a:b] for a, b in spans] == ["configuration"]


def test_a_snippet_starts_and_ends_at_word_breaks() -> None:
    content = " ".join(f"word{i}" for i in range(100)) + " target " + "tail " * 100
    snippet, spans = make_snippet(content, [Term("target")])
    words = snippet.strip("…").split()
    assert all(w.startswith("word") or w in ("target", "tail") for w in words)
    assert [snippet[a:b] for a, b in spans] == ["target"]
