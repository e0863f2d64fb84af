"""How a screen offers what its parts keep and do (attributes and actions forwarded to them),
and how a screen ends only once."""

from __future__ import annotations

import functools
from collections.abc import Callable
from operator import attrgetter
from typing import Any, Generic, TypeVar

from textual.screen import Screen

T = TypeVar("T")
R = TypeVar("R")


class Forwarded(Generic[T]):
    """An attribute the screen offers but its part ``part`` keeps (as ``name``, or the same).

    ``part`` is a path of attributes from the screen (``"parts.turns"``).
    """

    def __init__(self, part: str, name: str = "") -> None:
        self._part = attrgetter(part)
        self._name = name

    def __set_name__(self, owner: type, name: str) -> None:
        self._name = self._name or name

    def __get__(self, instance: object, owner: type | None = None) -> T:
        if instance is None:
            return self  # type: ignore[return-value]
        return getattr(self._part(instance), self._name)

    def __set__(self, instance: object, value: T) -> None:
        setattr(self._part(instance), self._name, value)


def delegate(part: str, method: Callable[..., Any]) -> Callable[..., Any]:
    """A screen action that runs ``method`` of its part ``part``, with the same signature.

    Bindings, the palette and ``run_action`` look actions up on the screen; the part does
    the work.
    """
    name, of = method.__name__, attrgetter(part)

    def action(self: object, *args: Any, **kwargs: Any) -> Any:
        return getattr(of(self), name)(*args, **kwargs)

    return functools.update_wrapper(action, method)


def dismiss_once(screen: Screen[R], result: R | None = None) -> None:
    """Dismiss ``screen`` with ``result`` if it is still the screen on top.

    ``Screen.dismiss`` pops whatever screen is on top and calls the callback again: a second
    key that ends a screen already closing (two quick escapes, enter then escape, a key queued
    before the pop) would otherwise close the screen beneath it as well.
    """
    if screen.app.screen is screen:
        screen.dismiss(result)
