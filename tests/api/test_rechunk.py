"""A read's whole chunks join into one; the body the HTTP layer reads is the same byte for byte."""

from __future__ import annotations

import random

import h11
import pytest

from tui.api.rechunk import ChunkJoiner

HEAD = b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"


def chunked(pieces: list[bytes], trailers: bytes = b"") -> bytes:
    body = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(p), p) for p in pieces)
    return body + b"0\r\n" + trailers + b"\r\n"


def split(data: bytes, rng: random.Random, most: int) -> list[bytes]:
    cuts = sorted(rng.sample(range(1, len(data)), min(len(data) - 1, len(data) // most + 1)))
    return [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]


def read_as_h11(reads: list[bytes], joiner: ChunkJoiner | None) -> tuple[list[bytes], list]:
    """What h11 makes of ``reads`` (each passed through ``joiner`` when given)."""
    conn = h11.Connection(h11.CLIENT)
    conn.send(h11.Request(method="POST", target="/", headers=[("Host", "x")]))
    conn.send(h11.EndOfMessage())
    if joiner is not None:
        joiner.reset()
    parts: list[bytes] = []
    events: list = []
    for raw in [*reads, b""]:
        data = joiner.feed(raw) if joiner is not None else raw
        if not data and raw:
            continue  # held: the next read brings the rest
        conn.receive_data(data)
        while True:
            event = conn.next_event()
            if event in (h11.NEED_DATA, h11.PAUSED):
                break
            if isinstance(event, h11.Data):
                parts.append(bytes(event.data))
            else:
                events.append(event)
            if isinstance(event, h11.EndOfMessage):
                return parts, events
    return parts, events


def tokens(n: int) -> list[bytes]:
    return [f'data: {{"i": {i}, "t": " w{i}\\r\\n"}}\n\n'.encode() for i in range(n)]


@pytest.mark.parametrize("seed", range(20))
def test_the_body_is_the_same_however_the_reads_fall(seed: int) -> None:
    rng = random.Random(seed)
    pieces = tokens(rng.randint(1, 80))
    response = HEAD + chunked(pieces, b"x-trailer: yes\r\n" if seed % 2 else b"")
    reads = split(response, rng, rng.choice((3, 20, 200)))
    plain, plain_events = read_as_h11(reads, None)
    joined, joined_events = read_as_h11(reads, ChunkJoiner())
    assert b"".join(joined) == b"".join(plain) == b"".join(pieces)
    assert [type(e) for e in joined_events] == [type(e) for e in plain_events]
    assert joined_events[-1] == plain_events[-1]  # the trailers too
    assert len(joined) <= len(plain)


def test_the_whole_chunks_of_one_read_become_one() -> None:
    pieces = tokens(30)
    response = HEAD + chunked(pieces)
    parts, _ = read_as_h11([response[:200], response[200:]], ChunkJoiner())
    assert b"".join(parts) == b"".join(pieces)
    assert len(parts) <= 4  # two reads: each one piece, with at most one chunk cut between


def test_a_size_line_cut_short_is_held_for_the_rest() -> None:
    joiner = ChunkJoiner()
    assert joiner.feed(HEAD + b"1") == HEAD
    assert joiner.feed(b"0") == b""  # nothing to give yet
    out = joiner.feed(b"\r\n" + b"x" * 16 + b"\r\n")
    assert out == b"10\r\n" + b"x" * 16 + b"\r\n"


def test_a_connection_that_ends_inside_a_size_line_hands_it_over_as_it_was() -> None:
    joiner = ChunkJoiner()
    joiner.feed(HEAD + b"5\r\nhello\r\n1")
    assert joiner.feed(b"") == b"1"


@pytest.mark.parametrize(
    "response",
    [
        b"HTTP/1.1 200 OK\r\ncontent-length: 11\r\n\r\n5\r\nhello\r\n",  # not chunked
        b"HTTP/1.1 204 No Content\r\ntransfer-encoding: chunked\r\n\r\n",
        HEAD + b"zz\r\nhello\r\n",  # a malformed size
        HEAD + b"5\r\nhelloXX",  # no CRLF after the data
        HEAD + b"1" * 2000,  # an endless size line
    ],
)
def test_framing_it_does_not_follow_passes_on_byte_for_byte(response: bytes) -> None:
    joiner = ChunkJoiner()
    assert joiner.feed(response) == response
    assert joiner.feed(b"5\r\nhello\r\n5\r\nworld\r\n") == b"5\r\nhello\r\n5\r\nworld\r\n"


def test_an_interim_response_is_followed_by_the_real_one() -> None:
    joiner = ChunkJoiner()
    interim = b"HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\n"
    out = joiner.feed(interim + HEAD + b"1\r\na\r\n1\r\nb\r\n")
    assert out == interim + HEAD + b"2\r\nab\r\n"


def test_each_request_follows_its_own_response() -> None:
    joiner = ChunkJoiner()
    first = HEAD + chunked([b"a", b"b"])
    assert joiner.feed(first) == HEAD + b"2\r\nab\r\n0\r\n\r\n"
    assert joiner.feed(b"1\r\nc\r\n1\r\nd\r\n") == b"1\r\nc\r\n1\r\nd\r\n"  # past the end
    joiner.reset()
    assert joiner.feed(HEAD + b"1\r\nc\r\n1\r\nd\r\n") == HEAD + b"2\r\ncd\r\n"
