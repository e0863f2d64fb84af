"""Readers of other tools' histories (and Parley's own export) into conversations to import.

Each format has its own module; :func:`read_file` picks one from the file's content. Readers
only read: they turn records into :class:`~tui.store.ImportedConversation` values and raise
:class:`ImportFileError` naming the record that is wrong. The store writes them.
"""

from tui.importers.errors import ImportFileError
from tui.importers.source import FORMAT_NAMES, FORMATS, detect, read_file

__all__ = ["FORMATS", "FORMAT_NAMES", "ImportFileError", "detect", "read_file"]
