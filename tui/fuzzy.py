"""A small fuzzy matcher: subsequence matches scored for word starts and contiguous runs."""

from __future__ import annotations

from dataclasses import dataclass

# Points, fzf-like: a match is worth far more than any gap costs, so a compact match at a
# word start ("gpt" in "openai/gpt-4o") beats the same letters scattered through a name.
MATCH = 16
FIRST_CHAR = 12
WORD_START = 10
CAMEL = 8
CONTIGUOUS = 8
GAP_START = -3
GAP_EXTENSION = -1
LEADING_MAX = 8

_SEPARATORS = frozenset("/-_:.() ,@[]")


@dataclass(frozen=True, slots=True)
class Match:
    """How well a query matched a text, and which characters of the text it matched."""

    score: int
    positions: tuple[int, ...]


class FuzzyQuery:
    """A query compiled once and matched against many texts.

    Words separated by spaces must each match (in any order); letters of a word must appear
    in order, not necessarily together. Matching ignores case.
    """

    __slots__ = ("terms", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.terms: tuple[str, ...] = tuple(text.casefold().split())

    def __bool__(self) -> bool:
        return bool(self.terms)

    def match(self, text: str, folded: str | None = None) -> Match | None:
        """The best match in ``text``; ``folded`` is its casefold, if the caller keeps one
        (of the same length as ``text``, so positions index both)."""
        if folded is None:
            folded = fold(text)
        if len(self.terms) == 1:
            return _match_term(self.terms[0], text, folded)
        total = 0
        positions: set[int] = set()
        for term in self.terms:
            found = _match_term(term, text, folded)
            if found is None:
                return None
            total += found.score
            positions.update(found.positions)
        return Match(total, tuple(sorted(positions)))


def fold(text: str) -> str:
    """``text`` for matching without case, of the same length (positions must index text)."""
    folded = text.casefold()
    return folded if len(folded) == len(text) else text.lower()


def _match_term(term: str, text: str, folded: str) -> Match | None:
    start = folded.find(term)
    if start >= 0:
        return _best_substring(term, text, folded, start)
    forward = _forward(term, folded, 0)
    if forward is None:
        return None
    candidates = [forward, _shrunk(term, folded, forward), _word_starts(term, text, folded)]
    scored = [Match(_score(text, c), tuple(c)) for c in candidates if c]
    return max(scored, key=lambda m: m.score)


def _forward(term: str, folded: str, start: int) -> list[int] | None:
    """The leftmost positions of ``term``'s letters in order from ``start``, if all occur."""
    positions = []
    at = start
    for char in term:
        at = folded.find(char, at)
        if at < 0:
            return None
        positions.append(at)
        at += 1
    return positions


def _shrunk(term: str, folded: str, forward: list[int]) -> list[int]:
    """Walk back from the forward match's end: the tightest window ending there (fzf v1)."""
    positions = []
    at = forward[-1]
    for char in reversed(term):
        at = folded.rfind(char, 0, at + 1)
        positions.append(at)
        at -= 1
    positions.reverse()
    return positions


def _word_starts(term: str, text: str, folded: str) -> list[int] | None:
    """Prefer letters at word starts when the rest of the term still fits after them."""
    positions: list[int] = []
    at = 0
    for index, char in enumerate(term):
        chosen = folded.find(char, at)
        probe = chosen
        while probe >= 0:
            if _bonus(text, probe) and _forward(term[index + 1 :], folded, probe + 1) is not None:
                chosen = probe
                break
            probe = folded.find(char, probe + 1)
        if chosen < 0:
            return None
        positions.append(chosen)
        at = chosen + 1
    return positions


def _best_substring(term: str, text: str, folded: str, start: int) -> Match:
    # Occurrences differ only in where they start (a word start, how far in): judge them by
    # that alone, and score the winner in full. Single letters occur often; keep this cheap.
    best, best_key = start, -(10**6)
    while start >= 0:
        key = _bonus(text, start) - min(start, LEADING_MAX)
        if key > best_key:
            best, best_key = start, key
        start = folded.find(term, start + 1)
    positions = tuple(range(best, best + len(term)))
    return Match(_score(text, positions), positions)


def _score(text: str, positions: list[int] | tuple[int, ...]) -> int:
    score = min(positions[0], LEADING_MAX) * GAP_EXTENSION
    previous = -2
    for position in positions:
        score += MATCH + _bonus(text, position)
        if position == previous + 1:
            score += CONTIGUOUS
        elif previous >= 0:
            score += GAP_START + (position - previous - 2) * GAP_EXTENSION
        previous = position
    return score


def _bonus(text: str, position: int) -> int:
    if position == 0:
        return FIRST_CHAR
    before = text[position - 1]
    if before in _SEPARATORS:
        return WORD_START
    current = text[position]
    if before.islower() and current.isupper():
        return CAMEL
    if before.isalpha() and current.isdigit():
        return CAMEL // 2
    return 0
