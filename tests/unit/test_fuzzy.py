"""The fuzzy matcher: letters in order, scored for word starts and runs, ignoring case."""

from __future__ import annotations

from tui.fuzzy import FuzzyQuery


def best(query: str, *texts: str) -> str:
    scored = [(FuzzyQuery(query).match(text), text) for text in texts]
    return max((m.score, t) for m, t in scored if m is not None)[1]


def test_letters_must_appear_in_order() -> None:
    assert FuzzyQuery("gpt").match("openai/gpt-4o") is not None
    assert FuzzyQuery("tpg").match("openai/gpt-4o") is None


def test_case_is_ignored() -> None:
    match = FuzzyQuery("GPT").match("openai/gpt-4o")
    assert match is not None and match.positions == (7, 8, 9)


def test_positions_are_those_of_the_matched_letters() -> None:
    match = FuzzyQuery("cl35").match("anthropic/claude-3.5-sonnet")
    assert match is not None
    assert "".join("anthropic/claude-3.5-sonnet"[i] for i in match.positions) == "cl35"


def test_a_contiguous_run_beats_scattered_letters() -> None:
    assert best("mini", "openai/gpt-4o-mini", "meta/llama-instruct-m1n1") == "openai/gpt-4o-mini"


def test_a_match_at_a_word_start_beats_one_inside_a_word() -> None:
    assert best("r1", "deepseek/deepseek-r1", "vendor/super1") == "deepseek/deepseek-r1"


def test_word_starts_are_preferred_for_scattered_letters() -> None:
    match = FuzzyQuery("gf").match("google/gemini-flash-1.5")
    assert match is not None and match.positions == (0, 14)


def test_the_substring_at_a_word_start_is_the_one_highlighted() -> None:
    match = FuzzyQuery("sonnet").match("anthropic/claude-sonnet-sonnet")
    assert match is not None and match.positions[0] == 17


def test_every_word_of_the_query_must_match_in_any_order() -> None:
    assert FuzzyQuery("sonnet claude").match("anthropic/claude-3.5-sonnet") is not None
    assert FuzzyQuery("sonnet gpt").match("anthropic/claude-3.5-sonnet") is None


def test_an_empty_query_is_false() -> None:
    assert not FuzzyQuery("   ")
    assert FuzzyQuery(" a ")


def test_a_precomputed_fold_gives_the_same_match() -> None:
    query = FuzzyQuery("Gem")
    text = "Google: Gemini Flash"
    assert query.match(text) == query.match(text, text.casefold())


def test_characters_that_fold_longer_keep_positions_on_the_text() -> None:
    match = FuzzyQuery("ss").match("Straße ss")
    assert match is not None and all(i < len("Straße ss") for i in match.positions)
