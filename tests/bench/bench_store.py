"""Benchmark: the history store at 200,000 messages — search, listing, and streaming writes.

Run on demand: ``python tests/bench/bench_store.py [--messages N] [--conversations N]
[--db PATH] [--repeats N] [--only-scale]``. With ``--db`` naming an existing file, the fill
is skipped. The scale part (start-up against an empty history, the chats browser, spend,
search as you type) adds the schema's newer pinned column and step 9's indexes to the file.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout, uninstalled
sys.path.insert(0, str(Path(__file__).resolve().parent))

from store_scale import run_scale

from tui.store import Ending, ImportedConversation, ImportedMessage, Store
from tui.store.query import build_match, parse_query

# The most frequent words of English prose and of programming talk, most frequent first;
# a long tail of made-up words follows them, so frequencies fall off as in real text.
_COMMON_TEXT = """
the of and to a in is it you that for this with on be are as can use not or your
if by from at an will have but all more when one which do we there so what about
how their would make like time just know get data code function file value see
need also then only new should error model first some return other could been use
these them way test run python request user example work because any here each where
type server may set list string than using line into case well api first number
result call method class model output input time version same response first query
stream token message change system build config default path module object problem
answer question think still might help going rust async await thread process memory
cache database table index search key field loop array map option parameter client
network request timeout retry status header body json yaml terminal window screen
widget layout render style color theme font text markdown block paragraph heading
"""
_COMMON = _COMMON_TEXT.split()
_SYLLABLES = [c + v for c in "bcdfghjklmnprstvwz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words = list(dict.fromkeys(_COMMON))
    seen = set(words)
    while len(words) < size:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


class TextMaker:
    """Zipf-distributed words shaped into prompts and Markdown-ish answers."""

    def __init__(self, rng: random.Random, vocab_size: int = 40_000) -> None:
        self.rng = rng
        self.words = vocabulary(vocab_size, rng)
        self.cum = list(itertools.accumulate(1 / rank**1.07 for rank in range(1, vocab_size + 1)))

    def words_(self, n: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum, k=n)

    def sentence(self, n: int) -> str:
        words = self.words_(n)
        return " ".join(words).capitalize() + self.rng.choice(".?!.")

    def prompt(self) -> str:
        return self.sentence(self.rng.randint(5, 40))

    def answer(self) -> str:
        parts = []
        for _ in range(self.rng.randint(1, 5)):
            kind = self.rng.random()
            if kind < 0.15:
                parts.append("## " + self.sentence(self.rng.randint(2, 6)))
            elif kind < 0.3:
                body = "\n".join(
                    f"{a} = {b}({c})" for a, b, c in zip(*[iter(self.words_(9))] * 3, strict=True)
                )
                parts.append(f"```python\n{body}\n```")
            else:
                parts.append(" ".join(self.sentence(self.rng.randint(6, 18)) for _ in range(3)))
        return "\n\n".join(parts)


def make_conversations(
    maker: TextMaker, n_conversations: int, n_messages: int, start: float
) -> list[ImportedConversation]:
    rng = maker.rng
    per = n_messages / n_conversations
    conversations = []
    clock = start
    for _ in range(n_conversations):
        count = max(2, int(rng.gauss(per, per / 3)) // 2 * 2)
        messages = []
        for index in range(count):
            clock += rng.uniform(1, 120)
            if index % 2 == 0:
                messages.append(ImportedMessage("user", maker.prompt(), clock))
            else:
                messages.append(
                    ImportedMessage(
                        "assistant",
                        maker.answer(),
                        clock,
                        model_requested="openai/gpt-4o",
                        model_answered="openai/gpt-4o",
                        finish_reason="stop",
                        prompt_tokens=rng.randint(10, 4000),
                        completion_tokens=rng.randint(10, 800),
                        cost=rng.random() / 100,
                        params={"temperature": 0.7},
                    )
                )
        conversations.append(ImportedConversation(messages, model="openai/gpt-4o"))
    return conversations


async def fill(store: Store, n_conversations: int, n_messages: int, seed: int) -> None:
    maker = TextMaker(random.Random(seed))
    start = time.time() - 2 * 365 * 86400
    batch_size = 250
    generated = written = 0.0
    total = 0
    for done in range(0, n_conversations, batch_size):
        t0 = time.perf_counter()
        size = min(batch_size, n_conversations - done)
        batch = make_conversations(maker, size, n_messages * size // n_conversations, start)
        start = batch[-1].messages[-1].created_at
        t1 = time.perf_counter()
        await store.import_conversations(batch)
        t2 = time.perf_counter()
        generated += t1 - t0
        written += t2 - t1
        total += sum(len(c.messages) for c in batch)
    print(
        f"fill: {total:,} messages in {n_conversations:,} conversations; "
        f"writing {written:.1f} s ({total / written:,.0f} msg/s), generating text {generated:.1f} s"
    )


async def timed(fn: Callable[[], Awaitable[object]], repeats: int) -> tuple[float, float, object]:
    result = await fn()  # warm the page cache and the statement cache first
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = await fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times), result


async def match_count(store: Store, query: str) -> int:
    """How many messages match ``query`` in all (the app never needs this; the bench does)."""
    match = build_match(parse_query(query))
    if match is None:
        return 0
    conn = sqlite3.connect(store.path)
    try:
        return conn.execute(
            "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?", (match,)
        ).fetchone()[0]
    finally:
        conn.close()


async def pick_term(store: Store, words: list[str], ranks: range, low: int, high: int) -> str:
    """A word of the fill's vocabulary found in ``low``..``high`` messages."""
    for rank in ranks:
        if low <= await match_count(store, words[rank] + " ") <= high:
            return words[rank]
    return words[ranks[0]]


