"""How full a model's context a conversation is: counted where the server told, else estimated.

The last answer's usage is the server's own count of everything it was sent (``prompt_tokens``)
plus what it wrote (``completion_tokens``, less any reasoning, which is not sent back); only
what followed it, and the prompt about to go, are estimated, at about four characters a token.
With no usage stored at all, the whole path is estimated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.store.records import Message

CHARS_PER_TOKEN = 4
"""A rough rate for English and code; other scripts use more tokens, hence "≈" and margins."""
NEAR = 0.8
"""From this share of the context on, the user is warned."""
PER_MESSAGE = 4
"""Tokens each message costs beyond its text (role and separators), as chat templates add."""


@dataclass(frozen=True, slots=True)
class ContextUse:
    """Tokens a request would carry against the model's context length."""

    tokens: int
    limit: int | None
    exact: bool
    """Counted by the server for everything but the text not sent yet."""

    @property
    def share(self) -> float | None:
        return self.tokens / self.limit if self.limit else None

    @property
    def percent(self) -> int:
        """The share of the context, rounded to a whole percent (0 when the limit is unknown)."""
        return round(100 * self.tokens / self.limit) if self.limit else 0

    @property
    def near(self) -> bool:
        return self.share is not None and self.share >= NEAR

    @property
    def over(self) -> bool:
        return self.limit is not None and self.tokens > self.limit

    def words(self) -> str:
        """``ctx 42% of 128k`` (``≈`` when estimated); ``""`` when the limit is not known or
        under 1% is used (a short chat in a long context: nothing to watch yet)."""
        if not self.limit or self.tokens * 100 < self.limit:
            return ""
        rough = "" if self.exact else "≈"
        return f"ctx {rough}{self.percent}% of {short_count(self.limit)}"


def estimate(text: str) -> int:
    """Roughly how many tokens ``text`` is."""
    return (len(text) + CHARS_PER_TOKEN - 1) // CHARS_PER_TOKEN


def message_tokens(message: Message) -> int:
    return estimate(message.content) + PER_MESSAGE


def context_use(
    path: Sequence[Message], limit: int | None, *, system: str | None = None, pending: str = ""
) -> ContextUse:
    """What sending ``pending`` after ``path`` would fill of a ``limit``-token context."""
    counted, since, exact = _counted(path)
    if since == 0 and system:
        counted += estimate(system) + PER_MESSAGE
    tokens = counted + sum(message_tokens(m) for m in path[since:] if _sent(m))
    if pending:
        tokens += estimate(pending) + PER_MESSAGE
    return ContextUse(tokens, limit, exact)


def fitting_start(
    path: Sequence[Message], limit: int, *, system: str | None = None, pending: str = ""
) -> int | None:
    """The first message to send so that the rest fits ``limit`` with room for an answer:
    whole turns are dropped from the start (a prompt with its answers). ``None``: even the
    last prompt alone does not fit."""
    budget = int(limit * NEAR)  # room left for the answer
    fixed = estimate(pending) + PER_MESSAGE if pending else 0
    fixed += estimate(system) + PER_MESSAGE if system else 0
    starts = [i for i, m in enumerate(path) if m.role == "user"] or [len(path)]
    for start in starts:
        tokens = fixed + sum(message_tokens(m) for m in path[start:] if _sent(m))
        if tokens <= budget:
            return start
    return None if fixed > budget else len(path)


def short_count(tokens: int) -> str:
    """``128k``, ``1M``, ``8,192``: a context length as people say it."""
    if tokens >= 1_000_000 and tokens % 100_000 == 0:
        return f"{tokens / 1_000_000:g}M"
    if tokens >= 10_000:
        return f"{tokens / 1000:.0f}k"
    return f"{tokens:,}"


def _counted(path: Sequence[Message]) -> tuple[int, int, bool]:
    """Tokens the server counted up to its last answer with usage, and where the rest begins."""
    for index in range(len(path) - 1, -1, -1):
        message = path[index]
        if message.role == "assistant" and message.prompt_tokens:
            written = (message.completion_tokens or 0) - (message.reasoning_tokens or 0)
            return message.prompt_tokens + max(written, 0), index + 1, True
    return 0, 0, False


def _sent(message: Message) -> bool:
    return message.role in ("system", "user") or bool(message.content)
