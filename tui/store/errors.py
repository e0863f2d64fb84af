"""What the store raises, each with a message a person can act on."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """The history database cannot be used as asked."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer Parley; it is left exactly as it was."""

    def __init__(self, path: Path | str, found: int, supported: int) -> None:
        self.path = str(path)
        self.found = found
        self.supported = supported
        super().__init__(
            f"The history database {self.path} has schema version {found}, but this Parley "
            f"understands only up to {supported}: it was written by a newer Parley. Upgrade "
            "Parley, or set PARLEY_DATA_DIR to use another history. The file was not changed."
        )


class NotFoundError(StoreError, LookupError):
    """A conversation or message id that is not (or no longer) in the database."""
