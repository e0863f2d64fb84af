"""Benchmark: launch to the first screen, in a real terminal (tmux), median of N launches.

Run on demand: ``python tests/bench/bench_startup.py [--launches N] [--against TREE]
[--no-importtime]``.

Each launch starts ``python -m tui`` in a fresh tmux session (120x40) and looks at the pane
each time it writes (one tmux control-mode client, see ``PaneWatcher``) until the prompt's
placeholder is on screen; the time from spawn to then is one sample, with the CPU time the
process had used when it wrote the frame that draws the prompt (steadier on a shared
machine). Two cases: ``--demo``, and a keyed
start with an empty history whose base URL is unreachable (nothing may be fetched before the
paint). ``--against`` names another source tree (e.g. ``git archive main | tar -x -C
/tmp/main``): its launches are interleaved with this tree's, so both see the same machine
load. Then the import time of ``tui.app`` (``python -X importtime``), top 15 modules by
cumulative time.
"""

from __future__ import annotations

import argparse
import os
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]
SIZE = (120, 40)
POLL = 0.005
TIMEOUT = 15.0
PLACEHOLDER = "Ask anything"
# A tmux server of its own, kept up by an idle session: other tmux users cannot stop it under
# a launch, and no launch pays for starting it.
TMUX = ["tmux", "-L", f"parley-bench-{os.getpid()}"]
UNREACHABLE = "http://127.0.0.1:9/api/v1"  # the discard port: connecting fails at once
CASES = {
    "--demo": ["--demo"],
    "key, empty history": ["--base-url", UNREACHABLE],
}


# The app's entry, with the CPU time at its first frame written to the terminal that holds
# the prompt: read from outside, it would include whatever the app does after that frame until
# the watcher sees it. Textual may compute frames it never writes (during its start-up batch),
# so what counts is the terminal write. The driver's class is patched as it is imported: the
# app's own code is left as it is (its compat checks look at Textual's App, and a wrapped
# App._display would turn one of them off).
ENTRY = (
    "import os, sys, time, importlib.machinery\n"
    f"MARK = {PLACEHOLDER[1:]!r}  # the cursor sits on the first letter: its own style\n"
    "def patch(Driver):\n"
    "    write = Driver.write\n"
    "    def watched(driver, data):\n"
    "        write(driver, data)\n"
    "        if MARK in data and not hasattr(Driver, 'seen'):\n"
    "            Driver.seen = time.process_time()\n"
    "            open(os.environ['BENCH_CPU_FILE'], 'w').write(repr(Driver.seen))\n"
    "    Driver.write = watched\n"
    "class Hook:\n"
    "    def find_spec(self, name, path, target=None):\n"
    "        if name != 'textual.drivers.linux_driver':\n"
    "            return None\n"
    "        sys.meta_path.remove(self)\n"
    "        spec = importlib.machinery.PathFinder.find_spec(name, path)\n"
    "        run = spec.loader.exec_module\n"
    "        def exec_module(module):\n"
    "            run(module)\n"
    "            patch(module.LinuxDriver)\n"
    "        spec.loader.exec_module = exec_module\n"
    "        return spec\n"
    "sys.meta_path.insert(0, Hook())\n"
    "from tui.cli import main; sys.exit(main(sys.argv[1:]))"
)


def launch(tree: Path, args: list[str], home: Path) -> tuple[float, float]:
    """Seconds from spawning the app in tmux to its prompt's placeholder drawn, and the CPU
    seconds the app's process used until it wrote the frame that draws it (the machine may be
    shared: CPU is steadier)."""
    session = f"parley-bench-{uuid.uuid4().hex[:8]}"
    env = {
        "PYTHONPATH": str(tree),
        "PARLEY_CONFIG_DIR": str(home / "config"),
        "PARLEY_DATA_DIR": str(home / "data"),
        "PARLEY_API_KEY": "sk-bench-not-a-real-key",
        "TERM": "xterm-256color",
    }
    exports = " ".join(f"{k}={v!s}" for k, v in env.items())
    # Bytecode is written and used, as in an installed app (the tmux server's environment
    # may say otherwise).
    (home / "entry.py").write_text(ENTRY)
    cpu_file = home / "cpu"
    command = (
        f"env -u PYTHONDONTWRITEBYTECODE {exports} BENCH_CPU_FILE={cpu_file}"
        f" {sys.executable} {home / 'entry.py'} {' '.join(args)}"
    )
    width, height = SIZE
    start = time.perf_counter()
    subprocess.run(
        [*TMUX, "new", "-d", "-s", session, "-x", str(width), "-y", str(height), command],
        check=True,
    )
    watcher = PaneWatcher(session)
    try:
        watcher.wait_for(PLACEHOLDER, start + TIMEOUT)
        wall = time.perf_counter() - start
        while not cpu_file.exists():  # the frame is written before the file is
            time.sleep(POLL)
        time.sleep(POLL)
        return wall, float(cpu_file.read_text())
    finally:
        watcher.close()
        subprocess.run([*TMUX, "kill-session", "-t", session], capture_output=True)


