"""A partial screen update that renders only the rows it updates.

For a partial update Textual's compositor asks every widget whose *clip* (for most widgets,
the whole screen) overlaps the updated area to render all of its rows, then keeps only the
updated rows. While an answer streams, two or three transcript rows change per frame, yet
the screen, its containers, the transcript, its scrollbar, the status line, the prompt and
the footer each went through every row of theirs: styles looked up, filters applied, every
frame. Here each widget is asked only for its rows inside the updated area, and only if it
shows there. The rows the update writes are the same (a canary test compares them).
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip

from tui.textual_compat.patching import install_patches

_ORIGINAL = Compositor._get_renders


def compat_problems() -> list[str]:
    """What no longer matches the compositor this was written for (empty when it fits)."""
    problems = []
    params = list(inspect.signature(_ORIGINAL).parameters)
    if params != ["self", "crop"]:
        problems.append(f"Compositor._get_renders takes {params}")
    # From the code, not the source (a source file read at every start); the tests read
    # the source.
    chops = Compositor._render_chops.__code__.co_names
    if "_get_renders" not in chops or "intersection" not in chops:
        problems.append("Compositor._render_chops no longer crops each render to region ∩ clip")
    if not isinstance(getattr(Compositor, "visible_widgets", None), property):
        problems.append("Compositor.visible_widgets is gone")
    return problems


def _renders_in_rows(
    self: Compositor, crop: Region | None = None
) -> Iterable[tuple[Region, Region, list[Strip]]]:
    if crop is None:  # a full update: every row of every widget, as Textual does it
        yield from _ORIGINAL(self, crop)
        return
    top, bottom, left, right = crop.y, crop.bottom, crop.x, crop.right
    for widget, (region, clip) in self.visible_widgets.items():
        shown = region.intersection(clip)
        first, last = max(shown.y, top), min(shown.bottom, bottom)
        if first >= last or shown.right <= left or shown.x >= right:
            continue  # nothing of it in the updated area
        # Whole rows of what shows: chops are cut at widget edges, never at the crop's.
        rows = Region(shown.x, first, shown.width, last - first)
        inside = Region(rows.x - region.x, rows.y - region.y, rows.width, rows.height)
        # The caller renders region ∩ clip: given ``rows`` as the clip, that is ``rows``.
        yield region, rows, widget.render_lines(inside)


def install() -> bool:
    """Render partial updates row by row (once per process). False, leaving Textual's as it
    is, when the compositor is no longer the one this was written for: it is a saving."""
    return install_patches(compat_problems, (Compositor, "_get_renders", _renders_in_rows))


def original_renders(self: Compositor, crop: Region | None) -> Any:
    """Textual's own ``_get_renders`` (for the canary test)."""
    return _ORIGINAL(self, crop)
