"""What the history cost: per conversation and per day, from the usage stored with answers."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tui.store.guard import GuardedConnection


@dataclass(frozen=True, slots=True)
class ModelSpend:
    """One model's share of a conversation's spend."""

    model: str
    cost: float
    answers: int
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True, slots=True)
class ConversationSpend:
    """What a conversation's answers cost, in credits as the API reported them.

    ``unpriced`` counts answers that used tokens but reported no cost (another endpoint,
    an interrupted stream): the total is then a lower bound.
    """

    conversation_id: int
    cost: float
    prompt_tokens: int
    completion_tokens: int
    priced: int
    unpriced: int
    by_model: tuple[ModelSpend, ...]


@dataclass(frozen=True, slots=True)
class DaySpend:
    """One local calendar day's spend across every conversation."""

    day: date
    cost: float
    answers: int


_CONVERSATION_SQL = """
SELECT COALESCE(model_answered, model_requested, '') AS model,
       SUM(COALESCE(cost, 0)), COUNT(cost),
       SUM(cost IS NULL AND COALESCE(total_tokens, prompt_tokens, completion_tokens, 0) > 0),
       SUM(COALESCE(prompt_tokens, 0)), SUM(COALESCE(completion_tokens, 0))
FROM messages
WHERE conversation_id = ?
GROUP BY 1 ORDER BY 2 DESC, 1
"""

_DAYS_SQL = """
SELECT created_at, cost FROM messages
WHERE created_at >= ? AND created_at < ? AND cost IS NOT NULL
"""


async def conversation_spend(db: GuardedConnection, conversation_id: int) -> ConversationSpend:
    """The spend of one conversation, every branch included (all zero when it has none)."""
    rows = list(await db.execute_fetchall(_CONVERSATION_SQL, (conversation_id,)))
    by_model = tuple(
        ModelSpend(model, cost, priced, prompt, completion)
        for model, cost, priced, _unpriced, prompt, completion in rows
        if priced
    )
    return ConversationSpend(
        conversation_id=conversation_id,
        cost=sum(row[1] for row in rows),
        prompt_tokens=sum(row[4] for row in rows),
        completion_tokens=sum(row[5] for row in rows),
        priced=sum(row[2] for row in rows),
        unpriced=sum(row[3] for row in rows),
        by_model=by_model,
    )


def day_starts(today: date, days: int) -> list[datetime]:
    """Local midnights from ``days - 1`` days before ``today`` to the day after it."""
    first = today - timedelta(days=days - 1)
    return [
        datetime.combine(first + timedelta(days=n), datetime.min.time()).astimezone()
        for n in range(days + 1)
    ]


async def spend_by_day(db: GuardedConnection, now: float, days: int) -> list[DaySpend]:
    """The last ``days`` local days up to the one holding ``now``, oldest first, each
    present even when nothing was spent (a chart needs every day)."""
    if days <= 0:
        return []
    starts = day_starts(datetime.fromtimestamp(now).date(), days)
    bounds = [start.timestamp() for start in starts]
    rows = await db.execute_fetchall(_DAYS_SQL, (bounds[0], bounds[-1]))
    totals = [0.0] * days
    counts = [0] * days
    for created_at, cost in rows:
        index = bisect_right(bounds, created_at) - 1
        totals[index] += cost
        counts[index] += 1
    return [DaySpend(starts[n].date(), totals[n], counts[n]) for n in range(days)]
