"""A one-line snippet of a message around the words a search matched, with their spans.

Made here rather than by FTS5's snippet(): that re-reads every occurrence of each term,
which for a very common word costs ~5 ms per message; this costs microseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from tui.store.query import Term, parse_query

SNIPPET_CHARS = 160
"""About how much of the message a snippet shows."""
_CONTEXT = 40  # characters shown before the first match of the chosen window
_MAX_MATCHES = 500  # enough to choose a good window in any message
_WORD = re.compile(r"[^\W_]+")
_SPACE = re.compile(r"\s+")
_ELLIPSIS = "…"

Span = tuple[int, int]


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """``char`` lowercased and without accents, as long as that stays one character."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    base = base.casefold()
    if len(base) == 1:
        return base
    lowered = char.lower()
    return lowered if len(lowered) == 1 else char


def fold(text: str) -> str:
    """``text`` with case and accents folded as the search index does, offsets unchanged."""
    if text.isascii():
        return text.lower()
    return text.translate({ord(c): _fold_char(c) for c in set(text)})


def _pattern(terms: Sequence[Term]) -> re.Pattern[str] | None:
    alternatives: set[str] = set()
    for term in terms:
        words = _WORD.findall(fold(term.text))
        for index, word in enumerate(words):
            prefix = term.prefix and index == len(words) - 1
            alternatives.add(re.escape(word) + (r"[^\W_]*" if prefix else r"(?![^\W_])"))
    if not alternatives:
        return None
    ordered = sorted(alternatives, key=len, reverse=True)  # the longest word wins a tie
    return re.compile(r"(?<![^\W_])(?:" + "|".join(ordered) + ")")


def make_snippet(content: str, terms: Sequence[Term]) -> tuple[str, tuple[Span, ...]]:
    """About :data:`SNIPPET_CHARS` of ``content`` on one line, where the most terms match."""
    pattern = _pattern(terms)
    matches: list[tuple[int, int, str]] = []
    if pattern is not None:
        for found in pattern.finditer(fold(content)):
            matches.append((found.start(), found.end(), found.group()))
            if len(matches) >= _MAX_MATCHES:
                break
    first = _best_window(matches)
    start, end = _window(content, matches[first][0] if matches else 0)
    inside = [(s, e) for s, e, _ in matches if s >= start and e <= end]
    return _render(content, start, end, inside)


def _best_window(matches: list[tuple[int, int, str]]) -> int:
    """The index of the match that starts the window holding the most distinct words."""
    best, best_count = 0, 0
    for index, (start, _end, _word) in enumerate(matches):
        words = set()
        for other_start, _other_end, word in matches[index:]:
            if other_start >= start + SNIPPET_CHARS - _CONTEXT:
                break
            words.add(word)
        if len(words) > best_count:
            best, best_count = index, len(words)
    return best


def _window(content: str, anchor: int) -> tuple[int, int]:
    """Start a little before ``anchor`` and end after about SNIPPET_CHARS, at word breaks."""
    start = max(0, anchor - _CONTEXT)
    if start > 0:
        space = _SPACE.search(content, start, anchor)
        start = space.end() if space else start
    end = min(len(content), start + SNIPPET_CHARS)
    if end < len(content):
        last_space = max(content.rfind(" ", anchor, end), content.rfind("\n", anchor, end))
        end = last_space if last_space > anchor else end
    return start, end


def _render(content: str, start: int, end: int, spans: list[Span]) -> tuple[str, tuple[Span, ...]]:
    """The window as one line (whitespace runs become one space), and where the spans went."""
    out: list[str] = [_ELLIPSIS] if start > 0 else []
    length = len(out[0]) if out else 0
    kept: list[Span] = []
    position = start
    for span_start, span_end in [*spans, (end, end)]:
        plain = _SPACE.sub(" ", content[position:span_start])
        if position == start:
            plain = plain.lstrip()
        if span_start == end:
            plain = plain.rstrip()
        word = content[span_start:span_end]
        out += [plain, word]
        length += len(plain)
        if word:
            kept.append((length, length + len(word)))
        length += len(word)
        position = span_end
    if end < len(content):
        out.append(_ELLIPSIS)
    return "".join(out), tuple(kept)


def matcher(query: str) -> Callable[[str], list[Span]]:
    """A function giving where the words of ``query`` occur in a text, as search matches
    them (case and accents folded, the last word a prefix while typing): to mark them
    outside a snippet, e.g. in a whole message."""
    pattern = _pattern(parse_query(query))

    def spans(text: str) -> list[Span]:
        if pattern is None:
            return []
        return [found.span() for found in pattern.finditer(fold(text))]

    return spans
