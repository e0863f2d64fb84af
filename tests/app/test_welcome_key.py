"""A key typed on the first-run screen is kept for the base URL it was typed for, owner-only."""

from __future__ import annotations

import stat
import tomllib

from textual import events
from textual.widgets import Input

from tui.config import DEFAULT_BASE_URL
from tui.screens.welcome import WelcomeScreen

KEY = "sk-or-v1-0123456789abcdef0123456789abcdef"


async def type_key(pilot) -> None:
    await pilot.pause()
    assert isinstance(pilot.app.screen, WelcomeScreen)
    pilot.app.screen.query_one("#welcome-key", Input).post_message(events.Paste(KEY))
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()


async def test_a_key_typed_for_openrouter_is_saved_as_the_top_level_key(build_app, settings):
    app = build_app(base_url=DEFAULT_BASE_URL)
    async with app.run_test() as pilot:
        await type_key(pilot)
        path = settings.config_path
        assert tomllib.loads(path.read_text())["api_key"] == KEY
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert app.client._http.headers["authorization"] == f"Bearer {KEY}"


async def test_a_key_typed_while_config_names_another_server_stays_with_openrouter(
    build_app, settings
):
    path = settings.config_path
    path.parent.mkdir(parents=True)
    path.write_text('base_url = "http://localhost:11434/v1"\n')
    app = build_app(base_url=DEFAULT_BASE_URL)  # e.g. PARLEY_BASE_URL chose OpenRouter
    async with app.run_test() as pilot:
        await type_key(pilot)
        data = tomllib.loads(path.read_text())
        assert "api_key" not in data  # the top-level key would go to localhost:11434
        assert data["servers"][DEFAULT_BASE_URL]["api_key"] == KEY
