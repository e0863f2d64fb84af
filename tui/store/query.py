"""Whatever a person types in a search box, read as plain terms and written as safe FTS5."""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TERMS = 32
"""Terms past this are ignored: a pasted page is not a useful query, and costs."""
MIN_PREFIX = 2
"""A shorter last term matches whole words only: every word starting with one letter is
most of the index, and merging them all takes a second."""

_PIECES = re.compile(r'"([^"]*)"|(\S+)')


@dataclass(frozen=True, slots=True)
class Term:
    """One word or quoted phrase of a query; ``prefix`` when its last word may be a prefix."""

    text: str
    prefix: bool = False

    def fts(self) -> str:
        """This term as an FTS5 string: quoted, so nothing in it is an operator."""
        quoted = '"' + self.text.replace('"', '""') + '"'
        return quoted + "*" if self.prefix else quoted


def parse_query(query: str) -> list[Term]:
    """The terms of ``query``: words and ``"quoted phrases"`` that contain a letter or digit.

    The last word is a prefix (search as you type) unless the query ends in a space or a
    closed quote; a word typed with a trailing ``*`` is a prefix anywhere. Operators (AND,
    OR, NOT, NEAR), column filters, ``^``, ``-``, parentheses and stray quotes are text.
    """
    query = query.replace("\x00", " ")
    pieces: list[tuple[str, bool, bool]] = []  # (text, quoted, starred)
    for match in _PIECES.finditer(query):
        phrase, word = match.group(1), match.group(2)
        text = phrase if phrase is not None else word
        if any(ch.isalnum() for ch in text):
            pieces.append((text, phrase is not None, word is not None and word.endswith("*")))
    pieces = pieces[:MAX_TERMS]
    if not pieces:
        return []
    typing_last = not query[-1].isspace() and not pieces[-1][1]
    terms = []
    for index, (text, _quoted, starred) in enumerate(pieces):
        wanted = starred or (typing_last and index == len(pieces) - 1)
        terms.append(Term(text, prefix=wanted and _long_enough(text)))
    return terms


def build_match(terms: list[Term]) -> str | None:
    """An FTS5 MATCH expression requiring every term, or ``None`` for no terms."""
    return " ".join(term.fts() for term in terms) or None


def _long_enough(text: str) -> bool:
    last_word = re.findall(r"[^\W_]+", text)[-1:] or [""]
    return len(last_word[0]) >= MIN_PREFIX
