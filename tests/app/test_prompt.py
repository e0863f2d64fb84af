"""The prompt editor: sending, new lines, paste, history, load, busy, height, escape, keys."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.pilot import Pilot
from textual.widgets import Static

from tui.paths import styles_dir
from tui.widgets.prompt import PromptEditor


class PromptApp(App[None]):
    """A transcript stand-in above the editor; records what the editor sends."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "leave", "Leave")]

    def __init__(self, history: list[str] | None = None) -> None:
        super().__init__(css_path=styles_dir() / "prompt.tcss")
        self.initial_history = history or []
        self.sent: list[PromptEditor.Submitted] = []
        self.left = 0

    def compose(self) -> ComposeResult:
        yield Static("transcript")
        yield PromptEditor()

    def on_mount(self) -> None:
        editor = self.query_one(PromptEditor)
        editor.set_history(self.initial_history)
        editor.focus()

    def on_prompt_editor_submitted(self, message: PromptEditor.Submitted) -> None:
        self.sent.append(message)

    def action_leave(self) -> None:
        self.left += 1

    @property
    def texts(self) -> list[str]:
        return [message.text for message in self.sent]


def editor_of(pilot: Pilot) -> PromptEditor:
    return pilot.app.query_one(PromptEditor)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` key by key, as a user would."""
    await pilot.press(*text)


# -- sending ---------------------------------------------------------------------------------


async def test_enter_sends_exactly_the_typed_text() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        await type_text(pilot, "Hi, SSE?")
        await pilot.press("enter")
        await pilot.pause()
        assert app.texts == ["Hi, SSE?"]


async def test_sending_clears_the_editor() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        editor_of(pilot).load("hello")
        await pilot.press("enter")
        assert editor_of(pilot).text == ""


async def test_submitted_names_the_editor_as_its_control() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        editor_of(pilot).load("hi")
        await pilot.press("enter")
        await pilot.pause()
        assert app.sent[0].control is editor_of(pilot)


async def test_blank_prompt_is_not_sent() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        await pilot.press("space", "ctrl+j", "space", "enter")
        await pilot.pause()
        assert app.sent == []


async def test_undo_after_sending_brings_the_text_back() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        editor_of(pilot).load("keep me")
        await pilot.press("enter", "ctrl+z")
        assert editor_of(pilot).text == "keep me"


# -- new lines and paste ---------------------------------------------------------------------


async def test_ctrl_j_inserts_a_newline_without_sending() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        await pilot.press("a", "ctrl+j", "b")
        await pilot.pause()
        assert (editor_of(pilot).text, app.sent) == ("a\nb", [])


async def test_shift_enter_inserts_a_newline_without_sending() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        await pilot.press("a", "shift+enter", "b")
        await pilot.pause()
        assert (editor_of(pilot).text, app.sent) == ("a\nb", [])


async def test_newline_then_enter_sends_both_lines() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        await pilot.press("a", "ctrl+j", "b", "enter")
        await pilot.pause()
        assert app.texts == ["a\nb"]


async def test_pasted_newlines_stay_in_the_editor_and_nothing_is_sent() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        app.post_message(events.Paste("first line\nsecond line\n"))
        await pilot.pause()
        assert (editor_of(pilot).text, app.sent) == ("first line\nsecond line\n", [])


# -- history ---------------------------------------------------------------------------------


async def test_up_on_the_first_line_recalls_the_newest_prompt() -> None:
    app = PromptApp(history=["oldest", "newest"])
    async with app.run_test() as pilot:
        await pilot.press("up")
        assert editor_of(pilot).text == "newest"


async def test_up_again_walks_back_and_stops_at_the_oldest() -> None:
    app = PromptApp(history=["oldest", "middle", "newest"])
    async with app.run_test() as pilot:
        await pilot.press("up", "up", "up", "up")
        assert editor_of(pilot).text == "oldest"


async def test_down_walks_forward_to_the_newer_prompt() -> None:
    app = PromptApp(history=["oldest", "newest"])
    async with app.run_test() as pilot:
        await pilot.press("up", "up", "down")
        assert editor_of(pilot).text == "newest"


async def test_walking_past_the_newest_restores_the_draft() -> None:
    app = PromptApp(history=["oldest", "newest"])
    async with app.run_test() as pilot:
        editor_of(pilot).load("half a thought")
        await pilot.press("up", "up", "down", "down")
        assert editor_of(pilot).text == "half a thought"


async def test_sending_an_edited_recall_sends_the_edited_text() -> None:
    app = PromptApp(history=["tell me a joke"])
    async with app.run_test() as pilot:
        await pilot.press("up", "backspace", "backspace", "backspace", "backspace", "X")
        await pilot.press("enter")
        await pilot.pause()
        assert app.texts == ["tell me a X"]


async def test_edits_to_a_recalled_prompt_survive_walking_away_and_back() -> None:
    app = PromptApp(history=["first", "second"])
    async with app.run_test() as pilot:
        await pilot.press("up", "up", "exclamation_mark", "down", "up")
        assert editor_of(pilot).text == "first!"


async def test_sending_a_recalled_prompt_brings_back_the_draft() -> None:
    app = PromptApp(history=["again"])
    async with app.run_test() as pilot:
        editor_of(pilot).load("draft")
        await pilot.press("up", "enter")
        await pilot.pause()
        assert (app.texts, editor_of(pilot).text) == (["again"], "draft")


async def test_remember_adds_the_prompt_as_the_newest() -> None:
    app = PromptApp(history=["old"])
    async with app.run_test() as pilot:
        editor_of(pilot).remember("just sent")
        await pilot.press("up")
        assert editor_of(pilot).text == "just sent"


async def test_remember_skips_a_repeat_of_the_newest() -> None:
    app = PromptApp(history=["same"])
    async with app.run_test() as pilot:
        editor_of(pilot).remember("same")
        assert editor_of(pilot).prompts == ["same"]


async def test_up_inside_multiline_text_moves_the_cursor() -> None:
    app = PromptApp(history=["from history"])
    async with app.run_test() as pilot:
        editor_of(pilot).load("one\ntwo")
        await pilot.press("up")
        editor = editor_of(pilot)
        assert (editor.text, editor.cursor_location[0]) == ("one\ntwo", 0)


async def test_down_above_the_last_line_moves_the_cursor() -> None:
    app = PromptApp(history=["line one\nline two"])
    async with app.run_test() as pilot:
        await pilot.press("up", "up", "down")
        editor = editor_of(pilot)
        assert (editor.text, editor.cursor_location[0]) == ("line one\nline two", 1)


async def test_up_on_the_first_line_of_a_recalled_multiline_prompt_walks_on() -> None:
    app = PromptApp(history=["older", "line one\nline two"])
    async with app.run_test() as pilot:
        await pilot.press("up", "up", "up")
        assert editor_of(pilot).text == "older"


# -- load and busy ---------------------------------------------------------------------------


async def test_load_places_the_cursor_at_the_end() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        editor = editor_of(pilot)
        editor.load("edit me\nand resend")
        assert (editor.text, editor.cursor_location) == ("edit me\nand resend", (1, 10))


async def test_busy_adds_the_busy_class() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        editor = editor_of(pilot)
        editor.busy = True
        assert editor.has_class("-busy")


async def test_not_busy_removes_the_busy_class() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        editor = editor_of(pilot)
        editor.busy = True
        editor.busy = False
        assert not editor.has_class("-busy")


async def test_enter_while_busy_still_sends() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        editor_of(pilot).busy = True
        await pilot.press("n", "enter")
        await pilot.pause()
        assert app.texts == ["n"]


# -- height ----------------------------------------------------------------------------------


async def test_one_line_prompt_is_three_rows_tall() -> None:
    app = PromptApp()
    async with app.run_test(size=(80, 40)) as pilot:
        assert editor_of(pilot).outer_size.height == 3


async def test_editor_grows_with_each_line() -> None:
    app = PromptApp()
    async with app.run_test(size=(80, 40)) as pilot:
        editor_of(pilot).load("a\nb\nc")
        await pilot.pause()
        assert editor_of(pilot).outer_size.height == 5


async def test_long_line_wraps_instead_of_scrolling_sideways() -> None:
    app = PromptApp()
    async with app.run_test(size=(40, 40)) as pilot:
        editor = editor_of(pilot)
        editor.load("word " * 20)
        await pilot.pause()
        assert (editor.outer_size.height > 3, editor.max_scroll_x) == (True, 0)


async def test_editor_height_is_capped() -> None:
    app = PromptApp()
    async with app.run_test(size=(80, 60)) as pilot:
        editor_of(pilot).load("\n".join(str(n) for n in range(30)))
        await pilot.pause()
        assert editor_of(pilot).outer_size.height == PromptEditor.MAX_HEIGHT


async def test_editor_takes_at_most_a_third_of_a_short_terminal() -> None:
    app = PromptApp()
    async with app.run_test(size=(80, 18)) as pilot:
        editor_of(pilot).load("\n".join(str(n) for n in range(30)))
        await pilot.pause()
        assert editor_of(pilot).outer_size.height == 6


async def test_editor_shrinks_after_sending() -> None:
    app = PromptApp()
    async with app.run_test(size=(80, 40)) as pilot:
        editor_of(pilot).load("a\nb\nc")
        await pilot.press("enter")
        await pilot.pause()
        assert editor_of(pilot).outer_size.height == 3


# -- escape and bindings ---------------------------------------------------------------------


async def test_escape_leaves_the_text_intact() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        editor_of(pilot).load("do not lose me")
        await pilot.press("escape")
        assert editor_of(pilot).text == "do not lose me"


async def test_escape_reaches_the_screen() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        await pilot.press("escape")
        assert app.left == 1


async def test_only_send_and_new_line_show_in_the_footer() -> None:
    shown = {binding.id for binding in PromptEditor.BINDINGS if binding.show}
    assert shown == {"prompt.send", "prompt.newline"}


async def test_a_keymap_can_move_send_to_another_key() -> None:
    app = PromptApp()
    async with app.run_test() as pilot:
        app.set_keymap({"prompt.send": "ctrl+s", "prompt.newline": "enter"})
        await pilot.press("a", "enter", "b", "ctrl+s")
        await pilot.pause()
        assert app.texts == ["a\nb"]


async def test_up_still_moves_the_cursor_when_a_keymap_moves_the_history_walk() -> None:
    app = PromptApp(history=["from history"])
    async with app.run_test() as pilot:
        app.set_keymap({"prompt.history_back": "ctrl+up"})
        editor_of(pilot).load("one\ntwo")
        await pilot.press("up")
        editor = editor_of(pilot)
        assert (editor.text, editor.cursor_location[0]) == ("one\ntwo", 0)
