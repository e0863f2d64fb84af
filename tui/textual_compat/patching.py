"""How each saving of this package is put in: once per process, and only into the Textual it
was written for."""

from __future__ import annotations

from collections.abc import Callable


def install_patches(
    compat_problems: Callable[[], list[str]], *patches: tuple[type, str, object]
) -> bool:
    """Set each ``(owner, name, replacement)``, unless already set; False, setting none and
    leaving Textual's as it is, when ``compat_problems()`` finds it is no longer the Textual
    they were written for."""
    if all(getattr(owner, name, None) is replacement for owner, name, replacement in patches):
        return True
    if compat_problems():
        return False
    for owner, name, replacement in patches:
        setattr(owner, name, replacement)
    return True
