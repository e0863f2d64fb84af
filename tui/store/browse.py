"""The chats browser's rows: each conversation with its models, message count, cost and pin.

Pinned conversations come first; then the most recent, or the most expensive. Only the page
asked for is counted and priced, so a page costs the same at 200 or 200,000 messages; the
cost order has to total every conversation, which schema step 9's index makes an
index-only scan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from tui.store.browse_words import word_filter
from tui.store.guard import GuardedConnection
from tui.store.records import Kind
from tui.store.rows import STREAMING_ACTIVITY_SQL

Sort = Literal["recent", "cost"]
SORTS: frozenset[str] = frozenset(get_args(Sort))


_SEP = "\x1f"  # between model names in one column: never part of a model id

# The models of conversation ``c``: the one that answered (else the one asked), in the
# order first used.
_MODELS_SQL = f"""
SELECT group_concat(model, '{_SEP}') FROM (
    SELECT COALESCE(u.model_answered, u.model_requested) AS model, MIN(u.rowid) AS first
    FROM messages AS u WHERE u.conversation_id = c.id
    GROUP BY 1 HAVING model IS NOT NULL ORDER BY first
)"""

_ORDER = {
    "recent": "c.pinned DESC, c.updated_at DESC, c.id DESC",
    "cost": "c.pinned DESC, totals.cost IS NULL, totals.cost DESC, c.updated_at DESC, c.id DESC",
}
_TOTALS = {
    "recent": "",
    "cost": """LEFT JOIN (
        SELECT conversation_id AS id, SUM(cost) AS cost FROM messages
        WHERE cost IS NOT NULL GROUP BY conversation_id
    ) AS totals ON totals.id = c.id""",
}
_FILTER = (
    "WHERE :filter IS NULL OR c.title LIKE :filter ESCAPE '\\' OR c.model LIKE :filter ESCAPE '\\'"
)


@dataclass(frozen=True, slots=True)
class BrowsedConversation:
    """One row of the chats browser."""

    id: int
    title: str | None
    kind: Kind
    created_at: float
    updated_at: float
    last_activity: float
    """The latest write, a stream's progress included."""
    models: tuple[str, ...]
    """The models that answered (else were asked), in the order first used."""
    message_count: int
    cost: float | None
    """What its answers cost in credits, as the API reported; ``None``: none reported one."""
    pinned: bool


def _browse_sql(sort: str, where: str = _FILTER) -> str:
    # The page is chosen first, so the counts and totals below run for its rows only.
    return f"""
WITH page AS MATERIALIZED (
    SELECT c.id, ROW_NUMBER() OVER (ORDER BY {_ORDER[sort]}) AS place
    FROM conversations AS c {_TOTALS[sort]}
    {where}
    ORDER BY place LIMIT :limit OFFSET :offset
)
SELECT c.id, c.title, c.kind, c.created_at, c.updated_at,
       MAX(c.updated_at, COALESCE(({STREAMING_ACTIVITY_SQL}), 0)),
       ({_MODELS_SQL}),
       (SELECT COUNT(*) FROM messages AS n WHERE n.conversation_id = c.id),
       (SELECT SUM(p.cost) FROM messages AS p WHERE p.conversation_id = c.id),
       c.pinned
FROM page JOIN conversations AS c ON c.id = page.id
ORDER BY page.place
"""


def like_pattern(text: str) -> str | None:
    """``text`` as a LIKE pattern matching it anywhere, its ``%`` and ``_`` literal."""
    words = " ".join(text.split())
    if not words:
        return None
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


async def browse(
    db: GuardedConnection,
    sort: str,
    text: str,
    limit: int,
    offset: int,
    *,
    words: bool = False,
) -> list[BrowsedConversation]:
    """A page of the browser: pinned first, then by ``sort``; ``text`` filters titles and
    models (case-insensitively for ASCII, anywhere in them; with ``words``, each of its
    words starts a word of them, see :func:`~tui.store.browse_words.word_filter`)."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(sorted(SORTS))}, not {sort!r}")
    page = {"limit": max(0, limit), "offset": max(0, offset)}
    if words:
        where, params = word_filter(text)
        sql = _browse_sql(sort, where)
    else:
        sql, params = _browse_sql(sort), {"filter": like_pattern(text)}
    rows = await db.execute_fetchall(sql, {**params, **page})
    return [_row(row) for row in rows]


def _row(row: Sequence[Any]) -> BrowsedConversation:
    cid, title, kind, created, updated, activity, models, count, cost, pinned = row
    return BrowsedConversation(
        id=cid,
        title=title,
        kind=kind,
        created_at=created,
        updated_at=updated,
        last_activity=activity,
        models=tuple(models.split(_SEP)) if models else (),
        message_count=count,
        cost=cost,
        pinned=bool(pinned),
    )
