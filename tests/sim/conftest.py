"""A client of the session's simulator for the simulator's own tests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tui.simulator import Simulator


@pytest.fixture(scope="module")
def shared_http(simulator_session: Simulator) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=simulator_session.base_url, timeout=10) as client:
        yield client


@pytest.fixture
def http(simulator: Simulator, shared_http: httpx.Client) -> httpx.Client:
    """A client of the session's simulator, whose records start empty."""
    return shared_http
