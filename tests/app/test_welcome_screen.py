"""The first-run screen: a pasted key, the demo or quit come back as a choice; keys stay masked."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from tests.app.pilot_helpers import screen_lines
from tui.screens.welcome import KEYS_URL, WelcomeChoice, WelcomeScreen

KEY = "sk-or-v1-0123456789abcdef0123456789abcdef"
SECRET = KEY.removeprefix("sk-or-v1-")
CONFIG_PATH = Path.home() / ".config" / "parley" / "config.toml"


class WelcomeApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.choices: list[WelcomeChoice | None] = []

    def on_mount(self) -> None:
        self.push_screen(WelcomeScreen(CONFIG_PATH), self.choices.append)


def message(pilot: Pilot[None]) -> Static:
    return pilot.app.screen.query_one("#welcome-message", Static)


async def paste(pilot: Pilot[None], text: str) -> None:
    await pilot.pause()
    pilot.app.screen.query_one("#welcome-key", Input).post_message(events.Paste(text))
    await pilot.pause()


async def test_a_pasted_key_and_enter_dismiss_with_the_key() -> None:
    async with WelcomeApp().run_test() as pilot:
        await paste(pilot, KEY)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.choices == [WelcomeChoice("key", KEY)]
        assert not isinstance(pilot.app.screen, WelcomeScreen)


async def test_the_key_is_stripped_of_surrounding_spaces() -> None:
    async with WelcomeApp().run_test() as pilot:
        await paste(pilot, f"  {KEY}  ")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.choices == [WelcomeChoice("key", KEY)]


async def test_the_save_button_saves_like_enter() -> None:
    async with WelcomeApp().run_test() as pilot:
        await paste(pilot, KEY)
        await pilot.press("tab", "enter")
        await pilot.pause()
        assert pilot.app.choices == [WelcomeChoice("key", KEY)]


async def test_a_key_with_spaces_shows_an_error_and_stays() -> None:
    async with WelcomeApp().run_test() as pilot:
        await paste(pilot, "sk-or-v1 0123 4567")
        await pilot.press("enter")
        await pilot.pause()
        assert message(pilot).has_class("-error")
        assert "no spaces" in " ".join(screen_lines(pilot.app))
        assert pilot.app.choices == []
        assert isinstance(pilot.app.screen, WelcomeScreen)


async def test_enter_on_an_empty_field_asks_for_a_key() -> None:
    async with WelcomeApp().run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert message(pilot).has_class("-error")
        assert pilot.app.choices == []


async def test_a_key_not_from_openrouter_warns_first_then_is_accepted() -> None:
    async with WelcomeApp().run_test() as pilot:
        await paste(pilot, "local-server-key-42")
        await pilot.press("enter")
        await pilot.pause()
        assert message(pilot).has_class("-warning")
        assert "sk-or-" in " ".join(screen_lines(pilot.app))
        assert pilot.app.choices == []
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.choices == [WelcomeChoice("key", "local-server-key-42")]


async def test_editing_the_key_after_a_warning_warns_again() -> None:
    async with WelcomeApp().run_test() as pilot:
        await paste(pilot, "local-server-key-42")
        await pilot.press("enter", "3")
        await pilot.pause()
        assert not message(pilot).has_class("-warning")
        await pilot.press("enter")
        await pilot.pause()
        assert message(pilot).has_class("-warning")
        assert pilot.app.choices == []


async def test_d_starts_the_demo_once_focus_leaves_the_key_field() -> None:
    async with WelcomeApp().run_test() as pilot:
        await pilot.pause()
        await pilot.press("tab", "d")
        await pilot.pause()
        assert pilot.app.choices == [WelcomeChoice("demo")]


async def test_d_in_the_key_field_is_typed_not_a_shortcut() -> None:
    async with WelcomeApp().run_test() as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert pilot.app.screen.query_one("#welcome-key", Input).value == "d"
        assert pilot.app.choices == []


async def test_the_demo_button_starts_the_demo() -> None:
    async with WelcomeApp().run_test() as pilot:
        await pilot.pause()
        await pilot.press("tab", "tab")
        assert pilot.app.screen.focused == pilot.app.screen.query_one("#welcome-demo", Button)
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.choices == [WelcomeChoice("demo")]


async def test_the_quit_button_quits() -> None:
    async with WelcomeApp().run_test() as pilot:
        await pilot.pause()
        await pilot.press("tab", "tab", "tab", "enter")
        await pilot.pause()
        assert pilot.app.choices == [WelcomeChoice("quit")]


async def test_the_pasted_key_is_never_shown_in_clear() -> None:
    async with WelcomeApp().run_test(size=(120, 40)) as pilot:
        await paste(pilot, KEY)
        text = "\n".join(screen_lines(pilot.app))
        assert "•" * 20 in text
        assert SECRET[:8] not in text
        assert SECRET[-8:] not in text


async def test_a_warned_key_is_not_shown_in_clear_either() -> None:
    async with WelcomeApp().run_test(size=(120, 40)) as pilot:
        await paste(pilot, "local-server-key-42")
        await pilot.press("enter")
        await pilot.pause()
        assert "server-key" not in "\n".join(screen_lines(pilot.app))


def test_the_choice_keeps_the_key_out_of_its_repr() -> None:
    assert SECRET not in repr(WelcomeChoice("key", KEY))


async def test_everything_important_fits_at_80x24() -> None:
    async with WelcomeApp().run_test(size=(80, 24)) as pilot:
        await paste(pilot, "local-server-key-42")
        await pilot.press("enter")  # the warning line shows too
        await pilot.pause()
        text = "\n".join(screen_lines(pilot.app))
    for shown in (
        "Welcome to Parley",
        "export OPENROUTER_API_KEY=sk-or-…",
        KEYS_URL,
        "parley --base-url http://localhost:11434/v1",
        "Press enter again",
        "~/.config/parley/config.toml, readable by you only",
        "Save key",
        "Try the demo",
        "Quit",
        "tab next",
    ):
        assert shown in text, shown


async def test_before_saving_the_path_is_where_the_key_will_go_not_where_it_went() -> None:
    async with WelcomeApp().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        text = " ".join(screen_lines(pilot.app))
    assert "Saved to" not in text
    assert "will be saved to ~/.config/parley/config.toml" in text


async def test_focus_starts_in_the_key_field_ready_for_a_paste() -> None:
    async with WelcomeApp().run_test() as pilot:
        await pilot.pause()
        assert pilot.app.screen.focused == pilot.app.screen.query_one("#welcome-key", Input)


async def steady_cursor(pilot: Pilot[None]) -> None:
    await pilot.pause()
    pilot.app.screen.query_one("#welcome-key", Input).cursor_blink = False


async def type_a_local_key(pilot: Pilot[None]) -> None:
    await steady_cursor(pilot)
    await pilot.press(*"local-key", "enter")


def test_snapshot_first_run_at_120x40(snap_compare) -> None:
    """You should see a centred panel titled "Welcome to Parley": what Parley is and that the
    demo needs no key, the line `export OPENROUTER_API_KEY=sk-or-…`, where keys come from, the
    `--base-url` line for local servers, an empty focused key field with its placeholder, the
    config path `~/.config/parley/config.toml` (readable by you only), the buttons "Save key",
    "Try the demo" and "Quit", and a line of key hints."""
    assert snap_compare(WelcomeApp(), terminal_size=(120, 40), run_before=steady_cursor)


def test_snapshot_first_run_with_a_warning_at_80x24(snap_compare) -> None:
    """You should see the same welcome panel filling an 80x24 terminal with nothing cut off: the
    key field shows nine dots (never the key), and below it a warning that OpenRouter keys start
    with sk-or- and that enter again saves it anyway; the buttons and hints still show."""
    assert snap_compare(WelcomeApp(), terminal_size=(80, 24), run_before=type_a_local_key)
