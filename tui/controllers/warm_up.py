"""What the first answer needs, imported while the app waits for the first prompt."""

from __future__ import annotations

import importlib
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.app import App

WARM_AFTER = 0.5
"""Seconds after the first screen is drawn before the first module is imported: start-up
work (the model list, the key's spend) comes first."""

STEP = 0.05
"""Seconds between two modules: keys pressed meanwhile are read in between."""

MODULES = ("tui.turn", "tui.controllers.live_turn", "tui.render.markdown")
"""What a first answer imports on its way to its first token, heaviest last (the Markdown
renderer brings markdown-it and Rich's Markdown, ~30 ms): imported on first use, they held
up the first answer after every launch."""


def warm_up(app: App[object], modules: tuple[str, ...] = MODULES) -> None:
    """Import ``modules`` one at a time once the app has been idle for a moment; those the
    app imported meanwhile (a prompt sent at once) are skipped."""
    pending = list(modules)

    def step() -> None:
        while pending:
            name = pending.pop(0)
            if name not in sys.modules:
                importlib.import_module(name)
                break
        if pending:
            app.set_timer(STEP, step, name="warm up")

    app.set_timer(WARM_AFTER, step, name="warm up")
