"""Attached files, kept once per content and linked from messages, and answers' citations."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tui.store.base import StoreBase
from tui.store.guard import GuardedConnection


@dataclass(frozen=True, slots=True)
class NewAttachment:
    """A file to store with a message: its bytes and what they are."""

    name: str
    kind: str
    format: str
    mime: str
    data: bytes = field(repr=False)


@dataclass(frozen=True, slots=True)
class StoredAttachment:
    """A file linked from a message, without its bytes (:meth:`AttachmentStore.blob`)."""

    message_id: int
    position: int
    sha256: str
    name: str
    kind: str
    format: str
    mime: str
    size: int


@dataclass(frozen=True, slots=True)
class StoredCitation:
    """A source a stored answer cites; the strings are the server's, unchecked."""

    url: str
    title: str = ""
    content: str = ""
    start_index: int | None = None
    end_index: int | None = None


_LINKS_SQL = """
SELECT a.message_id, a.position, a.sha256, a.name, a.kind, a.format, a.mime, b.size
FROM message_attachments AS a JOIN blobs AS b ON b.sha256 = a.sha256
WHERE a.message_id IN ({marks})
ORDER BY a.message_id, a.position
"""


class AttachmentStore(StoreBase):
    """The attachments-and-citations part of :class:`~tui.store.Store`.

    A file's bytes are stored once (keyed by SHA-256) however many messages, conversations
    or forks send it. Deleting messages leaves blobs for an undo; :meth:`prune_blobs`
    removes those nothing links to.
    """

    async def attach(
        self, message_id: int, files: Sequence[NewAttachment]
    ) -> list[StoredAttachment]:
        """Link ``files`` to a message, after any it has; store each content once."""
        import hashlib  # OpenSSL's loading waits for the first file stored, not the start

        now = self._clock()
        async with self._write() as db:
            rows = await db.execute_fetchall(
                "SELECT COALESCE(MAX(position), -1) FROM message_attachments WHERE message_id = ?",
                (message_id,),
            )
            start = int(rows[0][0]) + 1
            for offset, item in enumerate(files):
                digest = hashlib.sha256(item.data).hexdigest()
                await db.execute(
                    "INSERT INTO blobs (sha256, size, data, created_at) VALUES (?, ?, ?, ?)"
                    " ON CONFLICT (sha256) DO NOTHING",
                    (digest, len(item.data), item.data, now),
                )
                await db.execute(
                    "INSERT INTO message_attachments"
                    " (message_id, position, sha256, name, kind, format, mime)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        message_id,
                        start + offset,
                        digest,
                        item.name,
                        item.kind,
                        item.format,
                        item.mime,
                    ),
                )
        found = await self.attachments_of([message_id])
        return found.get(message_id, [])

    async def attachments_of(self, message_ids: Iterable[int]) -> dict[int, list[StoredAttachment]]:
        """Each message's files in order; messages with none are left out."""
        ids = list(dict.fromkeys(message_ids))
        found: dict[int, list[StoredAttachment]] = {}
        for chunk in _chunks(ids):
            sql = _LINKS_SQL.format(marks=", ".join("?" * len(chunk)))
            for row in await self._fetch(sql, chunk):
                item = StoredAttachment(*(row[i] for i in range(8)))
                found.setdefault(item.message_id, []).append(item)
        return found

    async def blob(self, sha256: str) -> bytes | None:
        """A stored file's bytes, or None if no such content is stored."""
        rows = await self._fetch("SELECT data FROM blobs WHERE sha256 = ?", (sha256,))
        return bytes(rows[0][0]) if rows else None

    async def blob_count(self) -> int:
        """How many distinct contents are stored."""
        rows = await self._fetch("SELECT COUNT(*) FROM blobs")
        return int(rows[0][0])

    async def prune_blobs(self, keep: Iterable[str] = ()) -> int:
        """Delete stored contents no message links to, but those in ``keep`` (a delete that
        can still be undone links them again); return how many went."""
        kept = list(dict.fromkeys(keep))
        marks = ", ".join("?" * len(kept))
        spare = f" AND sha256 NOT IN ({marks})" if kept else ""
        async with self._write() as db:
            cursor = await db.execute(
                "DELETE FROM blobs WHERE NOT EXISTS"
                " (SELECT 1 FROM message_attachments AS a WHERE a.sha256 = blobs.sha256)" + spare,
                kept,
            )
            return int(cursor.rowcount or 0)

    async def set_citations(
        self, message_id: int, citations: Sequence[StoredCitation], *, wait: float | None = None
    ) -> None:
        """Store an answer's citations, replacing any it had; ``wait`` bounds a lock wait."""
        async with self._write(wait) as db:
            await write_citations(db, message_id, citations)

    async def citations_of(self, message_ids: Iterable[int]) -> dict[int, list[StoredCitation]]:
        """Each answer's citations in order; answers with none are left out."""
        ids = list(dict.fromkeys(message_ids))
        found: dict[int, list[StoredCitation]] = {}
        for chunk in _chunks(ids):
            marks = ", ".join("?" * len(chunk))
            rows = await self._fetch(
                "SELECT message_id, url, title, content, start_index, end_index FROM citations"
                f" WHERE message_id IN ({marks}) ORDER BY message_id, position",
                chunk,
            )
            for row in rows:
                found.setdefault(int(row[0]), []).append(StoredCitation(*row[1:6]))
        return found


async def write_citations(
    db: GuardedConnection, message_id: int, citations: Sequence[StoredCitation]
) -> None:
    await db.execute("DELETE FROM citations WHERE message_id = ?", (message_id,))
    await db.executemany(
        "INSERT INTO citations"
        " (message_id, position, url, title, content, start_index, end_index)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (message_id, n, c.url, c.title, c.content, c.start_index, c.end_index)
            for n, c in enumerate(citations)
        ],
    )


async def copy_extras(db: GuardedConnection, pairs: Sequence[tuple[int, int]]) -> None:
    """Give each copied message (``(source, copy)``) its source's files and citations."""
    for source, copy in pairs:
        await db.execute(
            "INSERT INTO message_attachments"
            " (message_id, position, sha256, name, kind, format, mime)"
            " SELECT ?, position, sha256, name, kind, format, mime"
            " FROM message_attachments WHERE message_id = ?",
            (copy, source),
        )
        await db.execute(
            "INSERT INTO citations"
            " (message_id, position, url, title, content, start_index, end_index)"
            " SELECT ?, position, url, title, content, start_index, end_index"
            " FROM citations WHERE message_id = ?",
            (copy, source),
        )


def _chunks(ids: list[int], size: int = 500) -> Iterable[list[int]]:
    # SQLite caps the number of bound parameters; a long history is read in slices.
    for start in range(0, len(ids), size):
        yield ids[start : start + size]
