"""Lists and dialogs that say what they do: model pickers for ctrl+o and comparing, a footer
that keeps help and quit, panels over a narrow chat, the palette, [keys] and presets hints."""

from __future__ import annotations

import itertools

import pytest
from textual.widgets import Input, Select

from tests.app.pilot_helpers import ask, catalog_loaded, chat_requests, send, settle, wait_until
from tui.screens.compare import CompareScreen
from tui.screens.dialogs import InputDialog
from tui.screens.help import HelpScreen
from tui.screens.picker import ModelPicker
from tui.screens.picker_many import ModelsPicker
from tui.widgets.footer import KeyFooter, footer_keys
from tui.widgets.model_table import ModelTable

# -- pickers instead of bare text fields ----------------------------------------------------


async def test_ctrl_o_without_fallbacks_opens_the_model_picker(build_app, simulator):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(120, 40)) as pilot:
        await ask(pilot, "hello")
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelPicker | InputDialog))
        assert type(app.screen) is ModelPicker
        await pilot.press(*"claude 3.5")
        await pilot.press("enter")
        await settle(pilot)
        assert chat_requests(simulator)[-1].body["model"] == "anthropic/claude-3.5-sonnet"


async def test_compare_models_from_the_palette_chooses_in_the_picker(build_app):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(120, 40)) as pilot:
        await catalog_loaded(pilot)
        await app.action_compare()
        await wait_until(pilot, lambda: isinstance(app.screen, ModelPicker | InputDialog))
        picker = app.screen
        assert isinstance(picker, ModelsPicker) and picker.chosen == ["sim/echo"]
        await pilot.press("enter")  # one model is not a comparison
        assert app.screen is picker
        await pilot.press(*"claude", "space")
        assert picker.chosen == ["sim/echo", "anthropic/claude-3.5-sonnet"]
        assert picker.query_one(Input).value == "claude"  # space chose, it typed nothing
        assert "anthropic/claude-3.5-sonnet" in picker.query_one(ModelTable).chosen
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
        assert [lane.model for lane in app.screen.lanes] == [
            "sim/echo",
            "anthropic/claude-3.5-sonnet",
        ]


# -- the footer and the side panels at 80 columns --------------------------------------------


@pytest.mark.parametrize("width", [60, 80, 120])
async def test_the_footer_keeps_help_and_quit_at_any_width(build_app, width):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        for opened in ((), ("f2",)):
            await pilot.press(*opened)
            await pilot.pause()
            keys = list(footer_keys(app.screen.query_one(KeyFooter)))
            assert "f1" in keys and "^q" in keys
            shown = app.screen.query_one(KeyFooter).keys
            assert all(0 <= key.start < key.end <= width for key in shown)
            assert all(a.end <= b.start for a, b in itertools.pairwise(shown))  # none overlap


async def test_the_comparison_footer_keeps_help_and_quit_at_80_columns(build_app):
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_comparison(["sim/echo", "openai/gpt-4o"])
        await wait_until(pilot, lambda: isinstance(app.screen, CompareScreen))
        await pilot.pause()
        keys = list(footer_keys(app.screen.query_one(KeyFooter)))
        assert "f1" in keys and "^q" in keys


@pytest.mark.parametrize(("width", "beside"), [(80, False), (160, True)])
async def test_side_panels_lie_over_a_narrow_chat(build_app, width, beside):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(width, 24)) as pilot:
        screen = app.screen
        if not beside:
            await pilot.press("f5")
        await wait_until(pilot, lambda: screen.sidebar_widget is not None)
        await wait_until(pilot, lambda: screen.sidebar.has_class("-open"))
        await pilot.pause()
        chat_width = screen.query_one("#chat-main").region.width
        sidebar_width = screen.sidebar.region.width
        assert (chat_width == width - sidebar_width) if beside else (chat_width == width)


# -- the palette, [keys], presets, the picker's age ------------------------------------------


def palette_titles(app) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


async def test_the_palette_offers_cancel_only_while_an_answer_streams(build_app):
    app = build_app(model="sim/slow:tps=60,tokens=3000")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = palette_titles(app)
        assert "Cancel stream" not in titles
        assert titles.count("Help") == 1 and "Keys" not in titles
        await send(pilot, "long")
        await wait_until(pilot, lambda: app.screen.streaming)
        assert "Cancel stream" in palette_titles(app)
        await app.screen.stop_streaming()


async def test_unknown_key_ids_in_config_are_named_in_a_warning(build_app):
    app = build_app(keys={"chat.regenrate": "f8", "chat.new": "f9"})
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        warnings = [n.message for n in app._notifications if n.severity == "warning"]
        assert len(warnings) == 1
        assert "chat.regenrate" in warnings[0] and "chat.new" not in warnings[0]


async def test_help_shows_each_bindings_id_for_the_keys_table(build_app):
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        entries = {e.description: e.binding_id for _, group in app.screen.groups for e in group}
        assert entries["Retry"] == "chat.regenerate" and entries["Quit"] == "app.quit"


async def test_an_empty_presets_list_says_how_to_make_one(build_app):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.sidebar_widget is not None)
        select = screen.sidebar.query_one("#preset-select", Select)
        assert "no presets" in select.prompt and "save" in select.prompt


async def test_the_picker_tells_the_lists_age_once_in_one_wording(build_app):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await catalog_loaded(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelPicker))
        picker = app.screen
        assert "list from" not in picker.note and "ago" not in picker.note
        assert "listed just now" in picker.query_one(ModelTable).status
