"""The search's results: one row per matching message, its words marked in a snippet."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.sanitize import one_line


@dataclass(frozen=True, slots=True)
class ResultRow:
    """What a result row says: where the message is, and the words around the match.

    ``highlights`` are ``(start, end)`` offsets into ``snippet`` of the matched words.
    """

    title: str
    when: str
    role: str
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()
    model: str = ""
    other_branch: bool = False
    """The message is in a version of its conversation not shown now."""


_ROLES = {"user": "you", "assistant": "answer", "system": "system"}


class SearchResults(OptionList):
    """The rows of a search; enter (or a click) posts :class:`SearchResults.Chosen`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "search-results--match",
        "search-results--detail",
        "search-results--branch",
    }
    DEFAULT_CSS = """
    SearchResults {
        text-wrap: nowrap;
        text-overflow: ellipsis;
        & > .search-results--match { color: $text-warning; text-style: bold; }
        & > .search-results--detail { color: $text-muted; }
        & > .search-results--branch { color: $text-accent; }
    }
    """

    class Chosen(Message):
        """Row ``index`` (of the rows last shown) was chosen."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def show(self, rows: Sequence[ResultRow]) -> None:
        """Show ``rows``, the first highlighted."""
        match = self.get_component_rich_style("search-results--match")
        detail = self.get_component_rich_style("search-results--detail")
        branch = self.get_component_rich_style("search-results--branch")
        self.clear_options()
        self.add_options(
            Option(_label(row, match, detail, branch), id=str(index))
            for index, row in enumerate(rows)
        )
        self.highlighted = 0 if rows else None

    def move(self, by: int) -> None:
        """Move the highlight ``by`` rows, stopping at the first and the last."""
        if not self.option_count:
            return
        current = self.highlighted if self.highlighted is not None else -by
        self.highlighted = max(0, min(self.option_count - 1, current + by))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option_index))


def _label(row: ResultRow, match: Style, detail: Style, branch: Style) -> Text:
    # Two lines, each cut to the width (see the CSS): the match sits near the snippet's start.
    label = Text(no_wrap=True, overflow="ellipsis", end="")
    label.append(one_line(row.title or "(untitled)"), style="bold")
    facts = [row.when, _short(row.model), _ROLES.get(row.role, row.role)]
    label.append("  " + " · ".join(one_line(fact) for fact in facts if fact), style=detail)
    if row.other_branch:
        label.append(" · in another version", style=branch)
    label.append("\n  ")
    position = 0
    for start, end in row.highlights:
        label.append(one_line(row.snippet[position:start]))
        label.append(one_line(row.snippet[start:end]), style=match)
        position = end
    label.append(one_line(row.snippet[position:]))
    return label


def _short(model: str) -> str:
    # The provider prefix adds width, not much to tell results apart.
    return model.rsplit("/", 1)[-1]
