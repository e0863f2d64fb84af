"""The sidebar's reasoning controls for the simulator's reasoning models, as /models lists them."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

from tui.api.client import OpenAICompatibleClient
from tui.paths import styles_dir
from tui.widgets.sidebar import ParamSidebar

WISH = {"reasoning": {"effort": "high", "max_tokens": 2048, "exclude": True, "enabled": True}}


class SidebarApp(App[None]):
    CSS = "ParamSidebar { dock: right; }"

    def __init__(self) -> None:
        super().__init__(css_path=styles_dir() / "sidebar.tcss")

    def compose(self) -> ComposeResult:
        yield ParamSidebar(debounce=0)


async def listed_parameters(simulator, model: str) -> list[str]:
    async with OpenAICompatibleClient(simulator.base_url) as client:
        models = {m.id: m for m in await client.models()}
    return list(models[model].supported_parameters)


@pytest.mark.parametrize("model", ["sim/reasoning", "sim/reasoning-summary"])
async def test_a_reasoning_model_takes_every_reasoning_control(simulator, model) -> None:
    listed = await listed_parameters(simulator, model)
    async with SidebarApp().run_test(size=(100, 60)) as pilot:
        sidebar = pilot.app.query_one(ParamSidebar)
        sidebar.set_values(WISH, None)
        sidebar.set_supported(listed)
        await pilot.pause()
        assert sidebar.values() == (WISH, None)
        assert sidebar.excluded() == []
        notes = str(pilot.app.query_one("#param-notes", Static).content)
        assert "not supported" not in notes
        for name in ("effort", "max_tokens", "exclude", "enabled"):
            assert not sidebar.field(f"reasoning.{name}").has_class("-unsupported")


async def test_a_model_that_does_not_reason_leaves_reasoning_out(simulator) -> None:
    listed = await listed_parameters(simulator, "sim/normal")
    async with SidebarApp().run_test(size=(100, 60)) as pilot:
        sidebar = pilot.app.query_one(ParamSidebar)
        sidebar.set_values(WISH, None)
        sidebar.set_supported(listed)
        await pilot.pause()
        assert sidebar.values() == ({}, None)
        assert sidebar.excluded() == ["reasoning"]
