"""What the store raises, each naming the file, what is wrong and what to do about it."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

_ELSEWHERE = "or set PARLEY_DATA_DIR to keep the history somewhere else"


class StoreError(Exception):
    """The history database cannot be used as asked.

    ``str()`` is the headline (what happened, naming the file); ``hint`` says what to do.
    """

    transient = False
    """Whether waiting may cure it (a lock released, space freed), so a retry is worth it."""

    def __init__(self, message: str, *, path: Path | str | None = None, hint: str = "") -> None:
        super().__init__(message)
        self.path = str(path) if path is not None else None
        self.hint = hint

    def lines(self) -> list[str]:
        """One or two plain lines for a person: the headline, then the hint if any."""
        return [str(self)] + ([self.hint] if self.hint else [])


class SchemaTooNewError(StoreError):
    """The database was written by a newer Parley; it is left exactly as it was."""

    def __init__(self, path: Path | str, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__(
            f"The history database {path} has schema version {found}, but this Parley "
            f"understands only up to {supported}: it was written by a newer Parley.",
            path=path,
            hint=f"Upgrade Parley, {_ELSEWHERE}. The file was not changed.",
        )


class StoreDamagedError(StoreError):
    """The file is not a database Parley can read (random bytes, truncated, a directory)."""

    def __init__(self, path: Path | str, what: str) -> None:
        super().__init__(
            f"The history database {path} cannot be read: {what}.",
            path=path,
            hint=f"Parley left it untouched. Move it aside (mv {path} {path}.broken) to start "
            f"a new history, {_ELSEWHERE}.",
        )


class StoreLocationError(StoreError):
    """The folder meant for the history cannot hold it (a file in its place, no access)."""

    def __init__(self, path: Path | str, what: str) -> None:
        super().__init__(
            f"The history folder {path} cannot be used: {what}.",
            path=path,
            hint=f"Move that file aside, {_ELSEWHERE}.",
        )


class StoreLockedError(StoreError):
    """Another program holds the database's write lock for longer than Parley waits."""

    transient = True

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            f"The history database {path} is locked by another program.",
            path=path,
            hint="Close the program holding it (another Parley, an sqlite3 shell) or wait "
            "for it to finish, then try again.",
        )


class StoreFullError(StoreError):
    """The disk (or the user's quota) has no room for the history's next write."""

    transient = True

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            f"There is no space left on the disk of the history database {path}.",
            path=path,
            hint=f"Free some disk space, then try again ({_ELSEWHERE}).",
        )


class StoreReadOnlyError(StoreError):
    """The database cannot be written: a read-only file system or missing permission."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(
            f"The history database {path} cannot be written "
            "(read-only file system or no permission).",
            path=path,
            hint=f"Make it writable, {_ELSEWHERE}.",
        )


class NotFoundError(StoreError, LookupError):
    """A conversation or message id that is not (or no longer) in the database."""


# SQLite's primary result codes (the low byte of the extended code).
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
_BY_MESSAGE = (
    ("database is locked", _BUSY),
    ("database table is locked", _LOCKED),
    ("disk is full", _FULL),
    ("readonly database", _READONLY),
    ("read-only", _READONLY),
    ("file is not a database", _NOTADB),
    ("malformed", _CORRUPT),
    ("unable to open database file", _CANTOPEN),
    ("disk i/o error", _IOERR),
)
_BY_ERRNO = {
    errno.ENOSPC: _FULL,
    errno.EDQUOT: _FULL,
    errno.EROFS: _READONLY,
    errno.EACCES: _READONLY,
    errno.EPERM: _READONLY,
}


def _code(exc: BaseException) -> int | None:
    if isinstance(exc, OSError) and not isinstance(exc, sqlite3.Error):
        return _BY_ERRNO.get(exc.errno or 0)
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF in (
        _BUSY,
        _LOCKED,
        _READONLY,
        _CORRUPT,
        _FULL,
        _NOTADB,
    ):
        return code & 0xFF
    text = str(exc).lower()
    return next((value for needle, value in _BY_MESSAGE if needle in text), code)


def classify(exc: BaseException, path: Path | str) -> StoreError:
    """The typed error for a failure of SQLite or the file system on the database ``path``."""
    if isinstance(exc, StoreError):
        return exc
    code = _code(exc)
    if code in (_BUSY, _LOCKED):
        return StoreLockedError(path)
    if code == _FULL:
        return StoreFullError(path)
    if code == _READONLY:
        return StoreReadOnlyError(path)
    if code in (_CORRUPT, _NOTADB):
        return StoreDamagedError(path, f"it is damaged or not a database ({exc})")
    return StoreError(
        f"The history database {path} cannot be used: {exc}.",
        path=path,
        hint=f"Check that the file and its folder exist and can be written, {_ELSEWHERE}.",
    )
