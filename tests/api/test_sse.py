"""The SSE decoder follows the WHATWG event-stream rules over bytes cut anywhere."""

from __future__ import annotations

import json
import random

import pytest

from tui.api.sse import SSEComment, SSEDecoder, SSEEvent, SSEItem


def decode(*chunks: bytes) -> list[SSEItem]:
    decoder = SSEDecoder()
    items: list[SSEItem] = []
    for chunk in chunks:
        items += decoder.feed(chunk)
    return items + decoder.close()


def events(*chunks: bytes) -> list[SSEEvent]:
    return [item for item in decode(*chunks) if isinstance(item, SSEEvent)]


def datas(*chunks: bytes) -> list[str]:
    return [event.data for event in events(*chunks)]


# Line ends


def test_lf_ends_lines() -> None:
    assert datas(b"data: a\n\ndata: b\n\n") == ["a", "b"]


def test_crlf_ends_lines() -> None:
    assert datas(b"data: a\r\n\r\ndata: b\r\n\r\n") == ["a", "b"]


def test_cr_ends_lines() -> None:
    assert datas(b"data: a\r\rdata: b\r\r") == ["a", "b"]


def test_mixed_line_ends_in_one_stream() -> None:
    assert datas(b"data: a\r\ndata: b\rdata: c\n\r\n") == ["a\nb\nc"]


def test_crlf_cut_between_chunks_is_one_line_end() -> None:
    # Were the LF a second line end, "a" would be dispatched alone.
    assert datas(b"data: a\r", b"\ndata: b\r", b"\n\r", b"\n") == ["a\nb"]


def test_cr_at_chunk_end_followed_by_other_text_still_ends_the_line() -> None:
    assert datas(b"data: a\r", b"data: b\r", b"\r") == ["a\nb"]


def test_lone_cr_chunk_then_lf_chunk_is_one_line_end() -> None:
    assert datas(b"data: a", b"\r", b"\n", b"\r", b"\n") == ["a"]


@pytest.mark.parametrize(
    "separator",
    ["\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"],
    ids=["U+2028", "U+2029", "U+0085", "VT", "FF", "FS", "GS", "RS"],
)
def test_unicode_line_separators_stay_inside_the_data(separator: str) -> None:
    payload = json.dumps({"content": f"one{separator}two"}, ensure_ascii=False)
    assert datas(f"data: {payload}\n\n".encode()) == [payload]


# Fields


def test_multi_line_data_is_joined_with_lf() -> None:
    assert datas(b"data: first\ndata: second\ndata: third\n\n") == ["first\nsecond\nthird"]


def test_event_field_sets_the_event_type() -> None:
    assert events(b"event: ping\ndata: x\n\n") == [SSEEvent(data="x", event="ping")]


def test_event_type_defaults_to_message_and_resets_after_dispatch() -> None:
    got = events(b"event: ping\ndata: 1\n\ndata: 2\n\n")
    assert [e.event for e in got] == ["ping", "message"]


def test_id_field_sets_the_id_and_persists_across_events() -> None:
    got = events(b"id: 7\ndata: a\n\ndata: b\n\nid: 8\ndata: c\n\n")
    assert [e.id for e in got] == ["7", "7", "8"]


def test_id_is_none_until_an_id_field_arrives() -> None:
    assert events(b"data: a\n\n")[0].id is None


def test_empty_id_field_resets_the_id_to_empty() -> None:
    assert [e.id for e in events(b"id: 1\ndata: a\n\nid\ndata: b\n\n")] == ["1", ""]


def test_id_containing_nul_is_ignored() -> None:
    assert [e.id for e in events(b"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n")] == ["1", "1"]


def test_retry_with_digits_is_reported_with_the_event() -> None:
    assert events(b"retry: 3000\ndata: a\n\n")[0].retry == 3000


@pytest.mark.parametrize("value", [b"3s", b"-1", b"1.5", b"", b" 30", b"\xc2\xb2"])
def test_retry_that_is_not_only_ascii_digits_is_ignored(value: bytes) -> None:
    assert events(b"retry: " + value + b"\ndata: a\n\n")[0].retry is None


