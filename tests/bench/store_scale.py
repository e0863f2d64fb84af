"""Scale figures for bench_store: start-up and listing flat in history size, the chats
browser, spend, and search as you type (each keystroke a query), warm and cold cache."""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from tui.store import Store
from tui.store.migrations import MIGRATIONS

# The listing as it was: last activity read every message row of each listed conversation.
OLD_LIST_SQL = """
SELECT c.id, c.title, c.kind, c.model, c.created_at, c.updated_at,
       (SELECT COUNT(*) FROM messages AS m WHERE m.conversation_id = c.id),
       MAX(c.updated_at, COALESCE(
           (SELECT MAX(m.updated_at) FROM messages AS m WHERE m.conversation_id = c.id), 0))
FROM conversations AS c ORDER BY c.updated_at DESC, c.id DESC LIMIT 50
"""
TYPED = ("how are the parameters", "tim")


def evict(path: Path) -> bool:
    """Drop the file from the page cache (Linux), as after a reboot; False where it cannot."""
    if not hasattr(os, "posix_fadvise"):
        return False
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if name.exists():
            fd = os.open(name, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    return True


def add_pinned_column(path: Path) -> None:
    """The pinned column of a newer schema step, for files made before it."""
    conn = sqlite3.connect(path)
    try:
        if "pinned" not in {row[1] for row in conn.execute("PRAGMA table_info(conversations)")}:
            conn.execute("ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0")
            conn.commit()
    finally:
        conn.close()


def drop_step_9(path: Path) -> None:
    """The step 9 indexes taken away again: the browser as it was before them."""
    conn = sqlite3.connect(path)
    try:
        for index in ("messages_usage", "messages_spend_by_time"):
            conn.execute(f"DROP INDEX IF EXISTS {index}")
        conn.commit()
    finally:
        conn.close()


def apply_step_9(path: Path) -> None:
    conn = sqlite3.connect(path)
    try:
        for statement in MIGRATIONS[8].statements:
            conn.execute(statement.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS"))
        conn.execute("ANALYZE")
        conn.commit()
    finally:
        conn.close()


async def _median(fn: Callable[[], Awaitable[object]], repeats: int, before=None) -> float:
    times = []
    for _ in range(repeats):
        if before:
            before()
        t0 = time.perf_counter()
        await fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


async def _startup(path: Path, sql: str | None) -> None:
    store = await Store.open(path)
    try:
        if sql is None:
            await store.list_conversations(50)
        else:  # the old listing, through the same connection
            await store._db.execute_fetchall(sql)
    finally:
        await store.close()


async def bench_startup(empty: Path, full: Path, repeats: int) -> None:
    print(f"\nstart-up = Store.open + first list_conversations(50) (median of {repeats}):")
    print(f"  {'':28} {'empty':>9} {'200k':>9} {'added':>9}")
    for label, sql in (("before (every message row)", OLD_LIST_SQL), ("after", None)):
        for cache in ("warm", "cold"):
            evicting = cache == "cold" and evict(full)
            if cache == "cold" and not evicting:
                continue
            figures = []
            for path in (empty, full):
                drop = (lambda p=path: evict(p)) if evicting else None
                figures.append(await _median(lambda p=path, q=sql: _startup(p, q), repeats, drop))
            print(
                f"  {label + ', ' + cache:28} {figures[0]:7.2f}ms {figures[1]:7.2f}ms"
                f" {figures[1] - figures[0]:+7.2f}ms"
            )


async def bench_browser(store: Store, repeats: int, note: str) -> None:
    print(f"\nchats browser and spend, {note} (median of {repeats}; warm / cold cache):")
    some = (await store.list_conversations(1))[0].id
    cases: dict[str, Callable[[], Awaitable[object]]] = {
        "list_conversations(50)": lambda: store.list_conversations(50),
        "browse recent (50)": lambda: store.browse_conversations("recent"),
        "browse recent, offset 1000": lambda: store.browse_conversations("recent", offset=1000),
        "browse by cost (50)": lambda: store.browse_conversations("cost"),
        "browse filtered 'th'": lambda: store.browse_conversations(text="th"),
        "conversation_spend": lambda: store.conversation_spend(some),
        "spend_by_day(30)": lambda: store.spend_by_day(30),
        "spend_by_day(365)": lambda: store.spend_by_day(365),
    }
    for label, fn in cases.items():
        await fn()
        warm = await _median(fn, repeats)
        cold = await _median(fn, max(3, repeats // 3), lambda: evict(store.path))
        print(f"  {label:30} {warm:7.2f} ms  / {cold:7.2f} ms")


async def bench_typing(store: Store, repeats: int) -> None:
    print(f"\nsearch as you type, limit 20 (median of {repeats} per keystroke, warm cache):")
    for text in TYPED:
        figures = []
        for end in range(1, len(text) + 1):
            query = text[:end]
            await store.search(query)
            figures.append((query, await _median(lambda q=query: store.search(q), repeats)))
        print("  " + "  ".join(f"{q!r} {ms:.1f}" for q, ms in figures))
        print(f"  worst {max(ms for _, ms in figures):.1f} ms")


async def run_scale(full: Path, empty_dir: Path, repeats: int) -> None:
    """Every scale figure: start-up, then the browser without and with step 9's indexes,
    then typing (search needs no new index)."""
    empty = empty_dir / "empty.db"
    for path in (empty, full):
        store = await Store.open(path)
        await store.close()
        add_pinned_column(path)
    await bench_startup(empty, full, repeats)
    store = await Store.open(full)
    try:
        drop_step_9(full)
        await bench_browser(store, repeats, "without step 9")
        apply_step_9(full)
        await bench_browser(store, repeats, "with step 9's indexes")
        await bench_typing(store, repeats)
    finally:
        await store.close()
