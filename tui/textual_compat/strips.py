"""Strips that make their caches when first used, not seven at birth.

Textual's ``Strip.__init__`` builds seven small ``FIFOCache`` objects for every strip. The
compositor makes a new strip for every piece of every repainted row (``Strip.divide``,
``crop``, ``apply_style``), and nearly all of them are used once and dropped: measured while
an answer streams in a real terminal, building those caches was 11 % of the whole app's CPU.
Here a strip starts with none, and a cache is made the first time a method looks for it
(an unset slot falls through to ``__getattr__``). What a strip does is unchanged.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

from rich.segment import Segment
from textual.cache import FIFOCache
from textual.strip import Strip

from tui.textual_compat.patching import install_patches

LAZY_CACHES = {
    "_divide_cache": 4,
    "_crop_cache": 16,
    "_style_cache": 16,
    "_filter_cache": 4,
    "_line_length_cache": 4,
    "_crop_extend_cache": 4,
    "_offsets_cache": 4,
}
"""Each cache ``Strip.__init__`` makes, with the size it gives it (Textual 8.2)."""

EAGER = ("_segments", "_cell_length", "_render_cache", "_link_ids", "_cell_count")
"""What the lean ``__init__`` still sets, as Textual's does."""

_ORIGINAL_INIT = Strip.__init__


def compat_problems() -> list[str]:
    """What no longer matches the Strip this was written for (empty when it fits)."""
    problems = []
    slots = set(getattr(Strip, "__slots__", ()))
    if missing := (set(LAZY_CACHES) | set(EAGER)) - slots:
        problems.append(f"Strip has no slots {sorted(missing)}")
    if extra := slots - set(LAZY_CACHES) - set(EAGER):
        problems.append(f"Strip has new slots {sorted(extra)}: the lean __init__ would skip them")
    params = list(inspect.signature(_ORIGINAL_INIT).parameters)
    if params != ["self", "segments", "cell_length"]:
        problems.append(f"Strip.__init__ takes {params}")
    # Read from the code, not the source: reading a source file at every start costs more
    # than the check is worth. The tests hold the source to each cache's size.
    code = _ORIGINAL_INIT.__code__
    for name, size in LAZY_CACHES.items():
        if name not in code.co_names or size not in code.co_consts:
            problems.append(f"Strip.__init__ no longer makes {name} as FIFOCache({size})")
    if "FIFOCache" not in code.co_names:
        problems.append("Strip.__init__ no longer makes FIFOCaches")
    return problems


def _lean_init(self: Strip, segments: Iterable[Segment], cell_length: int | None = None) -> None:
    self._segments = list(segments)
    self._cell_length = cell_length
    self._render_cache = None
    self._link_ids = None
    self._cell_count = None


def _make_cache(self: Strip, name: str) -> Any:
    size = LAZY_CACHES.get(name)
    if size is None:
        raise AttributeError(f"'Strip' object has no attribute {name!r}")
    cache: FIFOCache[Any, Any] = FIFOCache(size)
    setattr(self, name, cache)
    return cache


def install() -> bool:
    """Make strips lean (once per process). False, leaving Textual's as it is, when Strip
    is no longer the one this was written for: it is a saving, not a need."""
    return install_patches(
        compat_problems, (Strip, "__init__", _lean_init), (Strip, "__getattr__", _make_cache)
    )
