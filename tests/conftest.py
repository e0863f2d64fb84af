"""Shared fixtures: a running OpenRouter simulator on loopback, a temporary store, clean env."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def simulator_session() -> Iterator:
    from tui.simulator import Simulator

    sim = Simulator()
    sim.start()
    try:
        yield sim
    finally:
        sim.stop()


@pytest.fixture
def simulator(simulator_session):
    """The session's simulator with its records and flaky counters cleared."""
    simulator_session.reset()
    return simulator_session


@pytest.fixture(autouse=True)
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Keep every test away from the user's real config, key and history."""
    for name in (
        "OPENROUTER_API_KEY",
        "PARLEY_API_KEY",
        "PARLEY_BASE_URL",
        "PARLEY_CONFIG_DIR",
        "PARLEY_DATA_DIR",
        "NO_COLOR",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PARLEY_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("PARLEY_DATA_DIR", str(tmp_path / "data"))
    return tmp_path
