"""A terminal gone without a hang-up signal ends the app; a live one is read as ever."""

from __future__ import annotations

import os
import pty
import selectors
import tty

import pytest

from tui.textual_compat import input_thread
from tui.textual_compat.input_thread import ENDED_CHECKS, PromptSelector


@pytest.fixture
def hang_ups(monkeypatch) -> list[int]:
    told: list[int] = []
    monkeypatch.setattr(PromptSelector, "on_hang_up", staticmethod(lambda: told.append(1)))
    monkeypatch.setattr(input_thread, "ENDED_PAUSE", 0.0)
    return told


def watching(fd: int) -> PromptSelector:
    selector = PromptSelector()
    selector.register(fd, selectors.EVENT_READ)
    return selector


def test_a_closed_terminal_is_a_hang_up_told_once_and_never_read(hang_ups):
    leader, follower = pty.openpty()
    os.close(leader)
    selector = watching(follower)
    try:
        results = [selector.select(0.1) for _ in range(ENDED_CHECKS * 3)]
    finally:
        selector.close()
        os.close(follower)
    assert results == [[]] * (ENDED_CHECKS * 3)  # Textual never reads the end
    assert hang_ups == [1]


def test_a_live_terminal_with_input_is_read_and_never_hung_up(hang_ups):
    leader, follower = pty.openpty()
    tty.setraw(follower)  # as Textual sets it: input is readable without a newline
    selector = watching(follower)
    try:
        os.write(leader, b"hello")
        for _ in range(ENDED_CHECKS * 2):
            ready = selector.select(1.0)
            assert [key.fd for key, _ in ready] == [follower]
        assert os.read(follower, 100) == b"hello"
        assert selector.select(0.05) == []  # idle: nothing ready, nothing ended
    finally:
        selector.close()
        os.close(leader)
        os.close(follower)
    assert hang_ups == []


def test_a_pipe_at_its_end_counts_as_ended_and_one_with_data_does_not():
    read_end, write_end = os.pipe()
    try:
        os.write(write_end, b"x")
        assert not input_thread.input_ended(read_end)
        os.read(read_end, 1)
        os.close(write_end)
        assert input_thread.input_ended(read_end)
    finally:
        os.close(read_end)