def test_retry_applies_to_one_event_only() -> None:
    assert [e.retry for e in events(b"retry: 5\ndata: a\n\ndata: b\n\n")] == [5, None]


def test_retry_without_data_is_kept_for_the_next_event() -> None:
    assert events(b"retry: 5\n\ndata: a\n\n")[0].retry == 5


# How a line splits into a field's name and value: the stream, and the data it dispatches.
FIELD_VALUES = {
    "a field without a colon has an empty value": (b"data\n\n", [""]),
    "a field without a colon joins as an empty line": (b"data: a\ndata\ndata: b\n\n", ["a\n\nb"]),
    "an empty data value is still dispatched": (b"data:\n\n", [""]),
    "only one leading space is removed": (b"data:  two spaces\n\n", [" two spaces"]),
    "a value without a leading space is kept whole": (b"data:tight\n\n", ["tight"]),
    "only the first colon separates name and value": (b'data: {"a": "b:c"}\n\n', ['{"a": "b:c"}']),
}


@pytest.mark.parametrize("case", FIELD_VALUES)
def test_a_fields_name_and_value_are_split_by_the_rules(case: str) -> None:
    stream, dispatched = FIELD_VALUES[case]
    assert datas(stream) == dispatched


def test_unknown_fields_are_ignored() -> None:
    assert events(b"foo: bar\nDATA: shout\ndata: a\n\n") == [SSEEvent(data="a")]


def test_event_without_data_is_not_dispatched() -> None:
    assert decode(b"event: ping\n\nid: 3\n\nretry: 10\n\n") == []


def test_event_type_of_an_undispatched_event_does_not_leak() -> None:
    assert events(b"event: ping\n\ndata: a\n\n")[0].event == "message"


def test_blank_lines_alone_dispatch_nothing() -> None:
    assert decode(b"\n\n\r\n\r\r\n") == []


def test_done_sentinel_is_ordinary_data() -> None:
    assert events(b"data: [DONE]\n\n") == [SSEEvent(data="[DONE]")]


# Comments


def test_comment_is_surfaced_without_its_leading_space() -> None:
    assert decode(b": OPENROUTER PROCESSING\n\n") == [SSEComment("OPENROUTER PROCESSING")]


def test_comment_without_space_keeps_its_text() -> None:
    assert decode(b":ping\n") == [SSEComment("ping")]


def test_empty_comment_has_empty_text() -> None:
    assert decode(b":\n") == [SSEComment("")]


def test_comment_inside_an_event_does_not_interrupt_it() -> None:
    assert decode(b"data: a\n: keep-alive\ndata: b\n\n") == [
        SSEComment("keep-alive"),
        SSEEvent(data="a\nb"),
    ]


def test_comments_and_events_keep_stream_order() -> None:
    assert decode(b": one\n\ndata: a\n\n: two\n\n") == [
        SSEComment("one"),
        SSEEvent(data="a"),
        SSEComment("two"),
    ]


# Bytes and text


def test_bom_at_stream_start_is_skipped() -> None:
    assert datas(b"\xef\xbb\xbfdata: a\n\n") == ["a"]


def test_bom_cut_across_chunks_is_skipped() -> None:
    assert datas(b"\xef", b"\xbb", b"\xbfdata: a\n\n") == ["a"]


def test_only_the_first_bom_is_skipped() -> None:
    # The second BOM becomes part of the field name, so the line is an unknown field.
    assert decode(b"\xef\xbb\xbf\xef\xbb\xbfdata: a\n\n") == []


def test_bom_later_in_the_stream_is_data() -> None:
    assert datas(b"data: a\n\ndata: \xef\xbb\xbfb\n\n") == ["a", "\ufeffb"]


def test_utf8_character_cut_across_chunks_decodes() -> None:
    raw = "data: 東京 🙂 café\n\n".encode()
    cut = raw.index("🙂".encode()) + 2
    assert datas(raw[:cut], raw[cut:]) == ["東京 🙂 café"]


