"""`parley` as a real process on a pseudo-terminal: a dropped link never loses the answer."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import time

from .test_ask_process import read_store


def read_until(fd: int, needle: bytes, limit: float = 20.0) -> bytes:
    seen = b""
    deadline = time.monotonic() + limit
    while needle not in seen:
        assert time.monotonic() < deadline, f"never saw {needle!r}"
        try:
            seen += os.read(fd, 65536)
        except OSError:
            break
    return seen


def test_a_dropped_terminal_stores_the_partial_answer_and_the_process_ends(isolated_env):
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    env = dict(os.environ, TERM="xterm-256color")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "--demo"],
        stdin=follower,
        stdout=follower,
        stderr=follower,
        env=env,
        start_new_session=True,
    )
    os.close(follower)
    try:
        read_until(leader, b"Ask anything")
        os.write(leader, b"Tell me about the keys\r")
        read_until(leader, b"keyboard")
        proc.send_signal(signal.SIGHUP)
        os.close(leader)
        assert proc.wait(timeout=10) is not None
    finally:
        if proc.poll() is None:
            proc.kill()
    db = isolated_env / "data" / "history.db"
    messages = read_store(db, lambda store: store.messages(1))
    assert [m.role for m in messages] == ["user", "assistant"]
    assert messages[-1].status == "interrupted"
    assert messages[-1].content