class PaneWatcher:
    """Looks at a pane's screen each time the pane writes, through one tmux control-mode
    client (``tmux -C``): tmux tells it of each write (``%output``) and answers its
    ``capture-pane`` over the same pipe.

    Polling ``tmux capture-pane`` every 5 ms instead spawned 200 tmux clients a second, and on
    a 2-core machine they took the CPU from the app they timed: its first frame came ~25 %
    later than with a poll every 50 ms (which sees it up to 50 ms late)."""

    def __init__(self, session: str) -> None:
        self._proc = subprocess.Popen(
            [*TMUX, "-C", "attach", "-t", session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
        )
        self._session = session
        self._pending = b""

    def wait_for(self, text: str, deadline: float) -> None:
        """Return once ``text`` is on the pane's screen (RuntimeError at ``deadline``)."""
        screen, wrote = self._capture(deadline)  # what was drawn before the client attached
        while text not in screen:
            if not wrote:  # the pane wrote while it was captured: that may be after the copy
                self._next_output(deadline)
            screen, wrote = self._capture(deadline)

    def close(self) -> None:
        self._proc.kill()
        self._proc.wait()

    def _capture(self, deadline: float) -> tuple[str, bool]:
        """The pane's screen, and whether the pane wrote while it was asked for."""
        assert self._proc.stdin is not None
        self._proc.stdin.write(f"capture-pane -p -t {self._session}\n".encode())
        wrote = False
        while not (line := self._line(deadline)).startswith(b"%begin"):
            wrote = wrote or line.startswith(b"%output")
        lines = []
        while not (line := self._line(deadline)).startswith((b"%end", b"%error")):
            lines.append(line)
        return b"\n".join(lines).decode(errors="replace"), wrote

    def _next_output(self, deadline: float) -> None:
        while not self._line(deadline).startswith(b"%output"):
            pass

    def _line(self, deadline: float) -> bytes:
        assert self._proc.stdout is not None
        while b"\n" not in self._pending:
            ready, _, _ = select.select([self._proc.stdout], [], [], deadline - time.perf_counter())
            chunk = os.read(self._proc.stdout.fileno(), 65536) if ready else b""
            if not chunk:
                raise RuntimeError(f"no prompt before the deadline in {self._session}")
            self._pending += chunk
        line, self._pending = self._pending.split(b"\n", 1)
        return line


def fresh_home(root: Path, case: str) -> Path:
    """An empty config and history (the demo's first launch creates the database)."""
    home = Path(tempfile.mkdtemp(dir=root))
    (home / "config").mkdir()
    (home / "data").mkdir()
    return home


def bench(trees: dict[str, Path], launches: int) -> None:
    # The trees' launches are interleaved so both see the same load.
    print(f"load average before: {os.getloadavg()[0]:.2f} ({os.cpu_count()} cores)")
    subprocess.run([*TMUX, "new", "-d", "-s", "keeper", "sleep 86400"], check=True)
    try:
        _bench(trees, launches)
    finally:
        subprocess.run([*TMUX, "kill-server"], capture_output=True)
    print(f"load average after:  {os.getloadavg()[0]:.2f}")


def _bench(trees: dict[str, Path], launches: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for case, args in CASES.items():
            samples: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
            for tree in trees.values():  # warm the page cache and .pyc files
                launch(tree, args, fresh_home(root, case))
            for _ in range(launches):
                for name, tree in trees.items():
                    samples[name].append(launch(tree, args, fresh_home(root, case)))
            for name, pairs in samples.items():
                wall, cpu = [p[0] for p in pairs], [p[1] for p in pairs]
                print(
                    f"  {case:<20}{name:<8} wall median {statistics.median(wall):6.3f} s"
                    f" (min {min(wall):5.3f} max {max(wall):5.3f})"
                    f"   CPU median {statistics.median(cpu):6.3f} s"
                    f" (min {min(cpu):5.3f} max {max(cpu):5.3f})   n={len(pairs)}"
                )


def import_times(tree: Path, top: int = 15) -> None:
    """``python -X importtime -c 'import tui.app'``: the top modules by cumulative time."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import tui.app"],
        env={**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = (p.strip() for p in line.removeprefix("import time:").split("|"))
        rows.append((int(cumulative), int(own), name))
    total = next(c for c, _, n in rows if n == "tui.app")
    print(f"\nimport tui.app ({tree}): {total / 1e6:.3f} s; top {top} by cumulative µs")
    for cumulative, own, name in sorted(rows, reverse=True)[:top]:
        print(f"  {cumulative:>9} {own:>8}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=10, help="launches per case (median)")
    parser.add_argument("--against", type=Path, help="another source tree to weigh against")
    parser.add_argument("--no-importtime", action="store_true")
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("tmux is needed")
    trees = {"this": HERE}
    if args.against:
        trees["against"] = args.against.resolve()
    bench(trees, args.launches)
    if not args.no_importtime:
        for tree in trees.values():
            import_times(tree)


if __name__ == "__main__":
    main()
