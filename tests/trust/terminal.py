"""Run Parley on a pseudo-terminal and judge the bytes it writes there."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time

from tui.sim.hostile import PAYLOADS

# What must never reach a terminal from a server: each payload's active part. Parley's own
# sequences (Textual's cursor moves and colours) begin differently, so they may be present.
FORBIDDEN = {
    "osc52": "\x1b]52",
    "osc0": "\x1b]0;pwned",
    "csi": "\x1b[2J",
    "dcs": "\x1bP1$q",
    "nul": "\x00",
    "bidi": "\u202e",
}
VISIBLE_TEXT = ("␛]52;c;aGk=␇", "␛]0;pwned␇", "<U+009B>31m", "<U+202E>")
VISIBLE_JSON = ("\\u001b]52;c;aGk=\\u0007", "\\u001b]0;pwned\\u0007", "\\u009b31m", "\\u202e")
assert set(FORBIDDEN) | {"c1_csi", "c1_osc"} == set(PAYLOADS)  # every payload is judged


def assert_inert(data: bytes) -> str:
    """The text written, after checking that no payload can act on the terminal."""
    text = data.decode("utf-8")  # strict: a raw 0x9B or 0x9D byte would not decode
    for name, sequence in FORBIDDEN.items():
        assert sequence not in text, f"the {name} payload reached the terminal"
    c1 = sorted({f"U+{ord(ch):04X}" for ch in text if 0x80 <= ord(ch) <= 0x9F})
    assert not c1, f"C1 controls reached the terminal: {c1}"
    return text


def read_to_end(fd: int) -> bytes:
    """Everything written to a pseudo-terminal until its writer has closed it."""
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # the writer closed its side
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def _window(fd: int, rows: int, columns: int) -> None:
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


class PtyProcess:
    """``python -m tui ARGS`` with stdin, stdout and stderr on one pseudo-terminal."""

    def __init__(self, *args: str, rows: int = 30, columns: int = 120) -> None:
        leader, follower = pty.openpty()
        _window(follower, rows, columns)
        env = dict(os.environ, TERM="xterm-256color", COLUMNS=str(columns), LINES=str(rows))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui", *args],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            env=env,
            start_new_session=True,
        )
        os.close(follower)
        self.fd = leader
        self.output = b""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # the child closed the terminal
            return False
        self.output += data
        return bool(data)

    def wait_for(self, needle: str, timeout: float = 20.0) -> None:
        """Read until ``needle`` (UTF-8) has been written."""
        deadline = time.monotonic() + timeout
        while needle.encode() not in self.output:
            assert time.monotonic() < deadline, f"never saw {needle!r}"
            if not self._read(0.05) and self.proc.poll() is not None:
                raise AssertionError(f"exited before {needle!r}: {self.output[-400:]!r}")

    def settle(self, quiet: float = 0.4, timeout: float = 10.0) -> None:
        """Read until nothing has been written for ``quiet`` seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            before = len(self.output)
            self._read(quiet)
            if len(self.output) == before:
                return

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def finish(self, timeout: float = 30.0) -> int:
        """Read everything until the process ends; its exit code."""
        deadline = time.monotonic() + timeout
        while self._read(0.1) or self.proc.poll() is None:
            if time.monotonic() > deadline:
                self.proc.kill()
                raise AssertionError("the process did not end")
        return self.proc.wait()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.fd)


def run_cli(*args: str) -> tuple[int, str]:
    """A one-shot command on a terminal: exit code and the inert text it wrote."""
    process = PtyProcess(*args)
    try:
        code = process.finish()
        return code, assert_inert(process.output)
    finally:
        process.close()


def assert_shown(text: str, forms: tuple[str, ...]) -> None:
    """Every payload is on the screen in its visible ``forms``."""
    for form in forms:
        assert form in text, f"{form!r} is not shown"


def run_sink(*args: str, forms: tuple[str, ...]) -> str:
    """A history command that must succeed and show every payload visibly (JSON output still
    parsing): the text it wrote."""
    code, text = run_cli(*args)
    assert code == 0
    assert_shown(text, forms)
    if forms is VISIBLE_JSON:
        json.loads(text)
    return text
