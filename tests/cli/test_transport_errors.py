"""`parley ask` when the connection drops: plain words on stderr, the detail with --verbose."""

from __future__ import annotations


def test_a_connection_dropped_mid_answer_says_so_in_plain_words(parley, history):
    result = parley("ask", "-m", "sim/drop", "hello")
    assert result.code == 6
    assert "closed before the answer was complete" in result.err
    assert "incomplete chunked read" not in result.err and "peer closed" not in result.err
    assert result.out.strip()  # what arrived is printed
    assistant = history(lambda store: store.messages(1))[-1]
    assert assistant.error_message and "incomplete chunked read" not in assistant.error_message


def test_a_connection_closed_before_any_answer_says_so_in_plain_words(parley):
    result = parley("ask", "--no-save", "-m", "sim/drop-before", "hello")
    assert result.code == 1
    assert "closed the connection without answering" in result.err
    assert "Server disconnected" not in result.err
    assert "hint: Try again" in result.err


def test_verbose_adds_the_librarys_own_words(parley):
    result = parley("ask", "--no-save", "-v", "-m", "sim/drop", "hello")
    assert result.code == 6
    assert "parley: detail: " in result.err
    assert "RemoteProtocolError" in result.err and "incomplete chunked read" in result.err


def test_nothing_listening_is_connection_refused(parley):
    result = parley("ask", "--no-save", "hello", base_url="http://127.0.0.1:9/v1")
    assert result.code == 1
    assert "Nothing is answering at 127.0.0.1:9 (connection refused)" in result.err
    assert "All connection attempts failed" not in result.err
