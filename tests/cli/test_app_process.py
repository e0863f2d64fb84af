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
