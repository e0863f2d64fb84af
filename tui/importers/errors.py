"""The one error an import reader raises: what is wrong, and where in the file."""

from __future__ import annotations

from typing import Any

_TITLE_SHOWN = 40


class ImportFileError(Exception):
    """A file that cannot be imported; the message names the file and the record."""


def described(title: Any) -> str:
    """A record's title as an error shows it: quoted, on one line, cut short."""
    if not isinstance(title, str) or not title.strip():
        return ""
    text = " ".join(title.split())
    if len(text) > _TITLE_SHOWN:
        text = text[: _TITLE_SHOWN - 1] + "…"
    return f' ("{text}")'
