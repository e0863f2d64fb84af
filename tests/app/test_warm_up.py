"""What the first answer needs is imported while the app waits for the first prompt."""

from __future__ import annotations

import sys

import pytest

from tests.app.pilot_helpers import wait_until
from tui.controllers import warm_up


@pytest.fixture
def probes(monkeypatch: pytest.MonkeyPatch) -> tuple[str, ...]:
    """Two small standard modules, not imported now (the app's own are, in this process)."""
    names = ("wave", "colorsys")
    for name in names:
        monkeypatch.delitem(sys.modules, name, raising=False)
    monkeypatch.setattr(warm_up, "WARM_AFTER", 0.05)
    monkeypatch.setattr(warm_up.warm_up, "__defaults__", (names,))
    return names


async def test_the_first_answers_modules_are_imported_after_the_first_paint(build_app, probes):
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, app.painted.is_set)
        await wait_until(pilot, lambda: all(name in sys.modules for name in probes))
        assert all(name in sys.modules for name in probes)
