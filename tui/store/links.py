"""Linking messages that arrive in order (an import, a fork, a copied column) into a tree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.store.guard import GuardedConnection


@dataclass(frozen=True, slots=True)
class Links:
    """Who follows whom among messages given in order."""

    parents: list[tuple[int | None, int]]
    """``(parent_id, id)`` for every message."""
    chosen: dict[int, int]
    """Each parent's chosen child: its latest."""
    root: int | None
    """The first message."""


def links_in_order(rows: Sequence[tuple[int, int | None]]) -> Links:
    """The tree of messages ``(id, lane)`` in order, as schema step 6 links old ones.

    A message follows the one before it; a comparison's answer (a lane) follows the last
    shared message before it, so a prompt's answers are siblings.
    """
    parents: list[tuple[int | None, int]] = []
    chosen: dict[int, int] = {}
    previous: int | None = None
    shared: int | None = None
    for message_id, lane in rows:
        parent = previous if lane is None else shared
        parents.append((parent, message_id))
        if parent is not None:
            chosen[parent] = message_id
        previous = message_id
        if lane is None:
            shared = message_id
    root = next((child for parent, child in parents if parent is None), None)
    return Links(parents, chosen, root)


def tree_links(ids: Sequence[int], parents: Sequence[int | None], chosen: int | None) -> Links:
    """The tree of messages ``ids`` whose parents are given as indexes into ``ids``.

    The chosen path runs from the first message down to ``chosen`` (an index; default the
    last message); off that path each message goes on with its latest child.
    """
    if len(parents) != len(ids):
        raise ValueError("an imported tree needs one parent per message")
    for index, parent in enumerate(parents):
        if parent is not None and not 0 <= parent < index:
            raise ValueError(f"message {index + 1} must follow an earlier message")
    pairs = [(None if p is None else ids[p], ids[i]) for i, p in enumerate(parents)]
    active = {parent: child for parent, child in pairs if parent is not None}
    if not ids:
        return Links(pairs, active, None)
    index = len(ids) - 1 if chosen is None else chosen
    if not 0 <= index < len(ids):
        raise ValueError(f"the chosen message {index + 1} is not in the conversation")
    parent = parents[index]
    while parent is not None:
        active[ids[parent]] = ids[index]
        index, parent = parent, parents[parent]
    return Links(pairs, active, ids[index])


async def write_links(db: GuardedConnection, conversation_id: int, links: Links) -> None:
    """Store ``links`` for messages already in ``conversation_id``."""
    await db.executemany(
        "UPDATE messages SET parent_id = ? WHERE id = ?", [pair for pair in links.parents]
    )
    await db.executemany(
        "UPDATE messages SET active_child = ? WHERE id = ?",
        [(child, parent) for parent, child in links.chosen.items()],
    )
    await db.execute(
        "UPDATE conversations SET active_root = ? WHERE id = ?", (links.root, conversation_id)
    )


async def link_in_order(db: GuardedConnection, conversation_id: int) -> None:
    """Link a conversation's messages as one path, in the order they were added."""
    rows = await db.execute_fetchall(
        "SELECT id, lane FROM messages WHERE conversation_id = ? ORDER BY seq",
        (conversation_id,),
    )
    await write_links(db, conversation_id, links_in_order([(r[0], r[1]) for r in rows]))
