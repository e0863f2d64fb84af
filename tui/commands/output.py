"""Plain-text output for the one-shot commands: aligned tables, local times."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Sequence

from tui.sanitize import sanitize


def print_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, right: Sequence[int] = ()
) -> None:
    """Columns padded to their widest cell; control characters never reach the terminal."""
    cells = [list(header)] + [[sanitize(str(c)).replace("\n", " ") for c in r] for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for n, row in enumerate(cells):
        parts = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        line = "  ".join(parts).rstrip()
        print(line)
        if n == 0:
            print("  ".join("─" * w for w in widths))
    sys.stdout.flush()


def local_time(timestamp: float | None) -> str:
    if not timestamp:
        return "-"
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(timestamp))
