"""Frames Textual would drop are not rendered.

While an app batches its updates (the whole of its start-up: compose, the first layout, the
mounts; and ``Widget.batch``), Textual still renders each refresh of the screen, in full or in
part, and then ``App._display`` drops the frame. At start-up that was the first screen
rendered twice and thrown away, about 15 ms of the way to the first frame. Here a refresh of
the top screen during a batch is not rendered: the screen is marked to be laid out (which renders
all of it), and the end of the batch prompts it, so the first frame after the batch has all
of it.
"""

from __future__ import annotations

from textual.app import App, ModeError, ScreenError
from textual.screen import Screen

from tui.textual_compat.patching import install_patches

_ORIGINAL_REFRESH = Screen._compositor_refresh
_ORIGINAL_END_BATCH = App._end_batch


def compat_problems() -> list[str]:
    """What no longer matches the Textual this was written for (empty when it fits)."""
    problems = []
    # Read from the code, not the source: reading source files would cost the start-up more
    # than this saves it.
    if "_batch_count" not in App._display.__code__.co_names:
        problems.append("App._display no longer drops frames during a batch")
    timer = Screen._on_timer_update.__code__.co_names
    if "_layout_required" not in timer or "_refresh_layout" not in timer:
        problems.append("Screen._on_timer_update no longer lays out a screen marked for it")
    if "render_update" not in _ORIGINAL_REFRESH.__code__.co_names:
        problems.append("Screen._compositor_refresh no longer renders the update")
    if "check_idle" not in _ORIGINAL_END_BATCH.__code__.co_names:
        problems.append("App._end_batch no longer ends in an idle check")
    return problems


def _refresh_unless_batched(self: Screen) -> None:
    app = self.app
    if app._batch_count and not app.is_inline and self is app.screen:
        # The whole screen at the first update after the batch: laid out, which renders all
        # of it. (Marked for a repaint instead, a screen whose layout was also due was drawn
        # whole twice, once for each.)
        self._layout_required = True
        return
    _ORIGINAL_REFRESH(self)


def _end_batch(self: App) -> None:
    _ORIGINAL_END_BATCH(self)
    if self._batch_count or not self._running:
        return
    try:
        screen = self.screen
    except (ScreenError, ModeError):  # no screen yet (or any more): nothing was held back
        return
    if screen._layout_required:
        screen.check_idle()  # its idle handler starts the update that repaints it


def install() -> bool:
    """Skip rendering frames that would be dropped (once per process). False, leaving
    Textual's as it is, when it is no longer the Textual this was written for."""
    return install_patches(
        compat_problems,
        (Screen, "_compositor_refresh", _refresh_unless_batched),
        (App, "_end_batch", _end_batch),
    )
