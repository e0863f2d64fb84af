"""Search every conversation (ctrl+f): results as you type, enter opens one at the match."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from tui import paths
from tui.controllers.chat_rows import when_text
from tui.screens.parts import dismiss_once
from tui.store import SearchHit
from tui.widgets.search_results import ResultRow, SearchResults

if TYPE_CHECKING:
    from tui.app import ParleyApp

RESULTS = 25
"""How many of the best matches are listed."""
HINT = 'Type to search every conversation: words, "a phrase", any text.'


@dataclass(frozen=True, slots=True)
class SearchChoice:
    """The result chosen, and the query that found it (to mark and step through its hits)."""

    hit: SearchHit
    query: str


class SearchScreen(ModalScreen[SearchChoice | None]):
    """Full-text search over every conversation; dismisses with the chosen hit, or None.

    Each keystroke starts the query again after a short pause; a newer query cancels an
    older one still running, and results that no longer fit the query typed are dropped.
    """

    CSS_PATH = paths.styles_dir() / "search.tcss"
    AUTO_FOCUS = "#search-query"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close the search", id="search.close"),
        # Priority: the query line would take them (to scroll itself, which it cannot).
        Binding("down", "move(1)", "Next result", priority=True, id="search.down"),
        Binding("up", "move(-1)", "Previous result", priority=True, id="search.up"),
        Binding("pagedown", "move(5)", "Five results down", priority=True, id="search.page_down"),
        Binding("pageup", "move(-5)", "Five results up", priority=True, id="search.page_up"),
    ]

    debounce: float = 0.015
    """Seconds the query must hold still before it runs: a burst of keys (a paste, a key
    held down) runs once, while typing, whose keys come further apart, is not slowed."""

    app: ParleyApp

    def __init__(self, query: str = "") -> None:
        super().__init__()
        self._initial = query
        self._hits: list[SearchHit] = []
        self._shown_query: str | None = None
        self._models: dict[int, str] = {}
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        panel = Vertical(id="search-panel")
        panel.border_title = "Search"
        panel.border_subtitle = "enter open · ↑ ↓ choose · esc close"
        with panel:
            yield Input(self._initial, placeholder="Search every conversation", id="search-query")
            yield Static(HINT, id="search-note", markup=False)
            yield SearchResults(id="search-results")

    def on_mount(self) -> None:
        if self._initial:
            self._run(self._initial)

    @property
    def query_text(self) -> str:
        return self.query_one("#search-query", Input).value

    @property
    def hits(self) -> list[SearchHit]:
        """The hits on screen, best first."""
        return list(self._hits)

    @property
    def shown_query(self) -> str | None:
        """The query whose results are on screen (None before the first)."""
        return self._shown_query

    # -- running the query -----------------------------------------------------------------

    @on(Input.Changed, "#search-query")
    def _changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.debounce, lambda: self._run(event.value))

    @work(exclusive=True, group="search", exit_on_error=False)
    async def _run(self, query: str) -> None:
        hits = await self.app.store.search(query, limit=RESULTS) if query.strip() else []
        rows = [await self._row(hit) for hit in hits]
        if query != self.query_text:
            return  # typed on since: a newer query is on its way
        self._hits, self._shown_query = hits, query
        self.query_one(SearchResults).show(rows)
        self._say(self._summary(query, len(hits)))

    async def _row(self, hit: SearchHit) -> ResultRow:
        return ResultRow(
            title=hit.conversation_title or "(untitled)",
            when=when_text(hit.created_at, time.time()),
            role=hit.role,
            snippet=hit.snippet,
            highlights=hit.highlights,
            model=await self._model_of(hit.conversation_id),
            other_branch=not hit.on_chosen_path,
        )

    async def _model_of(self, conversation_id: int) -> str:
        # One lookup per chat while the search is open: a primary key read.
        if conversation_id not in self._models:
            conversation = await self.app.store.get_conversation(conversation_id)
            model = conversation.model if conversation is not None else None
            self._models[conversation_id] = model or ""
        return self._models[conversation_id]

    @staticmethod
    def _summary(query: str, found: int) -> str:
        if not query.strip():
            return HINT
        if not found:
            return f"No messages match “{query.strip()}”."
        more = " (the best shown)" if found >= RESULTS else ""
        return (
            f"{found} message{'s' if found != 1 else ''} match{'es' if found == 1 else ''}{more}."
        )

    def _say(self, text: str) -> None:
        self.query_one("#search-note", Static).update(text)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self._say("The search failed: see the message.")
            self.app.task_failed("Search", event.worker.error)

    # -- choosing --------------------------------------------------------------------------

    def action_move(self, by: int) -> None:
        self.query_one(SearchResults).move(by)

    @on(Input.Submitted, "#search-query")
    def _submitted(self) -> None:
        self._choose(self.query_one(SearchResults).highlighted)

    @on(SearchResults.Chosen)
    def _chosen(self, event: SearchResults.Chosen) -> None:
        self._choose(event.index)

    def _choose(self, index: int | None) -> None:
        if index is None or not 0 <= index < len(self._hits) or self._shown_query is None:
            if self.query_text.strip() and self._shown_query != self.query_text:
                self._say("Still searching…")
            return
        dismiss_once(self, SearchChoice(self._hits[index], self._shown_query))

    def action_close(self) -> None:
        dismiss_once(self, None)
