"""The key's spend in the chat: fetched at start and after each answer, shown in the parameter
sidebar, a warning once when the key is nearly spent, and nothing at all from a local server."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.app.pilot_helpers import ask, settle, wait_until
from tui.api.client import OpenAICompatibleClient
from tui.api.types import KeyInfo
from tui.app import ParleyApp
from tui.sim.catalog import NEARLY_SPENT
from tui.sim.handler import LOCAL_PREFIX
from tui.widgets.key_spend import KeySpend, spend_lines


def key_requests(simulator) -> list:
    return [r for r in simulator.requests() if r.path.endswith("/key")]


async def open_sidebar(pilot) -> KeySpend:
    await pilot.press("f5")
    await pilot.pause()
    return pilot.app.screen.query_one(KeySpend)


def warnings(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "warning"]


@pytest.fixture
def app_on(settings, store):
    """``app_on(base_url, api_key)``: the app on its own client to the simulator."""
    clients: list[OpenAICompatibleClient] = []

    def build(base_url: str, api_key: str | None = None) -> ParleyApp:
        client = OpenAICompatibleClient(base_url, api_key=api_key)
        clients.append(client)
        changed = replace(settings, base_url=base_url, api_key=api_key, model="sim/echo")
        return ParleyApp(changed, store, client)

    yield build


async def test_the_sidebar_shows_the_spend_and_an_answer_refreshes_it(build_app, simulator):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        panel = await open_sidebar(pilot)
        before = panel.info
        assert before is not None and panel.has_class("-shown")
        text = str(panel.render())
        assert "spent of $25.00 (monthly)" in text and " left" in text and "today $" in text
        asked = len(key_requests(simulator))
        await ask(pilot, "Spend a little")
        await wait_until(pilot, lambda: len(key_requests(simulator)) > asked)
        await settle(pilot)
        assert panel.info is not None and panel.info.usage > before.usage
        assert not panel.has_class("-low") and not warnings(app)


async def test_a_nearly_spent_key_warns_once(app_on, simulator):
    app = app_on(simulator.base_url, f"sk-or-v1-{NEARLY_SPENT}-test")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert [w for w in warnings(app) if "left of its $1.00 limit" in w]
        panel = await open_sidebar(pilot)
        assert panel.has_class("-low") and "$1.00" in str(panel.render())
        asked = len(key_requests(simulator))
        await ask(pilot, "One more")
        await wait_until(pilot, lambda: len(key_requests(simulator)) > asked)
        await settle(pilot)
        assert len([w for w in warnings(app) if "limit" in w]) == 1  # still low: not again


async def test_a_server_without_a_key_endpoint_shows_no_panel_and_no_error(app_on, simulator):
    local = simulator.base_url.replace("/api/v1", LOCAL_PREFIX + "/api/v1")
    app = app_on(local)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await ask(pilot, "hello")
        panel = await open_sidebar(pilot)
        assert key_requests(simulator), "the app asked"
        assert all(r.status == 404 for r in key_requests(simulator))
        assert panel.info is None and not panel.has_class("-shown")
        assert not [n for n in app._notifications if n.severity in ("error", "warning")]


def test_a_key_without_a_limit_says_so():
    info = KeyInfo(label="sk-or-v1-abc", usage=1.5, usage_daily=0.25)
    assert spend_lines(info) == ["Key sk-or-v1-abc", "$1.50 spent · no limit", "today $0.2500"]
