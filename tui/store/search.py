"""Full-text search over messages: any typed text, ranked by bm25, with a snippet per hit.

Every branch is searched; a hit says whether it is on its conversation's chosen path.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tui.store.guard import GuardedConnection
from tui.store.query import Term, build_match, parse_query
from tui.store.records import SearchHit
from tui.store.snippets import make_snippet
from tui.store.tree_sql import PATH_IDS_SQL

CANDIDATES = 1000
"""How many of the newest matches are ranked by relevance.

bm25 over every match of a very common word (100,000+ rows) costs hundreds of milliseconds;
ranking only the newest matches keeps any query fast. For rarer words (fewer matches than
this) the ranking is exactly bm25 over all of them.
"""

# FTS5 walks the index by rowid, newest first, and stops at the LIMIT; only the few best
# are then joined to their messages.
_SEARCH_SQL = """
WITH candidates AS (
    SELECT rowid AS id, bm25(messages_fts) AS score
    FROM messages_fts
    WHERE messages_fts MATCH :match
    ORDER BY rowid DESC
    LIMIT :candidates
),
best AS (
    SELECT id, score FROM candidates ORDER BY score, id DESC LIMIT :limit
)
SELECT m.id, m.conversation_id, c.title, m.role, m.created_at, best.score, m.content,
       COALESCE(m.model_answered, m.model_requested, c.model)
FROM best
JOIN messages AS m ON m.id = best.id
JOIN conversations AS c ON c.id = m.conversation_id
ORDER BY best.score, best.id DESC
"""


async def run_search(
    db: GuardedConnection, query: str, limit: int, candidates: int = CANDIDATES
) -> list[SearchHit]:
    """The best ``limit`` messages matching every term of ``query`` (``[]`` for no terms)."""
    terms = parse_query(query)
    match = build_match(terms)
    if match is None or limit <= 0:
        return []
    params = {"match": match, "candidates": max(candidates, limit), "limit": limit}
    rows = await db.execute_fetchall(_SEARCH_SQL, params)
    hits = [_hit(row, terms) for row in rows]
    chosen: set[int] = set()
    for conversation_id in {hit.conversation_id for hit in hits}:
        path = await db.execute_fetchall(PATH_IDS_SQL, {"cid": conversation_id})
        chosen.update(int(row[0]) for row in path)
    return [replace(hit, on_chosen_path=hit.message_id in chosen) for hit in hits]


def _hit(row: Sequence[Any], terms: list[Term]) -> SearchHit:
    message_id, conversation_id, title, role, created_at, score, content, model = row
    snippet, highlights = make_snippet(content or "", terms)
    return SearchHit(
        message_id=message_id,
        conversation_id=conversation_id,
        conversation_title=title,
        role=role,
        created_at=created_at,
        snippet=snippet,
        highlights=highlights,
        score=score,
        model=model,
    )
