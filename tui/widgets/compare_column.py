"""One column of the comparison view: its model in the border, its transcript, its stats."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical

from tui.widgets.column_stats import ColumnStats
from tui.widgets.transcript import Transcript


class CompareColumn(Vertical):
    """A model's column: its id in the border, its own transcript, its stats line.

    Renders what the screen gives it; the screen runs the turns (see :class:`Lane`).
    """

    def __init__(self, number: int, model: str) -> None:
        super().__init__(classes="compare-column")
        self.model = model
        """The model the column asks."""
        self.set_title(number, model)

    def compose(self) -> ComposeResult:
        yield Transcript(classes="compare-transcript")
        yield ColumnStats(classes="compare-stats")

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    @property
    def stats(self) -> ColumnStats:
        return self.query_one(ColumnStats)

    def set_title(self, number: int, model: str) -> None:
        """Show the column's number (its alt+N key) and model id in the top border."""
        self.border_title = f"{number} {model}"

    def answer_text(self) -> str:
        """The text of the column's latest answer as shown (so far, while it streams)."""
        transcript = self.transcript
        for key in reversed(transcript.message_keys()):
            if transcript.message_view(key).role == "assistant":
                return transcript.message_text(key)
        return ""