async def bench_reads(store: Store, seed: int, repeats: int) -> None:
    words = vocabulary(40_000, random.Random(seed))
    queries = {
        "rare": await pick_term(store, words, range(20_000, 20_200), 3, 60),
        "medium": await pick_term(store, words, range(150, 2_000), 2_000, 8_000),
        "very common": "the",
        "two common words": "the code",
        "prefix (as you type)": "pro",
        "two-letter prefix": "th",
        "one letter (no prefix)": "a",
        "phrase": '"return the"',
        "nasty": 'NEAR(the, "code") OR -x* ^col:foo (',
    }
    print(f"\nsearch (limit 20, median of {repeats}):")
    for label, query in queries.items():
        median, worst, hits = await timed(lambda q=query: store.search(q), repeats)
        count = await match_count(store, query)
        print(
            f"  {label:22} {query!r:38} {median:7.2f} ms  (max {worst:6.2f})"
            f"  hits {len(hits):2} of {count:,}"  # type: ignore[arg-type]
        )
    print("\nreading:")
    for label, fn in {
        "list_conversations(50)": lambda: store.list_conversations(50),
        "list_conversations(50, offset=2000)": lambda: store.list_conversations(50, 2000),
        "latest_conversation()": store.latest_conversation,
        "messages(one conversation)": lambda: store.messages(1234),
    }.items():
        median, worst, _ = await timed(fn, repeats)
        print(f"  {label:36} {median:7.2f} ms  (max {worst:6.2f})")


async def bench_streaming(store: Store, tokens: int, tokens_per_second: int) -> None:
    maker = TextMaker(random.Random(99))
    words = maker.words_(tokens)
    conversation = await store.create_conversation(model="sim/long")
    await store.add_message(conversation.id, "user", "Write a long answer")
    message = await store.start_assistant_message(conversation.id, "sim/long", {"max_tokens": 1})
    times = []
    text = ""
    for start in range(0, tokens, tokens_per_second):
        text += " " + " ".join(words[start : start + tokens_per_second])
        t0 = time.perf_counter()
        await store.save_progress(message.id, text)
        times.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    await store.finish_message(
        message.id, Ending(status="complete", content=text, completion_tokens=tokens)
    )
    finish = (time.perf_counter() - t0) * 1000
    print(
        f"\nstreaming a {tokens:,}-token answer ({len(text) / 1024:.0f} KiB) at {tokens_per_second}"
        f" tok/s: {len(times)} save_progress writes, median {statistics.median(times):.2f} ms,"
        f" p95 {sorted(times)[int(len(times) * 0.95)]:.2f} ms, total {sum(times):.0f} ms;"
        f" finish_message (indexes it) {finish:.1f} ms"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--conversations", type=int, default=5_000)
    parser.add_argument("--db", type=Path, help="reuse (or create) this database file")
    parser.add_argument("--repeats", type=int, default=21)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only-scale", action="store_true", help="start-up, browser, typing")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "history.db"
        existed = path.exists()
        store = await Store.open(path)
        try:
            if not existed:
                await fill(store, args.conversations, args.messages, args.seed)
            size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
            print(f"database: {size / 2**20:,.0f} MiB (with WAL)")
            if not args.only_scale:
                await bench_reads(store, args.seed, args.repeats)
                await bench_streaming(store, tokens=20_000, tokens_per_second=50)
        finally:
            await store.close()
        await run_scale(path, Path(tmp), args.repeats)


if __name__ == "__main__":
    asyncio.run(main())
