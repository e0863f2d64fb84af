"""`parley` as a real process on a pseudo-terminal: a dropped link never loses the answer."""

from __future__ import annotations

import os
import signal

from tests.trust.terminal import PtyProcess


def test_a_dropped_terminal_stores_the_partial_answer_and_the_process_ends(history):
    process = PtyProcess("--demo", rows=30, columns=100)
    try:
        process.wait_for("Ask anything")
        process.send(b"Tell me about the keys\r")
        process.wait_for("keyboard")
        process.proc.send_signal(signal.SIGHUP)
        os.close(process.fd)
        assert process.proc.wait(timeout=10) is not None
    finally:
        if process.proc.poll() is None:
            process.proc.kill()
    messages = history(lambda store: store.messages(1))
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[-1].status == "interrupted"
    assert messages[-1].content


def test_a_terminal_gone_without_a_hang_up_signal_ends_the_app_and_keeps_the_answer(history):
    # Closing the pseudo-terminal sends no SIGHUP here (the app is not its session leader):
    # stdin just ends. The app used to spin on it at a full core, forever.
    process = PtyProcess("--demo", rows=30, columns=100)
    try:
        process.wait_for("Ask anything")
        process.send(b"Tell me about the keys\r")
        process.wait_for("keyboard")
        os.close(process.fd)
        assert process.proc.wait(timeout=20) is not None
    finally:
        if process.proc.poll() is None:
            process.proc.kill()
    messages = history(lambda store: store.messages(1))
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[-1].status == "interrupted"
    assert messages[-1].content
