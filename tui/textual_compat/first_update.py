"""A screen's first update is made when it is due, not a frame later.

A Textual screen updates on a timer (60 a second) that runs only while there is something to
draw: when the screen goes idle with work pending, the timer is resumed, and it first fires a
whole period after that. For a screen that has not drawn anything yet, that period is spent
waiting: the app's first frame came ~17 ms after its last work was done (unless a resize
happened to draw it sooner). Here the first update of each screen is made at once, when it
goes idle; the updates after it keep Textual's pace.
"""

from __future__ import annotations

from textual import events
from textual.screen import Screen

from tui.textual_compat.patching import install_patches

_ORIGINAL_ON_IDLE = Screen._on_idle


def compat_problems() -> list[str]:
    """What no longer matches the Textual this was written for (empty when it fits)."""
    problems = []
    if "_update_timer" not in _ORIGINAL_ON_IDLE.__code__.co_names:
        problems.append("Screen._on_idle no longer resumes the update timer")
    if not callable(getattr(Screen, "_on_timer_update", None)):
        problems.append("Screen._on_timer_update is gone")
    return problems


async def _on_idle(self: Screen, event: events.Idle) -> None:
    # Every idle moment of every screen comes here: after a screen's first update, straight
    # on to Textual's handler.
    if getattr(self, "_first_update_made", False):
        await _ORIGINAL_ON_IDLE(self, event)
        return
    due = (
        self._layout_required
        or self._scroll_required
        or self._repaint_required
        or self._recompose_required
        or self._dirty_widgets
    )
    if due and self.is_current and not self.app._batch_count:
        self._first_update_made = True
        event.prevent_default()
        self._on_timer_update()  # what the timer's first tick would do, now
        return
    await _ORIGINAL_ON_IDLE(self, event)


def install() -> bool:
    """Make screens' first updates at once (once per process). False, leaving Textual's as it
    is, when it is no longer the Textual this was written for."""
    return install_patches(compat_problems, (Screen, "_on_idle", _on_idle))
