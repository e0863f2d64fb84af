"""A filter field that leaves chosen printable keys to its screen's bindings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from textual.widgets import Input


class FilterInput(Input):
    """The filter field; the keys in ``reserved`` are left to the picker's bindings."""

    def __init__(self, *, reserved: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.reserved = frozenset(reserved)

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        # A text field keeps every printable key, even from priority bindings, unless told.
        return key not in self.reserved and super().check_consume_key(key, character)
