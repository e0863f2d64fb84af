"""The SQL of a conversation's tree: walking the chosen path, an ancestry, a subtree."""

from __future__ import annotations

from tui.store.errors import NotFoundError
from tui.store.guard import GuardedConnection
from tui.store.records import TOP
from tui.store.rows import MESSAGE_COLUMNS

_M_COLUMNS = ", ".join(f"m.{name}" for name in MESSAGE_COLUMNS)

# The chosen path, walked down from the chosen first message: each step goes to the chosen
# child, or the first child when none is chosen (or the chosen one went away or moved).
# Each step is a primary-key or index lookup, so a 500-message path is 500 small seeks.
# The walk ends with one NULL row, which the join to messages drops.
PATH_CTE = """
WITH RECURSIVE path (id, depth) AS (
    SELECT COALESCE(
        (SELECT r.id FROM conversations AS c JOIN messages AS r ON r.id = c.active_root
         WHERE c.id = :cid AND r.conversation_id = :cid),
        (SELECT f.id FROM messages AS f
         WHERE f.conversation_id = :cid AND f.parent_id IS NULL ORDER BY f.id LIMIT 1)
    ), 0
    UNION ALL
    SELECT COALESCE(
        (SELECT k.id FROM messages AS k WHERE k.id = p.active_child AND k.parent_id = p.id),
        (SELECT f.id FROM messages AS f
         WHERE f.conversation_id = p.conversation_id AND f.parent_id = p.id
         ORDER BY f.id LIMIT 1)
    ), path.depth + 1
    FROM path JOIN messages AS p ON p.id = path.id
)
"""

PATH_SQL = f"{PATH_CTE} SELECT {_M_COLUMNS} FROM path JOIN messages AS m ON m.id = path.id" + (
    " ORDER BY path.depth"
)

# The same, with each message's place among its siblings (older siblings, all siblings).
PATH_WITH_PLACES_SQL = f"""{PATH_CTE}
SELECT {_M_COLUMNS},
    (SELECT COUNT(*) FROM messages AS s WHERE s.conversation_id = m.conversation_id
        AND s.parent_id IS m.parent_id AND s.id < m.id),
    (SELECT COUNT(*) FROM messages AS s WHERE s.conversation_id = m.conversation_id
        AND s.parent_id IS m.parent_id)
FROM path JOIN messages AS m ON m.id = path.id
ORDER BY path.depth
"""

PATH_IDS_SQL = f"{PATH_CTE} SELECT m.id, m.lane FROM path JOIN messages AS m ON m.id = path.id" + (
    " ORDER BY path.depth"
)

ANCESTRY_SQL = f"""
WITH RECURSIVE up (id, depth) AS (
    SELECT :id, 0
    UNION ALL
    SELECT m.parent_id, up.depth + 1 FROM up JOIN messages AS m ON m.id = up.id
    WHERE m.parent_id IS NOT NULL
)
SELECT {_M_COLUMNS} FROM up JOIN messages AS m ON m.id = up.id ORDER BY up.depth DESC
"""

_UP_CTE = """
WITH RECURSIVE up (id, parent) AS (
    SELECT id, parent_id FROM messages WHERE id = :id
    UNION ALL
    SELECT m.id, m.parent_id FROM up JOIN messages AS m ON m.id = up.parent
)
"""
# Choosing a message: every ancestor goes on towards it, and its first ancestor is chosen.
CHOOSE_SQL = (
    f"{_UP_CTE} UPDATE messages SET active_child = up.id FROM up"
    " WHERE messages.id = up.parent AND messages.active_child IS NOT up.id"
)
CHOOSE_ROOT_SQL = (
    f"{_UP_CTE} UPDATE conversations SET active_root = (SELECT id FROM up WHERE parent IS NULL)"
    " WHERE id = (SELECT conversation_id FROM messages WHERE id = :id)"
)

SUBTREE_SQL = """
WITH RECURSIVE below (id) AS (
    SELECT id FROM messages WHERE id = :id
    UNION ALL
    SELECT m.id FROM below JOIN messages AS m
        ON m.conversation_id = :cid AND m.parent_id = below.id
)
SELECT id FROM below
"""

SIBLINGS_SQL = "SELECT id FROM messages WHERE conversation_id = ? AND parent_id IS ? ORDER BY id"


async def choose(db: GuardedConnection, message_id: int) -> None:
    """Make the chosen path run through ``message_id`` (its own choices below stay)."""
    await db.execute(CHOOSE_SQL, {"id": message_id})
    await db.execute(CHOOSE_ROOT_SQL, {"id": message_id})


async def conversation_of(db: GuardedConnection, message_id: int) -> tuple[int, int | None]:
    """The conversation and parent of a message; ``NotFoundError`` when there is none."""
    rows = list(
        await db.execute_fetchall(
            "SELECT conversation_id, parent_id FROM messages WHERE id = ?", (message_id,)
        )
    )
    if not rows:
        raise NotFoundError(f"no message {message_id}")
    return rows[0][0], rows[0][1]


async def resolve_parent(
    db: GuardedConnection, conversation_id: int, parent_id: int | None, lane: int | None
) -> int | None:
    """Where a new message goes: under ``parent_id`` (:data:`TOP`: none), or by default at
    the end of the chosen path — for a comparison's answer, under its last shared message."""
    if parent_id == TOP:
        return None
    if parent_id is not None:
        owner, _ = await conversation_of(db, parent_id)
        if owner != conversation_id:
            raise NotFoundError(f"no message {parent_id} in conversation {conversation_id}")
        return parent_id
    rows = list(await db.execute_fetchall(PATH_IDS_SQL, {"cid": conversation_id}))
    for row in reversed(rows):
        if lane is None or row[1] is None:
            return int(row[0])
    return None


async def attach(
    db: GuardedConnection, conversation_id: int, message_id: int, parent: int | None, walk: bool
) -> None:
    """Make a new message the chosen child of its parent (``walk``: and its parent chosen)."""
    if walk:
        await choose(db, message_id)
    elif parent is None:
        await db.execute(
            "UPDATE conversations SET active_root = ? WHERE id = ?", (message_id, conversation_id)
        )
    else:
        await db.execute("UPDATE messages SET active_child = ? WHERE id = ?", (message_id, parent))