def test_invalid_utf8_becomes_replacement_characters() -> None:
    assert datas(b"data: a\xff\xfeb\xe2\x80\n\n") == ["a\ufffd\ufffdb\ufffd"]


def test_invalid_utf8_in_a_comment_does_not_raise() -> None:
    assert decode(b": \xff\n") == [SSEComment("\ufffd")]


def test_events_are_frozen() -> None:
    event = SSEEvent(data="a")
    with pytest.raises(AttributeError):
        event.data = "b"  # type: ignore[misc]


def test_decoded_events_equal_constructed_ones() -> None:
    assert events(b"event: e\nid: 1\nretry: 2\ndata: d\n\n") == [
        SSEEvent(data="d", event="e", id="1", retry=2)
    ]


# Chunking and the end of the stream


def test_events_sharing_a_chunk_keep_their_own_fields() -> None:
    got = events(b"data: a\n\nevent: x\nretry: 9\ndata: b\n\ndata: c\n\n")
    assert [(e.data, e.event, e.retry) for e in got] == [
        ("a", "message", None),
        ("b", "x", 9),
        ("c", "message", None),
    ]


def test_id_set_mid_chunk_applies_to_the_events_after_it() -> None:
    got = events(b"data: a\n\nid: 9\ndata: b\n\ndata: c\n\n")
    assert [e.id for e in got] == [None, "9", "9"]


def test_multi_line_event_among_single_line_events_in_one_chunk() -> None:
    assert datas(b"data: a\n\ndata: b1\ndata: b2\n\ndata: c\n\n") == ["a", "b1\nb2", "c"]


def test_feed_returns_events_as_soon_as_they_complete() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n") == []
    assert decoder.feed(b"\ndata: b") == [SSEEvent(data="a")]


def test_empty_chunk_yields_nothing() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"") == []
    assert decoder.feed(b"data: a\n\n") == [SSEEvent(data="a")]


def test_close_flushes_a_last_event_without_blank_line() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n") == []
    assert decoder.close() == [SSEEvent(data="a")]


def test_close_flushes_an_unterminated_last_line() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\ndata: b") == []
    assert decoder.close() == [SSEEvent(data="a\nb")]


def test_close_on_a_finished_stream_yields_nothing() -> None:
    decoder = SSEDecoder()
    decoder.feed(b"data: a\n\n")
    assert decoder.close() == []


def test_decoder_starts_afresh_after_close() -> None:
    decoder = SSEDecoder()
    decoder.feed(b"id: 1\nevent: x\ndata: a")
    decoder.close()
    assert decoder.feed(b"\xef\xbb\xbfdata: b\n\n") == [SSEEvent(data="b")]


def test_huge_event_in_tiny_chunks_arrives_whole() -> None:
    body = ("x" * 1023 + "é") * 1024  # about 1 MB with a multi-byte character every KB
    raw = f"data: {body}\n\n".encode()
    decoder = SSEDecoder()
    items: list[SSEItem] = []
    for i in range(0, len(raw), 7):
        items += decoder.feed(raw[i : i + 7])
    assert items == [SSEEvent(data=body)]


def reference_decode(raw: bytes) -> list[SSEItem]:
    """The spec's algorithm read literally: decode all, then one line at a time."""
    text = raw.decode("utf-8", "replace").removeprefix("\ufeff")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()  # the text ended with a line end, not with an unterminated line
    items: list[SSEItem] = []
    data: list[str] = []
    event, last_id, retry = "", None, None
    for line in [*lines, ""]:  # the end of the stream flushes like a blank line
        name, colon, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if not line:
            if data:
                items.append(SSEEvent("\n".join(data), event or "message", last_id, retry))
                retry = None
            data, event = [], ""
        elif colon and not name:
            items.append(SSEComment(value))
        elif name == "data":
            data.append(value)
        elif name == "event":
            event = value
        elif name == "id" and "\0" not in value:
            last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            retry = int(value)
    return items


