"""`parley ask` as a real process: signals, crashes, concurrency and terminals."""

from __future__ import annotations

import os
import pty
import re
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

from tests.trust.terminal import read_to_end


class StdoutRecorder:
    """Reads a child's stdout as it arrives, remembering when each piece came."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.pieces: list[tuple[float, str]] = []
        self._fd = proc.stdout.fileno()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        while data := os.read(self._fd, 65536):
            self.pieces.append((time.monotonic(), data.decode("utf-8", "replace")))

    def text_before(self, moment: float) -> str:
        return "".join(text for at, text in list(self.pieces) if at <= moment)

    def wait_for_text(self, chars: int, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.text_before(time.monotonic())) < chars:
            assert time.monotonic() < deadline, "the answer never started"
            time.sleep(0.02)

    def join(self) -> str:
        self._thread.join(timeout=10)
        return self.text_before(float("inf"))


def slow_ask(spawn, simulator, *extra: str) -> subprocess.Popen[str]:
    model = "sim/slow:tps=40,tokens=2000"
    return spawn("ask", "-m", model, "--base-url", simulator.base_url, *extra, "Tell me a lot")


def test_sigkill_mid_stream_loses_at_most_the_last_second(spawn, simulator, isolated_env, history):
    proc = slow_ask(spawn, simulator)
    out = StdoutRecorder(proc)
    out.wait_for_text(200)
    time.sleep(1.0)
    killed_at = time.monotonic()
    proc.kill()
    proc.wait(timeout=10)
    db = isolated_env / "data" / "history.db"
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    messages = history(lambda store: store.messages(1))
    assistant = messages[-1]
    assert assistant.status == "interrupted"
    safe = out.text_before(killed_at - 1.25)
    assert len(safe) > 50
    assert assistant.content.startswith(safe)


def test_six_processes_share_one_history(spawn, simulator, isolated_env, history):
    procs = [
        spawn("ask", "-m", "sim/slow:tps=400,tokens=60", "--base-url", simulator.base_url, f"q{i}")
        for i in range(6)
    ]
    results = [proc.communicate(timeout=60) for proc in procs]
    assert [proc.returncode for proc in procs] == [0] * 6, [err for _, err in results]
    db = isolated_env / "data" / "history.db"
    conversations = history(lambda store: store.list_conversations())
    assert sorted(c.title for c in conversations) == [f"q{i}" for i in range(6)]
    with sqlite3.connect(db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_sigint_cancels_keeps_the_partial_and_exits_130(spawn, simulator, history):
    proc = slow_ask(spawn, simulator)
    out = StdoutRecorder(proc)
    out.wait_for_text(100)
    proc.send_signal(signal.SIGINT)
    try:
        code = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        # Say how the child held SIGINT (ignored when inherited so, or blocked).
        status = Path(f"/proc/{proc.pid}/status").read_text()
        held = [line for line in status.splitlines() if line.startswith(("SigBlk", "SigIgn"))]
        proc.kill()
        raise AssertionError(f"no exit 10 s after SIGINT; child {held}") from None
    assert code == 130
    printed = out.join()
    assistant = history(lambda store: store.messages(1))[-1]
    assert assistant.status == "cancelled"
    assert printed.startswith(assistant.content.rstrip("\n")) or assistant.content.startswith(
        printed.rstrip("\n")
    )
    request = simulator.last_request()
    assert simulator.wait_for_disconnect(request.id) is not None


def test_sigterm_closes_the_stream_and_stores_interrupted(spawn, simulator, history):
    proc = slow_ask(spawn, simulator)
    out = StdoutRecorder(proc)
    out.wait_for_text(100)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 128 + signal.SIGTERM
    assistant = history(lambda store: store.messages(1))[-1]
    assert assistant.status == "interrupted"
    assert assistant.content
    assert simulator.wait_for_disconnect(simulator.last_request().id) is not None


def test_escape_sequences_from_the_model_never_reach_a_terminal(spawn, simulator):
    hostile = "title\x1b]0;pwned\x07 clip\x1b]52;c;ZXZpbA==\x07 red\x1b[31m bell\x07 done"
    leader, follower = pty.openpty()
    proc = spawn(
        "ask",
        "-m",
        "sim/echo",
        "--no-save",
        "--base-url",
        simulator.base_url,
        hostile,
        stdout=follower,
    )
    os.close(follower)
    written = read_to_end(leader)
    proc.wait(timeout=10)
    shown = written.decode("utf-8")
    assert proc.returncode == 0
    # Parley's own styling (SGR) and redraws (up, erase) may be there; nothing else.
    assert "\x1b[31m bell" not in shown and "\x07" not in shown
    assert "\x1b" not in re.sub(r"\x1b\[[0-9;]*m|\x1b\[[0-9]+F\x1b\[J", "", shown)
    assert "␛]0;pwned␇" in shown and "␛[31m bell" in shown


def test_escape_sequences_pass_through_unchanged_to_a_pipe(spawn, simulator):
    text = "keep \x1b[1mbold\x1b[0m bytes"
    proc = spawn("ask", "-m", "sim/echo", "--no-save", "--base-url", simulator.base_url, text)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert out.rstrip("\n") == text
