"""Exit codes, the usage error and the history's fault report: shared by the CLI and commands."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the store is imported only by the commands that use it (start-up time)
    from tui.store.errors import StoreError
    from tui.turn_record import StorageReport

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Bad arguments or parameter values, caught before any request (exit code 2)."""


def report_store_error(error: StoreError | StorageReport) -> None:
    """The history's problem in one or two plain lines on stderr."""
    lines = error.lines()
    print(f"parley: {lines[0]}", file=sys.stderr)
    for line in lines[1:]:
        print(f"hint: {line}", file=sys.stderr)
