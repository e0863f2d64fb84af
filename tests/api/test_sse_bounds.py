"""The SSE decoder's memory is bounded: a line or event past the limit ends the stream."""

from __future__ import annotations

import tracemalloc

import pytest

from tui.api.errors import ErrorKind
from tui.api.events import ContentDelta, StreamFailed
from tui.api.parse import StreamParser
from tui.api.sse import MAX_EVENT_BYTES, SSEComment, SSEDecoder, SSEEvent, SSEOverflow

MiB = 1024 * 1024
CHUNK = 64 * 1024  # about what a socket read hands over


def peak_while(feed) -> tuple[list, int]:
    """What ``feed()`` returns and the peak of memory allocated while it ran."""
    tracemalloc.start()
    try:
        result = feed()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_an_endless_line_ends_the_stream_and_memory_stays_flat():
    decoder = SSEDecoder()
    block = b"x" * CHUNK

    def endless() -> list:
        items = decoder.feed(b'data: {"choices":[{"delta":{"content":"')
        for _ in range(100 * MiB // CHUNK):  # 100 MB of one line, far past the limit
            items += decoder.feed(block)
        return items

    items, peak = peak_while(endless)
    assert items == [SSEOverflow("line", MAX_EVENT_BYTES)]
    assert peak < 2 * MAX_EVENT_BYTES  # ~8 MiB held at most, never the 100 MB sent


def test_a_50_mb_event_in_one_chunk_is_refused_without_copying_it_all():
    event = b"data: " + b"x" * (50 * MiB) + b"\n\n"
    decoder = SSEDecoder()
    items, peak = peak_while(lambda: decoder.feed(event))
    assert items == [SSEOverflow("line", MAX_EVENT_BYTES)]
    assert peak < 3 * MAX_EVENT_BYTES


def test_a_50_mb_event_in_socket_sized_chunks_is_refused():
    decoder = SSEDecoder()
    head = b"data: " + b"x" * (CHUNK - 6)

    def feed() -> list:
        items = decoder.feed(head)
        for _ in range(50 * MiB // CHUNK):
            items += decoder.feed(b"x" * CHUNK)
        return items + decoder.feed(b"\n\n") + decoder.close()

    items, peak = peak_while(feed)
    assert items == [SSEOverflow("line", MAX_EVENT_BYTES)]
    assert peak < 2 * MAX_EVENT_BYTES


def test_an_event_of_many_short_data_lines_past_the_limit_is_refused():
    decoder = SSEDecoder(limit=1000)
    items = decoder.feed(b"data: " + b"y" * 90 + b"\n")
    for _ in range(20):
        items += decoder.feed(b"data: " + b"y" * 90 + b"\n")
    assert items == [SSEOverflow("event", 1000)]


def test_what_came_before_the_overflow_is_returned_first():
    decoder = SSEDecoder(limit=100)
    items = decoder.feed(b"data: first\n\n: alive\n\ndata: " + b"z" * 200)
    assert items == [SSEEvent("first"), SSEComment("alive"), SSEOverflow("line", 100)]


def test_nothing_comes_after_an_overflow():
    decoder = SSEDecoder(limit=100)
    assert decoder.feed(b"data: " + b"z" * 200) == [SSEOverflow("line", 100)]
    assert decoder.feed(b"\n\ndata: late\n\n") == []
    assert decoder.close() == []


def test_lines_and_events_up_to_the_limit_decode():
    decoder = SSEDecoder(limit=100)
    line = b"data: " + b"a" * 94  # 100 bytes
    assert decoder.feed(line + b"\n\n") == [SSEEvent("a" * 94)]
    two = b"data: " + b"b" * 40 + b"\ndata: " + b"c" * 40 + b"\n\n"
    assert decoder.feed(two) == [SSEEvent("b" * 40 + "\n" + "c" * 40)]


@pytest.mark.parametrize("size", [1, 7, 64, 99, 101, 1000])
def test_the_overflow_is_found_however_the_bytes_are_cut(size):
    body = b"data: ok\n\n" + b"data: " + b"q" * 500 + b"\n\ndata: never\n\n"
    decoder = SSEDecoder(limit=200)
    items = []
    for start in range(0, len(body), size):
        items += decoder.feed(body[start : start + size])
    items += decoder.close()
    assert items == [SSEEvent("ok"), SSEOverflow("line", 200)]


def test_an_overflow_fails_the_stream_as_a_broken_stream_exit_6():
    parser = StreamParser()
    content = SSEEvent('{"choices":[{"index":0,"delta":{"content":"kept"}}]}')
    events = parser.feed(content) + parser.feed(SSEOverflow("line", MAX_EVENT_BYTES))
    assert ContentDelta("kept") in events
    failed = events[-1]
    assert isinstance(failed, StreamFailed)
    assert failed.error.kind is ErrorKind.BAD_RESPONSE and failed.error.exit_code == 6
    assert "longer than 8 MiB" in failed.error.message
    assert parser.ended
