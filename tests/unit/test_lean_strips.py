"""Lean strips: made without caches, each cache made on first use, results unchanged."""

from __future__ import annotations

import inspect
import re

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import Monochrome
from textual.strip import Strip

from tui.textual_compat import strips

SEGMENTS = [
    Segment("plain words, ", Style()),
    Segment("bold", Style(bold=True)),
    Segment(" and ", Style(color="blue")),
    Segment("red", Style(color="red")),
    Segment(" 漢字 end", Style()),
]


def operations(strip: Strip) -> list[object]:
    """What the compositor and widgets ask of strips, each twice (the second from cache)."""
    out: list[object] = []
    for _ in range(2):
        out.append([s.text for s in strip.divide([5, 12, 20, 40])])
        out.append(strip.crop(3, 17).text)
        out.append(strip.crop_extend(2, 40, Style(italic=True)).text)
        out.append(list(strip.apply_style(Style(underline=True))))
        out.append(strip.adjust_cell_length(50, Style(dim=True)).text)
        out.append(list(strip.apply_filter(Monochrome(), Color(0, 0, 0))))
        out.append(list(strip.apply_offsets(2, 3)))
        out.append(strip.cell_length)
        out.append(strip.text)
    return out


def test_this_textual_strip_is_the_one_the_lean_init_was_written_for():
    assert strips.compat_problems() == [], (
        "A Textual upgrade changed Strip; re-read tui/textual_compat/strips.py against it: "
        + "; ".join(strips.compat_problems())
    )
    # The app checks the code at start; here the source holds each cache to its size.
    source = inspect.getsource(strips._ORIGINAL_INIT)
    for name, size in strips.LAZY_CACHES.items():
        assert re.search(rf"self\.{name}\b[^=]*=\s*FIFOCache\({size}\)", source), name


def test_lean_strips_answer_as_textuals_own_do(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(Strip, "__init__", strips._ORIGINAL_INIT)
    if "__getattr__" in Strip.__dict__:
        monkeypatch.delattr(Strip, "__getattr__")
    textuals = operations(Strip(SEGMENTS))
    assert strips.install()
    assert Strip.__init__ is strips._lean_init
    assert operations(Strip(SEGMENTS)) == textuals


def test_a_lean_strip_makes_only_the_caches_it_uses():
    assert strips.install()
    strip = Strip(SEGMENTS)
    for name in strips.LAZY_CACHES:
        with pytest.raises(AttributeError):
            object.__getattribute__(strip, name)  # not made at birth
    first = strip.crop(1, 9)
    assert strip.crop(1, 9) is first  # the crop cache, made on first use, holds it
    made = {n for n in strips.LAZY_CACHES if hasattr(type(strip), n) and _is_set(strip, n)}
    assert made == {"_crop_cache"}
    assert strip._crop_cache._maxsize == strips.LAZY_CACHES["_crop_cache"]


def test_a_name_no_strip_has_is_still_an_attribute_error():
    assert strips.install()
    with pytest.raises(AttributeError, match="_no_such_thing"):
        Strip(SEGMENTS)._no_such_thing  # noqa: B018


def test_installing_twice_is_harmless():
    assert strips.install() and strips.install()
    assert Strip(SEGMENTS).text == "".join(s.text for s in SEGMENTS)


def _is_set(strip: Strip, name: str) -> bool:
    try:
        object.__getattribute__(strip, name)
    except AttributeError:
        return False
    return True
