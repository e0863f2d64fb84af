"""A resize to the size the app already has is let go.

Textual's ``App._on_resize`` keeps every Resize event it is sent, even one of the size it
has, and at its next idle moment sends the kept event to every screen: each lays itself out
and draws all of itself again. At start-up the terminal's size arrives twice (the driver's
first report, and the app's own start), so just after the first frame the chat screen and
the one under it were laid out and drawn whole twice more, ~20 ms of CPU while the first
keys may be typed. An event of the app's current size is now stopped before it is kept.
"""

from __future__ import annotations

from textual import events
from textual.app import App

from tui.textual_compat.patching import install_patches

_ORIGINAL_ON_RESIZE = App._on_resize


def compat_problems() -> list[str]:
    """What no longer matches the Textual this was written for (empty when it fits)."""
    names = _ORIGINAL_ON_RESIZE.__code__.co_names
    if "_resize_event" not in names or "_size" not in names:
        return ["App._on_resize no longer keeps the event for its next idle"]
    return []


async def _on_resize(self: App, event: events.Resize) -> None:
    if self._size is not None and event.size == self._size:
        event.stop()  # every screen already has this size
        return
    await _ORIGINAL_ON_RESIZE(self, event)


def install() -> bool:
    """Let same-size resizes go (once per process). False, leaving Textual's as it is, when
    it is no longer the Textual this was written for."""
    return install_patches(compat_problems, (App, "_on_resize", _on_resize))
