"""When and how long to wait before retrying a request that failed before its body began."""

from __future__ import annotations

import datetime
import email.utils
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from tui.api.errors import ApiError

__all__ = ["Backoff", "RetryPolicy", "parse_retry_after"]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """At most ``max_attempts`` tries in all and ``max_total_wait`` seconds of waiting in all.

    Waits grow as ``base_delay * 2**n`` (capped at ``max_delay``) with jitter, unless the
    server names its own wait in ``Retry-After``; a named wait beyond the remaining budget
    fails at once rather than leaving a person staring at a frozen prompt.
    """

    max_attempts: int = 3
    max_total_wait: float = 10.0
    base_delay: float = 0.5
    max_delay: float = 8.0


class Backoff:
    """The retry budget of one logical request, spent attempt by attempt."""

    __slots__ = ("_policy", "_random", "attempt", "waited")

    def __init__(self, policy: RetryPolicy, random: Callable[[], float]) -> None:
        self._policy = policy
        self._random = random
        self.attempt = 0
        self.waited = 0.0

    def next_delay(self, error: ApiError) -> float | None:
        """Seconds to wait before trying again after ``error``, or None to give up now.

        Call once per failed attempt; the returned wait is counted against the budget.
        """
        self.attempt += 1
        policy = self._policy
        if not error.retryable or self.attempt >= policy.max_attempts:
            return None
        remaining = policy.max_total_wait - self.waited
        if error.retry_after is not None:
            delay = max(0.0, error.retry_after)
            if delay > remaining:
                return None
        else:
            ceiling = min(policy.max_delay, policy.base_delay * 2 ** (self.attempt - 1))
            # "Equal jitter": never less than half the step, so retries stay spaced out while
            # concurrent clients (a comparison view) still spread apart.
            delay = min(ceiling * (0.5 + 0.5 * self._random()), remaining)
            if delay <= 0:
                return None
        self.waited += delay
        return delay


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000" parses naive; HTTP dates are GMT by definition
        when = when.replace(tzinfo=datetime.UTC)
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)
