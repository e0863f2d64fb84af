"""The store's tests move time by hand: every store here runs on a settable clock."""

from __future__ import annotations

import pytest

from . import Clock


@pytest.fixture
def clock() -> Clock:
    return Clock()
