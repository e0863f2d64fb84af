"""Model text is made safe for a terminal, whole or in pieces."""

from __future__ import annotations

import pytest

from tui.sanitize import StreamSanitizer, sanitize


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