_PIECES = [b"data: x\n\n", b"data: \xe2\x80\xa8\n\n", b": c\n\n", b"data: a\ndata: b\n\n",
           b"event: e\n", b"id: 5\n", b"retry: 7\n", b"\n", b"\r\n", b"\r", b"data:q\r\n\r\n",
           b"data\n\n", b"data: \xf0\x9f\x99", b"\x82\n\n", b"\xff\n\n", b"data: [DONE]\n\n",
           b":", b"x", b"\x00", b"\xef\xbb\xbf"]  # fmt: skip


def test_random_streams_cut_randomly_decode_as_the_spec_reads() -> None:
    rng = random.Random(2024)
    for _ in range(2000):
        raw = b"".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 30)))
        cuts = sorted(rng.sample(range(len(raw) + 1), min(len(raw) + 1, rng.randint(0, 6))))
        chunks = [raw[a:b] for a, b in zip([0, *cuts], [*cuts, len(raw)], strict=True)]
        assert decode(*chunks) == reference_decode(raw), raw


# A recorded OpenRouter stream, cut everywhere

_BASE = {
    "id": "gen-1718000000-a1b2c3d4e5f6",
    "provider": "OpenAI",
    "model": "openai/gpt-4o",
    "object": "chat.completion.chunk",
    "created": 1718000000,
}


def _chunk(delta: dict, finish: str | None = None, **extra: object) -> str:
    choice = {"index": 0, "delta": delta, "finish_reason": finish}
    return json.dumps({**_BASE, "choices": [choice], **extra}, ensure_ascii=False)


RECORDED_DATA = [
    _chunk({"role": "assistant", "content": ""}),
    _chunk({"role": "assistant", "content": "Grüße aus 東京 "}),
    _chunk({"role": "assistant", "content": "🙂🚀 line\u2028separator"}),
    _chunk({"role": "assistant", "content": "\u0085next\u2029 — fin."}),
    _chunk({"role": "assistant", "content": ""}, "stop", native_finish_reason="stop"),
    _chunk(
        {},
        "stop",
        usage={"prompt_tokens": 12, "completion_tokens": 9, "total_tokens": 21, "cost": 0.0004},
    ),
    "[DONE]",
]

RECORDED_ITEMS: list[SSEItem] = [
    SSEComment("OPENROUTER PROCESSING"),
    SSEComment("OPENROUTER PROCESSING"),
    SSEEvent(data=RECORDED_DATA[0]),
    SSEEvent(data=RECORDED_DATA[1]),
    SSEComment("OPENROUTER PROCESSING"),
    *(SSEEvent(data=data) for data in RECORDED_DATA[2:]),
]


def recorded_stream(newline: str) -> bytes:
    lines = [": OPENROUTER PROCESSING", "", ": OPENROUTER PROCESSING", ""]
    for i, data in enumerate(RECORDED_DATA):
        lines += [f"data: {data}", ""]
        if i == 1:
            lines += [": OPENROUTER PROCESSING", ""]
    return "".join(line + newline for line in lines).encode()


FRAMINGS = pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])


@FRAMINGS
def test_recorded_stream_decodes_in_one_chunk(newline: str) -> None:
    assert decode(recorded_stream(newline)) == RECORDED_ITEMS


@FRAMINGS
def test_recorded_stream_decodes_the_same_cut_at_every_byte_offset(newline: str) -> None:
    raw = recorded_stream(newline)
    for cut in range(len(raw) + 1):
        assert decode(raw[:cut], raw[cut:]) == RECORDED_ITEMS, f"cut at byte {cut}"


@FRAMINGS
def test_recorded_stream_decodes_the_same_one_byte_at_a_time(newline: str) -> None:
    raw = recorded_stream(newline)
    assert decode(*(raw[i : i + 1] for i in range(len(raw)))) == RECORDED_ITEMS


@FRAMINGS
def test_recorded_stream_decodes_the_same_after_a_bom(newline: str) -> None:
    raw = b"\xef\xbb\xbf" + recorded_stream(newline)
    assert decode(*(raw[i : i + 2] for i in range(0, len(raw), 2))) == RECORDED_ITEMS
