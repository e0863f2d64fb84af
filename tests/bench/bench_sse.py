"""Benchmark: our SSE decoder against httpx-sse's and the openai SDK's on one recorded stream.

Run on demand: ``python tests/bench/bench_sse.py [--chunks N] [--repeats N]``.
"""

from __future__ import annotations

import argparse
import codecs
import gc
import json
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # run from a checkout, uninstalled

from httpx_sse._decoders import SSEDecoder as HttpxSSEDecoder
from httpx_sse._decoders import SSELineDecoder as HttpxLineDecoder
from openai._streaming import SSEDecoder as OpenAISSEDecoder

from tui.api.sse import SSEDecoder, SSEEvent

_ASCII = [
    "The",
    "answer",
    "streams",
    "in",
    "token",
    "by",
    "token",
    ",",
    "and",
    "each",
    "delta",
    "carries",
    "a",
    "word",
    "or",
    "two",
    ".",
    "##",
    "Steps\n\n1.",
    "Install",
    "the",
    "package\n2.",
    "Run",
    "`parley",
    "ask`",
    "with",
    "a",
    "prompt\n```python\nimport",
    "httpx\nprint(response.json())\n```\n|",
    "model",
    "|",
    "cost",
    "|\n|---|---|\n",
]
_MULTIBYTE = [
    "café",
    "naïve",
    "façade",
    "—",
    "“quoted”",
    "東京",
    "天気",
    "Здравствуйте",
    "mañana",
    "Größe",
    "½",
    "€",
]
_EMOJI = ["🙂", "🚀", "✅", "👍🏽"]


def _token(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.01:
        return rng.choice(_EMOJI)
    if roll < 0.09:
        return " " + rng.choice(_MULTIBYTE)
    if roll < 0.0905:
        return "\u2028"  # legal inside a JSON string, and must not end the line
    return " " + rng.choice(_ASCII)


def build_stream(n_chunks: int, seed: int = 7) -> bytes:
    """A realistic OpenRouter chat stream: role chunk, content, keep-alives, usage, [DONE]."""
    rng = random.Random(seed)
    head = {
        "id": "gen-1718000000-a1b2c3d4e5f6a7b8c9d0",
        "provider": "OpenAI",
        "model": "openai/gpt-4o",
        "object": "chat.completion.chunk",
        "created": 1718000000,
    }

    def event(delta: dict, finish: str | None = None, **extra: object) -> bytes:
        choice = {
            "index": 0,
            "delta": delta,
            "finish_reason": finish,
            "native_finish_reason": finish,
            "logprobs": None,
        }
        body = {**head, "choices": [choice], "system_fingerprint": "fp_5a1b2c3d4e", **extra}
        text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
        return b"data: " + text.encode() + b"\n\n"

    parts = [b": OPENROUTER PROCESSING\n\n"] * 3
    parts.append(event({"role": "assistant", "content": ""}))
    for i in range(n_chunks):
        text = "".join(_token(rng) for _ in range(rng.randint(1, 3)))
        parts.append(event({"role": "assistant", "content": text}))
        if i % 500 == 250:
            parts.append(b": OPENROUTER PROCESSING\n\n")
    parts.append(event({"role": "assistant", "content": ""}, "stop"))
    usage = {"prompt_tokens": 42, "completion_tokens": n_chunks, "total_tokens": n_chunks + 42}
    parts.append(event({"role": "assistant", "content": ""}, usage={**usage, "cost": 0.0123}))
    parts.append(b"data: [DONE]\n\n")
    return b"".join(parts)


def per_event(stream: bytes) -> list[bytes]:
    """One whole event per chunk, as a stream that keeps pace with the model arrives."""
    return [event + b"\n\n" for event in stream.split(b"\n\n") if event]


def cut(stream: bytes, seed: int = 11, low: int = 1024, high: int = 4096) -> list[bytes]:
    """Network-sized pieces, cut anywhere (inside lines and UTF-8 characters)."""
    rng = random.Random(seed)
    pieces, i = [], 0
    while i < len(stream):
        step = rng.randint(low, high)
        pieces.append(stream[i : i + step])
        i += step
    return pieces


def run_ours(pieces: list[bytes]) -> int:
    decoder = SSEDecoder()
    count = 0
    for piece in pieces:
        for item in decoder.feed(piece):
            if type(item) is SSEEvent:
                count += 1
    for item in decoder.close():
        if type(item) is SSEEvent:
            count += 1
    return count


def run_httpx_sse(pieces: list[bytes]) -> int:
    """As ``EventSource.iter_sse`` does: httpx's incremental text decode, then lines."""
    text_decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    lines = HttpxLineDecoder()
    decoder = HttpxSSEDecoder()
    count = 0
    for piece in pieces:
        for line in lines.decode(text_decoder.decode(piece)):
            if decoder.decode(line.rstrip("\n")) is not None:
                count += 1
    for line in lines.decode(text_decoder.decode(b"", final=True)) + lines.flush():
        if decoder.decode(line.rstrip("\n")) is not None:
            count += 1
    return count


def run_openai(pieces: list[bytes]) -> int:
    return sum(1 for _ in OpenAISSEDecoder().iter_bytes(iter(pieces)))


def measure(runners: dict[str, Callable[[list[bytes]], int]], pieces: list[bytes], repeats: int):
    """CPU seconds per run of each decoder; rounds interleave them so load on a shared
    machine hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in runners}
    for _ in range(repeats):
        for name, fn in runners.items():
            gc.collect()
            start = time.process_time()
            fn(pieces)
            times[name].append(time.process_time() - start)
    return times


def compare(title: str, pieces: list[bytes], size_mb: float, repeats: int) -> float:
    """Print each decoder's median speed on ``pieces``; return ours over the faster peer."""
    runners = {"parley": run_ours, "httpx-sse": run_httpx_sse, "openai": run_openai}
    counts = {name: fn(pieces) for name, fn in runners.items()}
    print(f"{title}: {len(pieces)} chunks; data events: {counts}")
    if len(set(counts.values())) != 1:
        raise SystemExit("decoders disagree on the number of data events")
    events = counts["parley"]
    medians = {}
    for name, runs in measure(runners, pieces, repeats).items():
        medians[name] = secs = statistics.median(runs)
        print(
            f"{name:>12}: {size_mb / secs:7.1f} MB/s  {events / secs:10,.0f} events/s"
            f"  ({secs * 1e3:.1f} ms CPU, median of {len(runs)})"
        )
    ratio = min(medians["httpx-sse"], medians["openai"]) / medians["parley"]
    print(f"  parley speed / faster peer: {ratio:.2f}x")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chunks", type=int, default=20_000, help="content chunks (events)")
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    stream = build_stream(args.chunks)
    size_mb = len(stream) / 1e6
    print(f"recorded stream: {size_mb:.2f} MB, {args.chunks} content chunks")
    compare("network pieces of 1-4 KB", cut(stream), size_mb, args.repeats)
    compare("one event per chunk", per_event(stream), size_mb, args.repeats)


if __name__ == "__main__":
    main()
