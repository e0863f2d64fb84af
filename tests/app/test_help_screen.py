"""The help screen: generated from the bindings of the view it came from, grouped, closable."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.pilot import Pilot
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from tests.app.pilot_helpers import screen_lines
from tui.screens.help import HelpEntry, HelpScreen, help_entries_for


class Box(Static, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "zap", "Zap the box", id="box.zap"),
        Binding("y", "yank", "Yank the box", show=False, id="box.yank"),
    ]


class ChatLike(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_chat", "New chat", id="chat.new"),
        Binding("ctrl+j,shift+enter", "newline", "New line", id="chat.newline"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Some chat")
            yield Box("a box")


class Dialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close the dialog", id="dialog.close")
    ]


class HelpApp(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help", id="app.help"),
        Binding("ctrl+t", "nothing", "", id="app.undescribed"),
    ]

    def on_mount(self) -> None:
        self.push_screen(ChatLike())

    def action_help(self) -> None:
        self.push_screen(HelpScreen(help_entries_for(self.screen), "Help · Chat"))


class LongHelpApp(App[None]):
    def on_mount(self) -> None:
        entries = [HelpEntry(f"f{n}", f"Thing number {n}", f"thing_{n}") for n in range(30)]
        self.push_screen(HelpScreen([("Everywhere", entries)], "Help"))


def groups_by_title(groups: list[tuple[str, list[HelpEntry]]]) -> dict[str, list[HelpEntry]]:
    return dict(groups)


async def focus_box(pilot: Pilot[None]) -> None:
    await pilot.pause()
    pilot.app.screen.query_one(Box).focus()
    await pilot.pause()


async def test_help_groups_bindings_by_app_screen_and_focused_widget() -> None:
    async with HelpApp().run_test() as pilot:
        await focus_box(pilot)
        groups = help_entries_for(pilot.app.screen)
    assert [title for title, _ in groups] == ["Everywhere", "This view", "Box (focused)"]
    by_title = groups_by_title(groups)
    assert HelpEntry("f1", "Help", "help", "app.help") in by_title["Everywhere"]
    assert HelpEntry("^n", "New chat", "new_chat", "chat.new") in by_title["This view"]
    assert HelpEntry("x", "Zap the box", "zap", "box.zap") in by_title["Box (focused)"]


async def test_help_lists_hidden_bindings_too() -> None:
    async with HelpApp().run_test() as pilot:
        await focus_box(pilot)
        by_title = groups_by_title(help_entries_for(pilot.app.screen))
    assert HelpEntry("y", "Yank the box", "yank", "box.yank") in by_title["Box (focused)"]


async def test_help_skips_bindings_without_a_description() -> None:
    async with HelpApp().run_test() as pilot:
        await focus_box(pilot)
        groups = help_entries_for(pilot.app.screen)
    assert all(entry.action != "nothing" for _, entries in groups for entry in entries)


async def test_keys_of_one_action_share_a_line() -> None:
    async with HelpApp().run_test() as pilot:
        await pilot.pause()
        by_title = groups_by_title(help_entries_for(pilot.app.screen))
    newline = [entry for entry in by_title["This view"] if entry.action == "newline"]
    assert newline == [HelpEntry("^j, shift+⏎", "New line", "newline", "chat.newline")]


async def test_help_of_a_modal_lists_the_app_priority_keys_that_still_work_there() -> None:
    async with HelpApp().run_test() as pilot:
        await pilot.pause()
        await pilot.app.push_screen(Dialog())
        by_title = groups_by_title(help_entries_for(pilot.app.screen))
    assert HelpEntry("esc", "Close the dialog", "dismiss", "dialog.close") in by_title["This view"]
    actions = {entry.action for entry in by_title["Everywhere"]}
    assert "quit" in actions  # ctrl+q is a priority binding: it works over a modal
    assert "help" not in actions  # f1 is not: the modal swallows it


async def test_f1_shows_every_key_with_its_description() -> None:
    async with HelpApp().run_test(size=(100, 40)) as pilot:
        await focus_box(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        lines = [" ".join(line.split()) for line in screen_lines(pilot.app)]
    for shown in ("f1 Help", "^n New chat", "x Zap the box", "y Yank the box", "^q Quit"):
        assert any(shown in line for line in lines), shown


async def test_help_starts_with_the_keys_that_work_everywhere() -> None:
    async with HelpApp().run_test(size=(100, 40)) as pilot:
        await pilot.press("f1")
        await pilot.pause()
        text = " ".join(" ".join(screen_lines(pilot.app)).split())
    assert "Keys everywhere: ⏎ send · ^j new line · esc cancel / back" in text
    assert "^p command palette · ^q quit" in text


@pytest.mark.parametrize("key", ["escape", "f1", "q"])
async def test_help_closes_on(key: str) -> None:
    async with HelpApp().run_test() as pilot:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(pilot.app.screen, HelpScreen)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(pilot.app.screen, ChatLike)


async def test_a_long_help_scrolls_to_its_last_key_at_80x24() -> None:
    async with LongHelpApp().run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        body = pilot.app.screen.query_one("#help-body", VerticalScroll)
        assert body.has_focus
        assert not any("Thing number 29" in line for line in screen_lines(pilot.app))
        await pilot.press("end")
        await pilot.wait_for_scheduled_animations()  # the scroll glides; a busy machine lags
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y > 0
        assert any("Thing number 29" in line for line in screen_lines(pilot.app))


def test_snapshot_help_at_120x40(snap_compare) -> None:
    """You should see a centred panel titled "Help · Chat" over a chat-like view: a "Keys
    everywhere" note, then the groups "Everywhere" (^q Quit, f1 Help, ^p palette), "This view"
    (tab, shift+tab, copy, ^n New chat, ^j/shift+⏎ New line) and "Box (focused)" (x Zap the box,
    y Yank the box), keys right-aligned in bold, and a close/scroll hint in the bottom border."""
    assert snap_compare(HelpApp(), terminal_size=(120, 40), run_before=open_help_on_the_box)


def test_snapshot_help_at_80x24(snap_compare) -> None:
    """You should see the same help panel over most of an 80x24 terminal: the two-line note
    and all three groups readable, keys right-aligned, nothing cut at the edges, and the hint in
    the bottom border."""
    assert snap_compare(HelpApp(), terminal_size=(80, 24), run_before=open_help_on_the_box)


async def open_help_on_the_box(pilot: Pilot[None]) -> None:
    await focus_box(pilot)
    await pilot.press("f1")
