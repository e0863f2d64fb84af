"""Private files written whole or not at all: owner-only from creation, renamed into place."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

_PRIVATE = 0o600


def write_private(path: Path, text: str) -> None:
    """Replace ``path`` with ``text``, readable by its owner only, atomically and durably.

    The temporary file is created 0600 (never a moment world-readable), written, flushed and
    synced beside the target, then renamed over it, and the directory synced: a crash at any
    point leaves either the old file or the new one, never a truncated one.
    """
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_TRUNC, _PRIVATE)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _sync_dir(path.parent)


def _sync_dir(directory: Path) -> None:
    """Make the rename itself durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
