"""The OpenRouter simulator in a subprocess, so a benchmark's own CPU is the app's alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path


class SimulatorProcess:
    """``python -m tui.simulator`` in a subprocess, so this process's CPU is the app's alone."""

    command: tuple[str, ...] = ("-m", "tui.simulator", "--port", "0")
    """Arguments to Python that start a simulator printing its base URL on its first line."""

    def __enter__(self) -> SimulatorProcess:
        command = [sys.executable, *self.command]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline() if self.proc.stdout else ""
        found = re.search(r"(http://\S+)", line)
        if found is None:
            self.proc.kill()
            raise RuntimeError(f"the simulator did not start: {line!r}")
        self.base_url = found.group(1)
        return self

    def __exit__(self, *exc: object) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)

    def cpu(self) -> float:
        """The simulator's CPU seconds so far (user + system; 0 where /proc is missing)."""
        try:
            stat = Path(f"/proc/{self.proc.pid}/stat").read_text()
        except OSError:
            return 0.0
        fields = stat.rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
