"""The models cache: the picker's list, replaced whole, returned in order, aged out."""

from __future__ import annotations

import json

from tui.store import Store

from . import Clock

MODELS = [
    ("openai/gpt-4o", json.dumps({"id": "openai/gpt-4o", "context_length": 128000})),
    ("anthropic/claude-3.5-sonnet", json.dumps({"id": "anthropic/claude-3.5-sonnet"})),
    ("meta-llama/llama-3.1-8b-instruct:free", json.dumps({"pricing": {"prompt": "0"}})),
]


async def test_cached_models_come_back_in_the_order_given(store: Store, clock: Clock) -> None:
    await store.cache_models(MODELS)
    cached = await store.cached_models()
    assert [(m.id, m.payload) for m in cached] == MODELS
    assert {m.fetched_at for m in cached} == {clock.now}


async def test_caching_again_replaces_the_whole_list(store: Store) -> None:
    await store.cache_models(MODELS)
    await store.cache_models([("openai/gpt-4o", "{}")])
    assert [m.id for m in await store.cached_models()] == ["openai/gpt-4o"]


async def test_an_empty_cache_is_an_empty_list(store: Store) -> None:
    assert await store.cached_models() == []


async def test_a_cache_older_than_max_age_is_not_returned(store: Store, clock: Clock) -> None:
    await store.cache_models(MODELS)
    clock.advance(3600)
    assert len(await store.cached_models(max_age=3600)) == 3
    clock.advance(1)
    assert await store.cached_models(max_age=3600) == []
    assert len(await store.cached_models()) == 3
