"""Filtering the chats browser word by word: each typed word starts a word of the title or
the model (``m`` finds "Rust macros", not "lifetimes"); ``#12`` also finds conversations 12, 120…"""

from __future__ import annotations

from typing import Any

# What separates words, as the browser's own filter splits them.
WORD_BREAKS = " \t\n/_:,.()[]-"


def _words_of(column: str) -> str:
    # The column with every break made a space and one put in front, so "starts a word"
    # is LIKE '% word%'.
    expression = column
    for char in WORD_BREAKS[1:]:
        quoted = char.replace("'", "''")
        expression = f"replace({expression}, '{quoted}', ' ')"
    return f"(' ' || COALESCE({expression}, ''))"


_TO_SPACES = str.maketrans(dict.fromkeys(WORD_BREAKS, " "))
_TITLE = _words_of("c.title")
_MODEL = _words_of("c.model")


def _escaped(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def word_filter(text: str) -> tuple[str, dict[str, Any]]:
    """A WHERE clause (and its parameters) keeping the conversations that ``text``'s words
    all start a word of (case-insensitively for ASCII); every conversation for no words."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    # A typed break splits words as it does in the text: "claude-3.5" is three words.
    for index, word in enumerate(text.translate(_TO_SPACES).split()):
        name = f"w{index}"
        params[name] = f"% {_escaped(word)}%"
        clauses.append(
            f"({_TITLE} LIKE :{name} ESCAPE '\\' OR {_MODEL} LIKE :{name} ESCAPE '\\'"
            f" OR ' #' || c.id LIKE :{name} ESCAPE '\\')"
        )
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params
