"""Where a continued answer's new text meets the old: a space, a blank line, or nothing."""

from __future__ import annotations

import re

from tui.api.events import ContentDelta, StreamEvent

# Text that opens a Markdown block: it must start on a line of its own after a paragraph.
# The first piece may be the marker alone (a heading's "#" streams before " Title").
_BLOCK_START = re.compile(r"```|~~~|(#{1,6}|>|\||[-*+]|\d+[.)])(\s|$)")
_CLOSES_CLAUSE = ".!?:;,)]}\"'»…"
_OPENS = "*_([{\"'`«"


def separator(before: str, after: str) -> str:
    """What goes between ``before`` and ``after`` so neither runs into the other.

    A model asked to go on often starts afresh ("## Next steps" after "…learn more."), and
    the text it was cut from may end mid-sentence or mid-word: a new block gets a blank line,
    a new word after a finished one a space, and a word cut in two stays whole.
    """
    if not before or not after or before[-1].isspace() or after[0].isspace():
        return ""
    if _BLOCK_START.match(after):
        return "\n\n"
    first, last = after[0], before[-1]
    if not first.isalnum():
        # Punctuation carries on what came before ("…said" + ", and"), unless it opens
        # something new ("…more." + "**Note**").
        return " " if first in _OPENS and last in _CLOSES_CLAUSE else ""
    if last in _CLOSES_CLAUSE:
        return " "
    if last.isalnum() and first.isupper() and not last.isupper():
        return " "  # "of the" + "Parley" reads as two words; "Parl" + "ey" as one
    return ""


class Joint:
    """Fixes a continuation's first piece of text to the end of the answer it continues."""

    def __init__(self, before: str) -> None:
        self._before = before
        self._joined = not before

    def fix(self, event: StreamEvent) -> StreamEvent:
        """``event``, with the separator before its text when it is the first text."""
        if self._joined or not isinstance(event, ContentDelta) or not event.text:
            return event
        self._joined = True
        gap = separator(self._before, event.text)
        return ContentDelta(gap + event.text, event.pieces) if gap else event
