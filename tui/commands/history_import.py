"""``parley history import FILE``: another tool's history (or Parley's export) into this one."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.commands.exits import EXIT_FAILURE, EXIT_OK, UsageError
from tui.commands.output import print_json
from tui.importers import FORMAT_NAMES, ImportFileError, read_file
from tui.store import ImportOutcome, Store

_OPTIMIZE_AFTER = 1000
"""Merge the search index after an import of this many messages or more."""


async def import_history(store: Store, args: argparse.Namespace) -> int:
    path = _existing(args.file)
    forced = None if args.format == "auto" else args.format
    try:
        fmt, conversations = read_file(path, forced)
        outcome = await store.import_new(conversations)
    except (ImportFileError, ValueError) as exc:
        # ValueError: the store's own checks, which a reader should have made first.
        print(f"parley: {exc}", file=sys.stderr)
        print("hint: nothing was imported; the file is as it was", file=sys.stderr)
        return EXIT_FAILURE
    if outcome.messages >= _OPTIMIZE_AFTER:
        await store.optimize()
    if args.json:
        print_json(
            {
                "format": fmt,
                "imported": len(outcome.ids),
                "messages": outcome.messages,
                "skipped": outcome.skipped,
                "ids": list(outcome.ids),
            }
        )
    else:
        print(_summary(path.name, fmt, outcome))
    return EXIT_OK


def _existing(name: str) -> Path:
    path = Path(name)
    if not path.exists():
        raise UsageError(f"no file {name}")
    return path


def _summary(name: str, fmt: str, outcome: ImportOutcome) -> str:
    count = len(outcome.ids)
    said = (
        f"Imported {_plural(count, 'conversation')} ({_plural(outcome.messages, 'message')}) "
        f"from {name} ({FORMAT_NAMES[fmt]})."
    )
    if outcome.skipped:
        said += f" Skipped {outcome.skipped} already imported."
    return said


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"
