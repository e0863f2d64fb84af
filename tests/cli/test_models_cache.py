"""`parley models` keeps the list in the store: fresh lists are reused, failures fall back."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from tui.api.types import ModelInfo
from tui.catalog import model_to_json
from tui.store import Store

CLOSED = "http://127.0.0.1:9/v1"  # nothing listens on the discard port
DAY = 86_400.0


def cache(isolated_env: Path, models: list[ModelInfo], *, source: str, age: float) -> None:
    """Store ``models`` as fetched from ``source`` ``age`` seconds ago."""

    async def write() -> None:
        fetched = time.time() - age
        async with await Store.open(
            isolated_env / "data" / "history.db", clock=lambda: fetched
        ) as s:
            await s.cache_models((m.id, model_to_json(m, source=source)) for m in models)

    asyncio.run(write())


def model_requests(simulator) -> int:
    return sum(1 for r in simulator.requests() if r.path.endswith("/models"))


def test_the_fetched_list_is_cached(parley, history) -> None:
    assert parley("models").code == 0
    cached = history(lambda store: store.cached_models())
    assert "openai/gpt-4o" in {m.id for m in cached}


def test_a_fresh_cache_is_used_without_asking_the_server(parley, simulator) -> None:
    parley("models")
    simulator.reset()
    result = parley("models", "claude")
    assert result.code == 0 and "anthropic/claude-3.5-sonnet" in result.out
    assert model_requests(simulator) == 0


def test_a_stale_cache_is_fetched_again(parley, simulator, isolated_env: Path) -> None:
    old = [ModelInfo(id="old/model")]
    cache(isolated_env, old, source=simulator.base_url, age=DAY + 60)
    result = parley("models")
    assert model_requests(simulator) == 1
    assert "openai/gpt-4o" in result.out and "old/model" not in result.out


def test_a_failed_fetch_falls_back_to_the_cache_with_a_note(parley, isolated_env: Path) -> None:
    cache(
        isolated_env,
        [ModelInfo(id="cached/model", context_length=8192)],
        source=CLOSED,
        age=2 * DAY,
    )
    result = parley("models", "--base-url", CLOSED)
    assert result.code == 0
    assert "cached/model" in result.out and "8k" in result.out
    assert "could not refresh the model list" in result.err
    assert "showing the models listed 2 days ago" in result.err


def test_no_server_and_no_cache_is_a_clear_error(parley) -> None:
    result = parley("models", "--base-url", CLOSED)
    assert result.code == 1
    assert "could not fetch the model list, and none is cached" in result.err
    assert "hint:" in result.err


def test_another_servers_cache_is_not_shown_for_this_one(parley, isolated_env: Path) -> None:
    cache(isolated_env, [ModelInfo(id="elsewhere/model")], source="http://other/v1", age=60)
    result = parley("models", "--base-url", CLOSED)
    assert result.code == 1 and "elsewhere/model" not in result.out


def test_unknown_values_of_a_bare_list_show_as_dashes(parley, isolated_env, simulator) -> None:
    cache(isolated_env, [ModelInfo(id="llama3.2:3b")], source=simulator.base_url, age=60)
    result = parley("models")
    assert result.out.splitlines()[2].split() == ["llama3.2:3b", "—", "—", "—", "—"]


def test_json_lists_the_cached_details(parley, isolated_env, simulator) -> None:
    model = ModelInfo(id="x/y", modality="text->text", max_completion_tokens=4096)
    cache(isolated_env, [model], source=simulator.base_url, age=60)
    data = json.loads(parley("models", "--json").out)
    assert data == [json.loads(model_to_json(model))]


def test_the_demo_leaves_the_cache_alone(parley, history) -> None:
    assert parley("models", "--demo").code == 0
    assert history(lambda store: store.cached_models()) == []


def test_refresh_fetches_even_when_the_cache_is_fresh(parley, simulator):
    assert parley("models").code == 0
    before = len([r for r in simulator.requests() if r.path.endswith("/models")])
    assert parley("models").code == 0
    assert len([r for r in simulator.requests() if r.path.endswith("/models")]) == before
    assert parley("models", "--refresh").code == 0
    assert len([r for r in simulator.requests() if r.path.endswith("/models")]) == before + 1
