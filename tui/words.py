"""Counts in words, with the noun agreeing: ``1 token``, ``2 tokens``, ``1,024 tokens``."""

from __future__ import annotations


def count_of(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` (with thousands separators) and ``noun``, plural unless the count is one."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"
