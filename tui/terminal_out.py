"""The one-shot commands' writer to a terminal: every character passes the neutraliser."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TextIO

from tui.sanitize import StreamSanitizer


class TerminalWriter(io.TextIOBase):
    """Wraps a tty's text stream so nothing written through it can control the terminal.

    Text is shown in its visible form (``␛``, ``<U+009B>``); Parley's own escape sequences
    (the dim "waiting" line) go through :meth:`write_control`, the one door left open.
    """

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw
        self._sanitizer = StreamSanitizer()  # holds a trailing CR until it sees what follows

    def write(self, text: str) -> int:
        shown = self._sanitizer.feed(text)
        if shown:
            self.raw.write(shown)
        return len(text)

    def write_control(self, sequence: str) -> None:
        """Write Parley's own terminal sequence, never text that came from elsewhere."""
        self.raw.write(sequence)

    def flush(self) -> None:
        self.raw.flush()

    def end(self) -> None:
        """Release a held CR (as ``␍``): nothing more will follow it."""
        tail = self._sanitizer.flush()
        if tail:
            self.raw.write(tail)
        self.raw.flush()

    def close(self) -> None:
        # The raw stream belongs to the interpreter; closing a wrapper must not close it.
        self.end()

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        # No descriptor: input() would write its prompt to it directly, past this wrapper.
        raise io.UnsupportedOperation("fileno")

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self.raw.encoding

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return self.raw.errors


def _wrapped(stream: TextIO | None) -> TextIO | None:
    if stream is None or isinstance(stream, TerminalWriter):
        return stream
    try:
        tty = stream.isatty()
    except (ValueError, OSError):  # closed or detached
        return stream
    return TerminalWriter(stream) if tty else stream  # type: ignore[return-value]


@contextmanager
def guarded_stdio() -> Iterator[None]:
    """Route ``sys.stdout``/``sys.stderr`` through the neutraliser while they are terminals.

    Piped or redirected streams are left alone, so ``parley ask > file`` stays byte-exact.
    """
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _wrapped(saved[0]), _wrapped(saved[1])  # type: ignore[assignment]
    try:
        yield
    finally:
        for stream, original in zip((sys.stdout, sys.stderr), saved, strict=True):
            if isinstance(stream, TerminalWriter) and stream is not original:
                with suppress(OSError, ValueError):
                    stream.end()
        sys.stdout, sys.stderr = saved


def write_control(stream: TextIO, sequence: str) -> None:
    """Write Parley's own escape sequence to ``stream``, through a wrapper's open door."""
    if isinstance(stream, TerminalWriter):
        stream.write_control(sequence)
    else:
        stream.write(sequence)
