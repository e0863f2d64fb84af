"""The client tests' client: the simulator's, with retry waits recorded instead of slept."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.wire import WireLog
from tui.api.client import OpenAICompatibleClient

from .client_support import RecordingSleep


@pytest.fixture
def sleep() -> RecordingSleep:
    """Stands in for asyncio.sleep: each retry's wait is recorded, none is slept."""
    return RecordingSleep()


@pytest.fixture
async def client(
    simulator, sleep: RecordingSleep, wire: WireLog
) -> AsyncIterator[OpenAICompatibleClient]:
    """A client of the simulator with a fixed jitter, its waits and traffic recorded."""
    async with OpenAICompatibleClient(
        simulator.base_url, sleep=sleep, random=lambda: 0.5, transport=wire
    ) as opened:
        yield opened
