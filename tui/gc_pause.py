"""The cyclic garbage collector, paused while the full-screen app starts.

Importing Textual and the app builds ~80,000 objects the collector tracks, none of them
garbage, and it walks them again and again as they pile up: ~8 % of the CPU time to the first
screen. It is paused from just before those imports until the first screen is drawn; then the
objects built so far are frozen, so that a later full collection skips them (20 ms each
otherwise), and collecting resumes.
"""

from __future__ import annotations

import gc

_paused = False


def pause() -> None:
    """Stop automatic collection, unless something else already did."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Undo :func:`pause` (once; a collector someone else disabled stays off)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def paused() -> bool:
    """Whether :func:`pause` is in effect."""
    return _paused
