"""``parley`` with no command: the full-screen app."""

from __future__ import annotations

import argparse
import sys


def run_app(args: argparse.Namespace) -> int:
    print(
        "parley: the full-screen app is not in this build yet; use `parley ask` (see --help)",
        file=sys.stderr,
    )
    return 1
