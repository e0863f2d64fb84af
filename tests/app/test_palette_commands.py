"""The palette offers every chat action by a name the chat knows, this session's ones too."""

from __future__ import annotations

from tests.app.pilot_helpers import settle, wait_until
from tui.screens.chat import ChatScreen
from tui.screens.dialogs import InputDialog
from tui.screens.palette import _PALETTE
from tui.screens.search import SearchScreen


def test_every_palette_command_names_an_action_of_the_chat():
    for title, _, action in _PALETTE:
        if action.startswith("app."):
            continue
        assert callable(getattr(ChatScreen, f"action_{action}", None)), title


def commands(app) -> dict:
    return {command.title: command for command in app.get_system_commands(app.screen)}


async def test_search_attach_and_web_search_run_from_the_palette(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        chat = await settle(pilot)
        await commands(app)["Web search"].callback()
        assert chat.parts.state.web_search
        await commands(app)["Attach a file"].callback()
        await wait_until(pilot, lambda: isinstance(app.screen, InputDialog))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is chat)
        await commands(app)["Search history"].callback()
        await wait_until(pilot, lambda: isinstance(app.screen, SearchScreen))
