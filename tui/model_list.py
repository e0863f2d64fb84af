"""The picker's rows: models filtered, sorted and pinned, and their cells as text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from tui.api.types import ModelInfo
from tui.fuzzy import FuzzyQuery, fold

Sort = Literal["name", "price", "context"]
SORTS: tuple[Sort, ...] = ("name", "price", "context")
Mark = Literal["favourite", "recent", ""]
UNKNOWN = "—"


@dataclass(frozen=True, slots=True)
class ModelRow:
    """One row of the picker: a model, how it is marked, and the characters the filter matched.

    ``custom`` is the "use what was typed as a model id" row: its model has only an id.
    """

    model: ModelInfo
    mark: Mark = ""
    id_hits: tuple[int, ...] = ()
    name_hits: tuple[int, ...] = ()
    custom: bool = False


def context_label(tokens: int | None) -> str:
    """``128k``, ``1M``, ``1.05M``, ``8192`` → ``8k``; unknown → ``—``."""
    if not tokens:
        return UNKNOWN
    if tokens >= 1_000_000:
        return f"{tokens / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    if tokens >= 1000:
        return f"{round(tokens / 1000)}k"
    return str(tokens)


def price_label(per_token: float | None) -> str:
    """Dollars per million tokens: ``2.50``, ``free`` at zero, ``—`` when unknown."""
    if per_token is None:
        return UNKNOWN
    if per_token == 0:
        return "free"
    per_million = per_token * 1_000_000
    return f"{per_million:.2f}" if per_million >= 0.01 else f"{per_million:.4f}"


def modality_label(modality: str | None) -> str:
    """``text+image->text`` as ``text+image→text``; unknown → ``—``."""
    return modality.replace("->", "→") if modality else UNKNOWN


def count_words(rows: Sequence[ModelRow], total: int, query: str, listed: str | None) -> str:
    """``12 of 340 models · listed 3 min ago``: how many match, and how old the list is."""
    if query.strip():
        count = f"{sum(1 for row in rows if not row.custom):,} of {total:,} models"
    else:
        count = f"{total:,} model{'s' if total != 1 else ''}"
    return count + (f" · listed {listed}" if listed is not None else " · not cached")


class ModelList:
    """Every model the picker offers, with the user's marks; builds rows for a filter and sort.

    Favourites and recently used ids that the server does not list are offered too (a local
    server's ``/models`` may be incomplete). Filtering a longer version of the last query
    searches only the last matches, so typing stays fast with thousands of models.
    """

    def __init__(
        self,
        models: Iterable[ModelInfo],
        *,
        favourites: Iterable[str] = (),
        recent: Sequence[str] = (),
    ) -> None:
        by_id = {model.id: model for model in models}
        self.favourites: set[str] = set(favourites)
        self.recent: tuple[str, ...] = tuple(recent)
        for model_id in (*sorted(self.favourites), *self.recent):
            by_id.setdefault(model_id, ModelInfo(id=model_id))
        self.models: tuple[ModelInfo, ...] = tuple(by_id.values())
        self._by_id = by_id
        self._folded: list[tuple[str, str]] | None = None  # made at the first filter
        self._orders: dict[Sort, list[ModelInfo]] = {}
        self._last_query = ""
        self._last_hits: list[int] = []

    def __len__(self) -> int:
        return len(self.models)

    def set_favourite(self, model_id: str, favourite: bool) -> None:
        if favourite:
            self.favourites.add(model_id)
            if model_id not in self._by_id:  # a typed id: listed from now on
                self._add(ModelInfo(id=model_id))
        else:
            self.favourites.discard(model_id)

    def _add(self, model: ModelInfo) -> None:
        self._by_id[model.id] = model
        self.models = (*self.models, model)
        self._folded, self._orders, self._last_query = None, {}, ""

    def mark(self, model_id: str) -> Mark:
        if model_id in self.favourites:
            return "favourite"
        return "recent" if model_id in self.recent else ""

    def rows(self, query: str, sort: Sort = "name") -> list[ModelRow]:
        """Rows for ``query`` (fuzzy, best first unless sorted by price or context).

        With no query, favourites come first, then the recently used, then the rest.
        """
        fuzzy = FuzzyQuery(query)
        if not fuzzy:
            return self._pinned(sort)
        rows = self._matches(fuzzy)
        typed = query.strip()
        if typed and " " not in typed and typed not in self._by_id:
            rows.append(ModelRow(ModelInfo(id=typed), custom=True))
        return rows if sort == "name" else _sorted_rows(rows, sort)

    def _pinned(self, sort: Sort) -> list[ModelRow]:
        favourites = [m for m in self._ordered(sort) if m.id in self.favourites]
        recent = [self._by_id[i] for i in self.recent if i not in self.favourites]
        pinned = self.favourites.union(self.recent)
        return [
            *(ModelRow(m, "favourite") for m in favourites),
            *(ModelRow(m, "recent") for m in recent),
            *(ModelRow(m) for m in self._ordered(sort) if m.id not in pinned),
        ]

    def _ordered(self, sort: Sort) -> list[ModelInfo]:
        # Sorted once per order: opening and re-sorting cost a pass over the list, no more.
        order = self._orders.get(sort)
        if order is None:
            order = self._orders[sort] = sorted(self.models, key=_KEYS[sort])
        return order

    def _matches(self, fuzzy: FuzzyQuery) -> list[ModelRow]:
        if self._folded is None:
            self._folded = [(fold(m.id), fold(m.name)) for m in self.models]
        folded = self._folded
        candidates = (
            self._last_hits
            if self._last_query and fuzzy.text.startswith(self._last_query)
            else range(len(self.models))
        )
        scored: list[tuple[int, int, int, ModelRow]] = []
        hits: list[int] = []
        for index in candidates:
            model = self.models[index]
            folded_id, folded_name = folded[index]
            by_id = fuzzy.match(model.id, folded_id)
            by_name = fuzzy.match(model.name, folded_name) if model.name else None
            if by_id is None and by_name is None:
                continue
            hits.append(index)
            id_score = by_id.score if by_id else -(10**6)
            name_score = by_name.score if by_name else -(10**6)
            row = ModelRow(
                model,
                self.mark(model.id),
                id_hits=by_id.positions if by_id and id_score >= name_score else (),
                name_hits=by_name.positions if by_name and name_score > id_score else (),
            )
            scored.append((-max(id_score, name_score), len(model.id), index, row))
        self._last_query, self._last_hits = fuzzy.text, hits
        scored.sort(key=lambda item: item[:3])
        return [item[3] for item in scored]


def _sorted_rows(rows: list[ModelRow], sort: Sort) -> list[ModelRow]:
    custom = [row for row in rows if row.custom]
    listed = sorted((row for row in rows if not row.custom), key=lambda r: _KEYS[sort](r.model))
    return listed + custom


def _by_name(model: ModelInfo) -> tuple[str, str]:
    return ((model.name or model.id).casefold(), model.id)


def _by_price(model: ModelInfo) -> tuple[bool, float, float, str]:
    # Unknown prices sort last: "cheapest first" must not start with models of no price.
    unknown = model.prompt_price is None and model.completion_price is None
    return (unknown, model.prompt_price or 0.0, model.completion_price or 0.0, model.id)


def _by_context(model: ModelInfo) -> tuple[bool, int, str]:
    return (model.context_length is None, -(model.context_length or 0), model.id)


_KEYS = {"name": _by_name, "price": _by_price, "context": _by_context}
