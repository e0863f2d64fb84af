"""The model catalog: the /models list kept in the store, read offline, aged, refreshed."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from tui.api.client import OpenAICompatibleClient
from tui.api.errors import ApiError, ErrorKind
from tui.api.resources import models_from_json
from tui.api.retry import RetryPolicy
from tui.api.types import ModelInfo
from tui.catalog import (
    CatalogSnapshot,
    ModelCatalog,
    age_text,
    model_to_json,
    refresh_failed_note,
)
from tui.sim.catalog import models_list
from tui.store import Store

CLOSED = "http://127.0.0.1:9/v1"  # nothing listens on the discard port
DAY = 86_400.0


class Clock:
    def __init__(self, now: float = 1_750_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def live(simulator) -> AsyncIterator[OpenAICompatibleClient]:
    async with OpenAICompatibleClient(simulator.base_url) as client:
        yield client


@pytest.fixture
async def dead() -> AsyncIterator[OpenAICompatibleClient]:
    async with OpenAICompatibleClient(CLOSED, retry=RetryPolicy(max_attempts=1)) as client:
        yield client


GPT4O = ModelInfo(
    id="openai/gpt-4o",
    name="OpenAI: GPT-4o",
    context_length=128_000,
    prompt_price=2.5e-6,
    completion_price=1e-5,
    supported_parameters=("temperature", "top_p"),
    modality="text+image->text",
    max_completion_tokens=16_384,
    is_moderated=True,
)


# -- what /models is read into -------------------------------------------------------------


def test_openrouter_entries_fill_the_details_fields() -> None:
    models = {m.id: m for m in models_from_json({"data": models_list()})}
    gpt = models["openai/gpt-4o"]
    assert (gpt.modality, gpt.tokenizer) == ("text->text", "GPT")
    assert (gpt.max_completion_tokens, gpt.is_moderated) == (16384, True)
    assert models["mistralai/mistral-large"].max_completion_tokens is None


def test_a_bare_id_list_from_another_server_is_read_with_unknowns() -> None:
    assert models_from_json({"data": [{"id": "llama3.2:3b", "object": "model"}]}) == [
        ModelInfo(id="llama3.2:3b")
    ]


# -- ModelInfo as stored JSON --------------------------------------------------------------


async def cached_models(store: Store, clock: Clock, *rows: tuple[str, str]) -> tuple:
    """What the catalog reads back, offline, from these cached (id, payload) rows."""
    await store.cache_models(rows)
    return (await ModelCatalog(None, store, clock=clock).cached()).models


async def test_a_model_survives_the_round_trip_through_json(store: Store, clock: Clock) -> None:
    assert await cached_models(store, clock, (GPT4O.id, model_to_json(GPT4O))) == (GPT4O,)


async def test_unknown_keys_are_ignored_and_missing_ones_default(store: Store, clock) -> None:
    text = json.dumps({"id": "x/y", "name": "Y", "future_field": 1, "supported_parameters": []})
    assert await cached_models(store, clock, ("x/y", text)) == (ModelInfo(id="x/y", name="Y"),)


async def test_a_damaged_entry_keeps_its_id(store: Store, clock: Clock) -> None:
    assert await cached_models(store, clock, ("x/y", "{not json")) == (ModelInfo(id="x/y"),)


# -- reading the cache ---------------------------------------------------------------------


async def test_the_cached_list_is_read_without_a_client(store: Store, clock: Clock) -> None:
    await store.cache_models([(GPT4O.id, model_to_json(GPT4O))])
    snapshot = await ModelCatalog(None, store, clock=clock).cached()
    assert snapshot == CatalogSnapshot((GPT4O,), clock.now, stale=False)


async def test_nothing_cached_is_an_empty_stale_list(store: Store, clock: Clock) -> None:
    assert await ModelCatalog(None, store, clock=clock).cached() == CatalogSnapshot((), None, True)


async def test_a_list_older_than_a_day_is_stale(store: Store, clock: Clock) -> None:
    await store.cache_models([(GPT4O.id, model_to_json(GPT4O))])
    catalog = ModelCatalog(None, store, clock=clock)
    clock.now += DAY
    assert not (await catalog.cached()).stale
    clock.now += 1
    snapshot = await catalog.cached()
    assert snapshot.stale and snapshot.models == (GPT4O,)


async def test_max_age_is_configurable(store: Store, clock: Clock) -> None:
    await store.cache_models([(GPT4O.id, model_to_json(GPT4O))])
    clock.now += 61
    assert (await ModelCatalog(None, store, clock=clock, max_age=60).cached()).stale


async def test_one_damaged_entry_does_not_lose_the_others(store: Store, clock: Clock) -> None:
    await store.cache_models([("broken/one", "{oops"), (GPT4O.id, model_to_json(GPT4O))])
    models = (await ModelCatalog(None, store, clock=clock).cached()).models
    assert models == (ModelInfo(id="broken/one"), GPT4O)


async def test_another_servers_list_counts_as_none(store: Store, clock: Clock, dead) -> None:
    await store.cache_models([(GPT4O.id, model_to_json(GPT4O, source="http://other/v1"))])
    assert await ModelCatalog(dead, store, clock=clock).cached() == CatalogSnapshot((), None, True)
    assert (await ModelCatalog(None, store, clock=clock).cached()).models == (GPT4O,)


# -- refreshing ----------------------------------------------------------------------------


async def test_refresh_fetches_and_stores_the_list(store: Store, clock: Clock, live) -> None:
    snapshot = await ModelCatalog(live, store, clock=clock).refresh()
    assert "openai/gpt-4o" in {m.id for m in snapshot.models}
    assert snapshot.fetched_at == clock.now and not snapshot.stale
    offline = await ModelCatalog(None, store, clock=clock).cached()
    assert offline.models == snapshot.models


async def test_refresh_answers_later_reads_from_memory(store: Store, clock: Clock, live) -> None:
    catalog = ModelCatalog(live, store, clock=clock)
    refreshed = await catalog.refresh()
    await store.cache_models([])
    assert (await catalog.cached()).models == refreshed.models


async def test_a_failed_refresh_raises_and_keeps_the_cache(
    store: Store, clock: Clock, dead
) -> None:
    await store.cache_models([(GPT4O.id, model_to_json(GPT4O, source=CLOSED))])
    catalog = ModelCatalog(dead, store, clock=clock)
    with pytest.raises(ApiError) as failure:
        await catalog.refresh()
    assert failure.value.kind is ErrorKind.NETWORK
    assert (await catalog.cached()).models == (GPT4O,)


async def test_a_failed_refresh_with_nothing_cached_raises(store: Store, clock: Clock, dead):
    catalog = ModelCatalog(dead, store, clock=clock)
    with pytest.raises(ApiError):
        await catalog.refresh()
    assert (await catalog.cached()).models == ()


async def test_refreshing_without_a_client_is_a_network_error(store: Store) -> None:
    with pytest.raises(ApiError) as failure:
        await ModelCatalog(None, store).refresh()
    assert failure.value.kind is ErrorKind.NETWORK


# -- words for a person --------------------------------------------------------------------


def test_ages_read_naturally() -> None:
    assert [age_text(s) for s in (5, 300, 7200, DAY, 2.5 * DAY)] == [
        "just now", "5 min ago", "2 h ago", "1 day ago", "2 days ago",
    ]  # fmt: skip


def test_a_failed_refresh_note_says_which_list_is_shown() -> None:
    error = ApiError(ErrorKind.PROVIDER, "Bad gateway", status=502)
    note = refresh_failed_note(error, CatalogSnapshot((GPT4O,), 1000.0, True), 1000.0 + 2 * DAY)
    assert note == (
        "could not refresh the model list: HTTP 502: Bad gateway"
        " — showing the models listed 2 days ago"
    )
    empty = refresh_failed_note(error, CatalogSnapshot((), None, True), 0)
    assert empty.endswith("type a model id to use one")
