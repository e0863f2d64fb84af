"""The neutraliser: text bound for a terminal is made inert and visible, whole or in pieces."""

from __future__ import annotations

import json

import pytest

from tui.sanitize import (
    StreamSanitizer,
    escape_json_text,
    one_line,
    sanitize,
    strip_unsafe,
    terminal_json,
    visible,
    visible_moving,
)


def test_plain_text_newlines_and_tabs_are_untouched():
    text = "Hello, world\n\tindented — ünïcödé 你好 🙂"
    assert sanitize(text) == text


@pytest.mark.parametrize(
    "hostile",
    [
        "\x1b]0;new title\x07",  # retitle the terminal
        "\x1b]52;c;ZXZpbA==\x07",  # write the clipboard
        "\x1b[2J\x1b[H",  # clear the screen
        "\x9b31m",  # 8-bit CSI
        "\x9d0;title\x9c",  # 8-bit OSC / ST
        "\x00\x08\x7f",
    ],
)
def test_no_escape_or_control_character_survives(hostile):
    shown = sanitize(f"before {hostile} after")
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in shown)
    assert not any(0x7F <= ord(ch) <= 0x9F for ch in shown)
    assert shown.startswith("before ") and shown.endswith(" after")


def test_escape_is_shown_as_a_visible_symbol():
    assert sanitize("\x1b[31m") == "␛[31m"


def test_crlf_becomes_lf_and_a_lone_cr_is_visible():
    assert sanitize("a\r\nb") == "a\nb"
    assert sanitize("a\rb") == "a␍b"


def test_a_crlf_split_across_pieces_is_still_one_newline():
    stream = StreamSanitizer()
    assert stream.feed("line one\r") + stream.feed("\nline two") == "line one\nline two"
    assert stream.flush() == ""


def test_a_trailing_cr_is_released_on_flush():
    stream = StreamSanitizer()
    assert stream.feed("end\r") == "end"
    assert stream.flush() == "␍"


def test_an_escape_sequence_split_across_pieces_is_still_defused():
    stream = StreamSanitizer()
    shown = stream.feed("x\x1b") + stream.feed("]0;t\x07y")
    assert "\x1b" not in shown and "\x07" not in shown


PAYLOADS = {
    "osc52": "\x1b]52;c;aGk=\x07",
    "osc0": "\x1b]0;pwned\x07",
    "csi": "\x1b[2J",
    "dcs": "\x1bPq#0;2;0;0;0\x1b\\",
    "apc": "\x1b_hidden\x1b\\",
    "pm": "\x1b^private\x1b\\",
    "sos": "\x1bXstart\x1b\\",
    "c1_csi": "\x9b31m",
    "c1_osc": "\x9d0;t\x9c",
    "nul": "a\x00b",
    "bidi": "\u202eevil",
    "isolate": "\u2066x\u2069",
    "surrogate": "\udc9b31m",
}


def _obeyed(ch: str) -> bool:
    """Characters a terminal may act on or reorder by (independent of the module's regex)."""
    code = ord(ch)
    return (
        (code < 0x20 and ch not in "\n\t")
        or 0x7F <= code <= 0x9F
        or 0x202A <= code <= 0x202E
        or 0x2066 <= code <= 0x2069
        or 0xD800 <= code <= 0xDFFF
    )


def _inert(text: str) -> bool:
    return not any(map(_obeyed, text))


@pytest.mark.parametrize("name", PAYLOADS)
def test_every_payload_comes_out_inert_and_visible(name):
    shown = visible(f"x {PAYLOADS[name]} y")
    assert _inert(shown)
    assert shown != f"x {PAYLOADS[name]} y"  # something is shown where it was, not dropped


def test_osc_and_dcs_leave_only_text_behind():
    assert visible("\x1b]52;c;aGk=\x07") == "␛]52;c;aGk=␇"
    assert visible("\x1bPdata\x1b\\") == "␛Pdata␛\\"


def test_c1_bidi_and_surrogates_are_named_by_code_point():
    assert visible("\x9b31m") == "<U+009B>31m"
    assert visible("\x9d") == "<U+009D>"
    assert visible("a\u202eb") == "a<U+202E>b"
    assert visible("\u2069") == "<U+2069>"
    assert visible("\udc9b") == "<U+DC9B>"


def test_nul_and_del_become_pictures():
    assert visible("\x00\x7f") == "␀␡"


def test_text_without_controls_is_returned_as_is():
    text = "plain — ünïcödé 你好 🙂 ‏ \u200b"
    assert visible(text) is text
    assert strip_unsafe(text) is text
    assert one_line(text) is text


def test_one_line_turns_breaks_into_spaces():
    assert one_line("a\nb\tc\r\nd\x1b") == "a b c d␛"


def test_strip_unsafe_drops_what_has_no_width():
    assert strip_unsafe("a\x1b]0;t\x07b\u202ec\x9b") == "a]0;tbc"
    assert strip_unsafe("a\udc9bb") == "a\ufffdb"


@pytest.mark.parametrize("name", PAYLOADS)
def test_terminal_json_escapes_payloads_and_keeps_the_value(name):
    data = {"message": f"x {PAYLOADS[name]} y", "ok": "ünï"}
    text = terminal_json(data, indent=2)
    assert _inert(text)
    assert "ünï" in text
    if name != "surrogate":  # a lone surrogate escapes as itself, so it round-trips as well
        assert json.loads(text) == data
    else:
        assert json.loads(text)["message"] == data["message"]


def test_json_escapes_are_lowercase_unicode_escapes():
    assert terminal_json(["\x1b", "\x9b", "\u202e"]) == '["\\u001b", "\\u009b", "\\u202e"]'
    assert escape_json_text('"plain"') == '"plain"'


def test_positions_follow_their_characters_when_pictures_are_longer():
    text = "ab\x9bcd\u202eef"
    shown, moved = visible_moving(text, [0, 2, 3, 5, 6, len(text)])
    assert shown == "ab<U+009B>cd<U+202E>ef"
    assert [shown[p] for p in moved[:-1]] == ["a", "<", "c", "<", "e"]
    assert moved[-1] == len(shown)


def test_moving_positions_through_a_crlf_and_a_flat_line():
    shown, moved = visible_moving("a\r\nb", [3])
    assert (shown, shown[moved[0]]) == ("a\nb", "b")
    shown, moved = visible_moving("a\nb\tc", [2, 4], flat=True)
    assert shown == "a b c" and [shown[p] for p in moved] == ["b", "c"]
    assert visible_moving("plain", [1, 3]) == ("plain", [1, 3])
