"""The first screen when the history cannot be opened: what is wrong, what to do, a key to quit."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from tui import paths

EXIT_FAILURE = 1


class StoreErrorScreen(Screen[None]):
    """Says which file is wrong and what to do. Parley does not run without its history:
    answers would be lost without warning, and a damaged file must not be touched."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape,enter,ctrl+q", "quit", "Quit", id="store-error.quit"),
    ]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self._lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(id="store-error-panel") as panel:
            panel.border_title = "Parley cannot open its history"
            yield Static(self._lines[0], id="store-error-what", markup=False)
            for line in self._lines[1:]:
                yield Static(line, classes="store-error-hint", markup=False)
            yield Static("Press q to quit.", id="store-error-keys", markup=False)

    def action_quit(self) -> None:
        self.app.exit(EXIT_FAILURE, return_code=EXIT_FAILURE)


class StoreErrorApp(App[int]):
    """The whole app when the history cannot be opened: just the screen above."""

    TITLE = "Parley"
    CSS_PATH: ClassVar[list] = [paths.styles_dir() / "store_error.tcss"]

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self._lines = lines

    def on_mount(self) -> None:
        self.push_screen(StoreErrorScreen(self._lines))
