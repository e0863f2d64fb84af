"""The first frame Textual writes: made whole, and told when it is out.

Textual lays out and renders the first screen inside its start-up batch
(``App._batch_count``) and drops that frame (``App._display`` returns early); the frames after
it carry only what changed since, so a widget drawn just once (the prompt, until its focus
changes) reaches the terminal a frame late, or not at all. And nothing public says when a
frame was written: a screen's ``call_after_refresh`` also fires after the dropped one, so work
meant to wait for the first paint ran before it.

:func:`watch_first_frame` wraps the app's ``_display`` until the first frame Textual writes:
when an earlier one was dropped, that frame is rendered whole
(``Compositor.render_update(full=True)``) instead of as the change since; then the callback is
called (soon after, through the app's queue) and the wrapper is removed.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App
from textual.screen import Screen


def watch_first_frame(app: App, on_drawn: Callable[[], object]) -> None:
    """Make the first frame ``app`` writes whole, then call ``on_drawn`` (once)."""
    display = app._display
    wrapped_own = "_display" in vars(app)  # someone else's wrapper (a benchmark's), kept after
    dropped = False

    def first_display(screen: Screen, renderable: object) -> None:
        nonlocal dropped
        if renderable is None:
            display(screen, renderable)
            return
        if app._batch_count or not app._running:  # Textual drops this one
            dropped = True
            display(screen, renderable)
            return
        if dropped and screen is app.screen:
            renderable = screen._compositor.render_update(
                full=True, screen_stack=app._background_screens
            )
        if wrapped_own:
            app._display = display  # type: ignore[method-assign]
        else:
            del app._display  # the class's own from now on
        display(screen, renderable)
        app.call_later(on_drawn)

    app._display = first_display  # type: ignore[method-assign]
