"""`parley` as a real process on a pseudo-terminal: a dropped link never loses the answer."""

from __future__ import annotations

import os
import signal

import pytest

from tests.trust.terminal import PtyProcess


# With the signal: a dropped ssh link. Without: a pseudo-terminal closed by a process that is
# not its session leader, so stdin just ends (the app used to spin on it at a full core).
@pytest.mark.parametrize("hang_up", [True, False], ids=["sighup", "no-signal"])
def test_a_terminal_gone_mid_answer_ends_the_app_and_keeps_the_answer(history, hang_up):
    process = PtyProcess("--demo", rows=30, columns=100)
    try:
        process.wait_for("Ask anything")
        process.send(b"Tell me about the keys\r")
        process.wait_for("keyboard")
        if hang_up:
            process.proc.send_signal(signal.SIGHUP)
        os.close(process.fd)
        assert process.proc.wait(timeout=20) is not None
    finally:
        if process.proc.poll() is None:
            process.proc.kill()
    messages = history(lambda store: store.messages(1))
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[-1].status == "interrupted"
    assert messages[-1].content
