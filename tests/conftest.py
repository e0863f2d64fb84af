"""Shared fixtures: a simulator on loopback, a client to it, a temporary store, a clean env."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import pytest

from tests.wire import WireLog
from tui.api.client import OpenAICompatibleClient
from tui.config import Settings
from tui.store import Store


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


@pytest.fixture
def wire() -> WireLog:
    """The client's transport: it logs every request, its answer and its close, in order."""
    return WireLog()


@pytest.fixture
async def client(simulator, wire: WireLog) -> AsyncIterator[OpenAICompatibleClient]:
    """A client of the simulator, its traffic logged by ``wire``."""
    async with OpenAICompatibleClient(simulator.base_url, transport=wire) as opened:
        yield opened


@pytest.fixture
def settings(simulator, tmp_path: Path) -> Settings:
    """The app's settings: the simulator, a demo model, config and history in the test's
    own folder."""
    return Settings(
        base_url=simulator.base_url,
        model="openai/gpt-4o",
        config_path=tmp_path / "config" / "config.toml",
        db_path=tmp_path / "history.db",
    )


@pytest.fixture
def clock() -> Callable[[], float]:
    """The store's clock: real time here; folders and modules that move time by hand
    override it."""
    return time.time


@pytest.fixture
async def store(tmp_path: Path, clock: Callable[[], float]) -> AsyncIterator[Store]:
    """A fresh history in the test's own folder, on ``clock``."""
    async with await Store.open(tmp_path / "history.db", clock=clock) as opened:
        yield opened


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
