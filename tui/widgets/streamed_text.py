"""Text that arrives in pieces: kept as given, neutralised and rendered as it comes."""

from __future__ import annotations

from tui.render.body import BlockRenderer, MessageBody
from tui.sanitize import StreamSanitizer


class StreamedText:
    """An answer's or a thinking block's text.

    The pieces are kept as given (joined on demand); the body's block splitter gets them
    through the terminal neutraliser, so finished blocks render once and only the tail again.
    """

    def __init__(self, render: BlockRenderer) -> None:
        self.body = MessageBody(render)
        self.sanitizer = StreamSanitizer()
        self.pieces: list[str] = []

    def restart(self, render: BlockRenderer) -> None:
        """Forget the text, to be given again from the start."""
        self.body = MessageBody(render)
        self.sanitizer = StreamSanitizer()
        self.pieces[:] = []

    def append(self, piece: str) -> None:
        if piece:
            self.pieces.append(piece)
            self.body.feed(self.sanitizer.feed(piece))

    def finish(self) -> None:
        """The text is complete: let go of a carriage return held back for a line feed."""
        self.body.feed(self.sanitizer.flush())

    @property
    def text(self) -> str:
        if len(self.pieces) > 1:
            self.pieces[:] = ["".join(self.pieces)]
        return self.pieces[0] if self.pieces else ""
