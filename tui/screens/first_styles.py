"""A screen's first showing restyles nothing that its mounting just styled.

Textual restyles every widget of a screen each time the screen becomes the top one
(``ScreenResume.refresh_styles``): styles may have changed while another screen covered it.
The first time, nothing covered it; its widgets were styled as they were mounted, a moment
before, and restyling them all again cost ~7 % of Textual's start (the first frame waits for
it). Later showings restyle as Textual does, and so does a screen with a stylesheet of its
own (see :class:`StyledOnMount`).

The other restyle of a whole screen on its way to the first frame is its breakpoint class
(``-panels-beside``), which Textual adds at its first resize: :func:`fit_breakpoints` adds it
before the screen is mounted, and the resize finds it there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from textual import events
from textual.screen import Screen

ScreenT = TypeVar("ScreenT", bound=Screen)


class StyledOnMount:
    """Mixed into a screen (before ``Screen``): its first resume keeps the mounted styles.

    Not for a screen with a stylesheet of its own (``CSS_PATH``, ``CSS``): Textual reads that
    as it pushes the screen, after styling the screen itself, and the resume's restyle is
    what gives the screen its own rules. Such a screen is restyled as Textual does."""

    _shown_before = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Dispatched before Screen's own handler, which reads the flag.
        if self._shown_before:
            return
        self._shown_before = True
        if not (getattr(self, "CSS_PATH", None) or getattr(self, "CSS", "")):
            event.refresh_styles = False


def fit_breakpoints(screen: ScreenT, width: int, breakpoints: Sequence[tuple[int, str]]) -> ScreenT:
    """``screen`` with the class Textual would give it for ``width`` (the widest breakpoint
    that ``width`` reaches), before it is mounted."""
    for edge, name in sorted(breakpoints, reverse=True):
        if width >= edge:
            screen.add_class(name, update=False)  # not mounted: nothing to restyle
            break
    return screen


class BaseScreen(StyledOnMount, Screen[None]):
    """Textual's default screen, the one under all the others, styled once like them."""
