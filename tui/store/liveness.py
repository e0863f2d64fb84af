"""Telling a live stream from one whose writer crashed: owner process and heartbeat."""

from __future__ import annotations

import os
import socket
import sys
from functools import cache

STALE_AFTER_S = 15.0
"""A streaming message whose heartbeat is older than this is taken as interrupted."""


@cache
def this_host() -> str:
    """The name written beside the owner pid: a pid means nothing on another machine."""
    return socket.gethostname()


def process_exists(pid: int) -> bool:
    """Whether a process with this id runs on this machine (it may belong to another user)."""
    if sys.platform == "win32":
        # os.kill on Windows terminates the process whatever the signal: never probe there.
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def is_orphaned(
    owner_pid: int | None,
    owner_host: str | None,
    heartbeat_at: float | None,
    now: float,
    stale_after: float = STALE_AFTER_S,
) -> bool:
    """Whether a message still marked streaming has lost its writer.

    True when its heartbeat is older than ``stale_after`` seconds, or when its owner ran on
    this machine and that process is gone.
    """
    if heartbeat_at is None or now - heartbeat_at > stale_after:
        return True
    if owner_pid is None or owner_host != this_host():
        return False
    return not process_exists(owner_pid)
