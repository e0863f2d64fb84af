"""The picker's rows: pinning, sorting, filtering, the typed-id row, and cell labels."""

from __future__ import annotations

from tui.api.types import ModelInfo
from tui.model_list import ModelList, context_label, modality_label, price_label

MODELS = [
    ModelInfo(id="openai/gpt-4o", name="OpenAI: GPT-4o", context_length=128_000,
              prompt_price=2.5e-6, completion_price=1e-5),
    ModelInfo(id="anthropic/claude-3.5-sonnet", name="Anthropic: Claude 3.5 Sonnet",
              context_length=200_000, prompt_price=3e-6, completion_price=1.5e-5),
    ModelInfo(id="meta-llama/llama-3.1-8b-instruct:free", name="Meta: Llama 3.1 8B (free)",
              context_length=131_072, prompt_price=0.0, completion_price=0.0),
    ModelInfo(id="local/bare"),
]  # fmt: skip


def ids(rows) -> list[str]:
    return [row.model.id for row in rows]


def test_context_is_shown_in_thousands_or_millions() -> None:
    assert [context_label(n) for n in (128_000, 131_072, 1_000_000, 1_048_576, 512)] == [
        "128k", "131k", "1M", "1.05M", "512",
    ]  # fmt: skip
    assert context_label(None) == "—"


def test_prices_are_per_million_tokens_free_at_zero_and_dashed_when_unknown() -> None:
    assert price_label(2.5e-6) == "2.50"
    assert price_label(7.5e-9) == "0.0075"
    assert price_label(0.0) == "free"
    assert price_label(None) == "—"


def test_modality_reads_with_an_arrow() -> None:
    assert modality_label("text+image->text") == "text+image→text"
    assert modality_label(None) == "—"


def test_by_name_sorts_on_the_name_or_the_id() -> None:
    assert ids(ModelList(MODELS).rows("")) == [
        "anthropic/claude-3.5-sonnet", "local/bare",
        "meta-llama/llama-3.1-8b-instruct:free", "openai/gpt-4o",
    ]  # fmt: skip


def test_by_price_cheapest_first_unknown_last() -> None:
    assert ids(ModelList(MODELS).rows("", "price"))[0] == "meta-llama/llama-3.1-8b-instruct:free"
    assert ids(ModelList(MODELS).rows("", "price"))[-1] == "local/bare"


def test_by_context_largest_first_unknown_last() -> None:
    assert ids(ModelList(MODELS).rows("", "context"))[0] == "anthropic/claude-3.5-sonnet"
    assert ids(ModelList(MODELS).rows("", "context"))[-1] == "local/bare"


def test_favourites_then_recent_then_the_rest() -> None:
    models = ModelList(MODELS, favourites=["openai/gpt-4o"], recent=["local/bare"])
    rows = models.rows("")
    assert [(r.model.id, r.mark) for r in rows[:2]] == [
        ("openai/gpt-4o", "favourite"),
        ("local/bare", "recent"),
    ]
    assert len(rows) == len(MODELS)


def test_marked_ids_missing_from_the_server_list_are_still_offered() -> None:
    rows = ModelList(MODELS, recent=["my/fine-tune"]).rows("")
    assert rows[0].model == ModelInfo(id="my/fine-tune") and rows[0].mark == "recent"


def test_a_longer_query_narrows_the_last_matches() -> None:
    models = ModelList(MODELS)
    assert len(models.rows("o")) > len(models.rows("op"))
    assert ids(models.rows("opgpt")) == ["openai/gpt-4o", "opgpt"]
    assert "anthropic/claude-3.5-sonnet" in ids(models.rows("o"))  # shorter again: all searched


def test_the_typed_id_row_is_offered_only_for_a_single_word_not_listed() -> None:
    models = ModelList(MODELS)
    assert models.rows("x/y")[-1].custom
    assert not any(row.custom for row in models.rows("openai/gpt-4o"))
    assert not any(row.custom for row in models.rows("gpt 4o"))


def test_unstarring_unpins() -> None:
    models = ModelList(MODELS, favourites=["openai/gpt-4o"])
    models.set_favourite("openai/gpt-4o", False)
    assert models.rows("")[0].mark == ""


def test_starring_a_typed_id_lists_it_among_the_favourites() -> None:
    models = ModelList(MODELS)
    models.set_favourite("my/fine-tune", True)
    assert (models.rows("")[0].model.id, models.rows("")[0].mark) == ("my/fine-tune", "favourite")
    assert not any(row.custom for row in models.rows("my/fine-tune"))
