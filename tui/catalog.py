"""The model catalog: the server's model list kept in the store, so it opens without waiting."""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from tui.api.errors import ApiError, ErrorKind
from tui.api.types import ModelInfo
from tui.store.records import CachedModel

MAX_AGE_S = 86_400.0
_FIELDS = {field.name: field for field in dataclasses.fields(ModelInfo)}
_TUPLE_FIELDS = frozenset(
    name for name, field in _FIELDS.items() if str(field.type).startswith("tuple")
)
# Each cached entry names the server it came from, so a list fetched from one base URL
# (say, the demo simulator) never passes for another's.
_SOURCE_KEY = "_source"


class ModelSource(Protocol):
    """What the catalog needs of the API client."""

    base_url: str

    async def models(self) -> list[ModelInfo]: ...


class ModelCache(Protocol):
    """What the catalog needs of the store."""

    async def cache_models(self, models: Iterable[tuple[str, str]]) -> None: ...

    async def cached_models(self, max_age: float | None = None) -> list[CachedModel]: ...


@dataclass(frozen=True, slots=True)
class CatalogSnapshot:
    """The model list as known now: when it was fetched (None: never) and whether it is old."""

    models: tuple[ModelInfo, ...]
    fetched_at: float | None
    stale: bool


class ModelCatalog:
    """Reads the cached model list at once, and refreshes it from ``/models`` on demand.

    ``client`` may be None to read the cache offline; then entries from any server count.
    A list older than ``max_age`` seconds (by ``clock``), or missing, reads as stale. The
    store is read once; later calls answer from memory (a refresh replaces both).
    """

    def __init__(
        self,
        client: ModelSource | None,
        store: ModelCache,
        clock: Callable[[], float] = time.time,
        max_age: float = MAX_AGE_S,
    ) -> None:
        self._client = client
        self._store = store
        self._clock = clock
        self._max_age = max_age
        self._known: tuple[tuple[ModelInfo, ...], float | None] | None = None

    @property
    def source(self) -> str | None:
        """The base URL whose list this catalog keeps (None: whichever is cached)."""
        return getattr(self._client, "base_url", None)

    async def cached(self) -> CatalogSnapshot:
        """The stored list, without touching the network."""
        if self._known is None:
            self._known = self._decode(await self._store.cached_models())
        return self._snapshot(*self._known)

    async def refresh(self) -> CatalogSnapshot:
        """Fetch ``/models``, store it in place of the old list, and return it.

        Raises ApiError when the fetch fails (the stored list is then left as it was).
        """
        if self._client is None:
            raise ApiError(ErrorKind.NETWORK, "no server to fetch the model list from")
        models = tuple(await self._client.models())
        source = self.source
        await self._store.cache_models((m.id, model_to_json(m, source=source)) for m in models)
        self._known = (models, self._clock())
        return self._snapshot(*self._known)

    def _decode(self, rows: list[CachedModel]) -> tuple[tuple[ModelInfo, ...], float | None]:
        source = self.source
        payloads = _load_all(rows)
        if source is not None and any(p.get(_SOURCE_KEY, source) != source for p in payloads):
            return (), None  # another server's list: as good as none
        models = tuple(
            model_from_dict(payload, fallback_id=row.id)
            for row, payload in zip(rows, payloads, strict=True)
        )
        return models, min((row.fetched_at for row in rows), default=None)

    def _snapshot(self, models: tuple[ModelInfo, ...], fetched_at: float | None) -> CatalogSnapshot:
        stale = fetched_at is None or self._clock() - fetched_at > self._max_age
        return CatalogSnapshot(models, fetched_at, stale)


def model_to_json(model: ModelInfo, *, source: str | None = None) -> str:
    """One model as compact JSON (what the store keeps)."""
    data: dict[str, Any] = dataclasses.asdict(model)
    if source is not None:
        data[_SOURCE_KEY] = source
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def model_from_dict(data: dict[str, Any], *, fallback_id: str = "") -> ModelInfo:
    """A model from a decoded :func:`model_to_json`, tolerant of unknown and missing keys."""
    values = {key: value for key, value in data.items() if key in _FIELDS}
    for key in _TUPLE_FIELDS & values.keys():
        value = values[key]
        if isinstance(value, list | tuple):
            values[key] = tuple(value)
        elif not (value is None and "None" in str(_FIELDS[key].type)):
            values[key] = ()  # a field that may be None keeps None: "not said" is not "none"
    if not isinstance(values.get("id"), str) or not values["id"]:
        values["id"] = fallback_id
    return ModelInfo(**values)


def age_text(seconds: float) -> str:
    """How long ago, for a person: "just now", "5 min ago", "3 h ago", "2 days ago"."""
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86_400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86_400)
    return f"{days} day{'s' if days != 1 else ''} ago"


def refresh_failed_note(error: ApiError, snapshot: CatalogSnapshot, now: float) -> str:
    """One line for a failed refresh: what failed, and which list is shown instead."""
    what = f"could not refresh the model list: {error.headline()}"
    if snapshot.fetched_at is None or not snapshot.models:
        return f"{what} — type a model id to use one"
    return f"{what} — showing the models listed {age_text(now - snapshot.fetched_at)}"


def _load(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def _load_all(rows: list[CachedModel]) -> list[dict[str, Any]]:
    # One parse of the whole list is much faster than a thousand small ones; a damaged
    # entry sends us back to parsing one by one, so it costs only itself.
    try:
        data = json.loads("[" + ",".join(row.payload for row in rows) + "]")
    except ValueError:
        data = None
    if not isinstance(data, list) or len(data) != len(rows):  # e.g. a payload of "1,2"
        return [_load(row.payload) for row in rows]
    return [item if isinstance(item, dict) else {} for item in data]
