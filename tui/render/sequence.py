"""A message's lines: rendered lines and huge blocks' plain rows, made when looked at."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import overload

from tui.render.lines import Line
from tui.render.plain import PlainRows

Chunk = list[Line] | PlainRows


class LineSequence:
    """The lines of one message, indexed like a list.

    Rendered lines are held as they are; a huge block's rows are held by its
    :class:`PlainRows`, which makes each line only when it is asked for. Lines are only
    ever added or removed at the end.
    """

    def __init__(self) -> None:
        self._chunks: list[Chunk] = []

    def __len__(self) -> int:
        chunks = self._chunks
        if len(chunks) == 1:  # the usual case: no huge block
            return len(chunks[0])
        return sum(len(chunk) for chunk in chunks)

    def __bool__(self) -> bool:
        return any(len(chunk) for chunk in self._chunks)

    @overload
    def __getitem__(self, index: int) -> Line: ...

    @overload
    def __getitem__(self, index: slice) -> list[Line]: ...

    def __getitem__(self, index: int | slice) -> Line | list[Line]:
        if isinstance(index, slice):  # the commands print what is new: lines[printed:]
            return [self[at] for at in range(*index.indices(len(self)))]
        if len(self._chunks) == 1 and index >= 0:
            return self._chunks[0][index]
        if index < 0:
            index += len(self)
        for chunk in self._chunks:  # a few chunks: one per run of blocks, per huge block
            if index < len(chunk):
                return chunk[index]
            index -= len(chunk)
        raise IndexError("line index out of range")

    def __iter__(self) -> Iterator[Line]:
        for chunk in self._chunks:
            yield from chunk

    def __eq__(self, other: object) -> bool:
        if isinstance(other, LineSequence | list):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def append(self, line: Line) -> None:
        self._last_list().append(line)

    def extend(self, lines: Iterable[Line]) -> None:
        self._last_list().extend(lines)

    def attach(self, rows: PlainRows) -> None:
        """Add ``rows`` at the end: lines added later come after all its rows."""
        self._chunks.append(rows)

    def since(self, index: int) -> list[Line]:
        """The lines from ``index`` on (a few: the tail's)."""
        last = self._chunks[-1] if self._chunks else []
        start = len(self) - len(last)
        if isinstance(last, list) and index >= start:
            return last[index - start :]
        return [self[i] for i in range(index, len(self))]

    def reuse(self, index: int, old: list[Line]) -> int | None:
        """Put back ``old``'s line objects where the lines from ``index`` on equal them (see
        :func:`_reuse_equal`); how many of them lead unchanged, or None when a huge block's
        rows are among them (left as they are)."""
        last = self._chunks[-1] if self._chunks else None
        if not isinstance(last, list) or index < len(self) - len(last):
            return None
        start = index - (len(self) - len(last))
        lines = last[start:]
        unchanged = _reuse_equal(old, lines)
        last[start:] = lines
        return unchanged

    def truncate(self, length: int) -> None:
        """Keep the first ``length`` lines."""
        excess = len(self) - length
        while excess > 0 and self._chunks:
            last = self._chunks[-1]
            if len(last) > excess:
                if isinstance(last, list):
                    del last[len(last) - excess :]
                else:
                    last.cut(len(last) - excess)
                return
            excess -= len(last)
            if isinstance(last, list):
                self._chunks.pop()
            else:
                last.cut(0)
                self._chunks.pop()

    def _last_list(self) -> list[Line]:
        if not self._chunks or not isinstance(self._chunks[-1], list):
            self._chunks.append([])
        last = self._chunks[-1]
        assert isinstance(last, list)
        return last


def _reuse_equal(old: list[Line], lines: list[Line]) -> int:
    """Put back the old line objects for lines that did not change (their painted versions
    stay cached); returns how many leading lines did not change."""
    unchanged = None
    for index, previous in enumerate(old):
        if index >= len(lines):
            break
        if lines[index] == previous:
            lines[index] = previous
        elif unchanged is None:
            unchanged = index
    if unchanged is None:
        unchanged = min(len(old), len(lines))
    return unchanged
