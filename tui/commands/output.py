"""Plain-text output for the one-shot commands: aligned tables, JSON, local times."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from tui.exporting.format import local_time
from tui.sanitize import one_line, terminal_json

__all__ = ["dumps_for", "local_time", "print_json", "print_table"]


def print_table(
    header: Sequence[str], rows: Iterable[Sequence[str]], *, right: Sequence[int] = ()
) -> None:
    """Columns padded to their widest cell, each cell on one line.

    Cells are measured in the form a terminal shows (``<U+202E>`` is eight columns), so the
    columns line up on a terminal too; a script wanting exact values has ``--json``.
    """
    cells = [list(header)] + [[one_line(str(c)) for c in r] for r in rows]
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


def dumps_for(stream: TextIO, data: Any, *, indent: int | None = None) -> str:
    """``data`` as JSON for ``stream``: exact when piped, controls escaped for a terminal.

    Escaping keeps the document valid and its value equal (``\\u009b`` parses as U+009B); a
    terminal's writer would otherwise show such characters as ``<U+009B>``, changing it.
    """
    if stream.isatty():
        return terminal_json(data, indent=indent)
    return json.dumps(data, indent=indent, ensure_ascii=False)


def print_json(data: Any, *, indent: int | None = 2) -> None:
    print(dumps_for(sys.stdout, data, indent=indent))
