"""The parameter sidebar: validation, unset, reset, nudging, support marks, API shape, presets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from typing import Any

import pytest
import pytest_asyncio
from textual import events
from textual.app import App, ComposeResult
from textual.message import Message
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from tui.api.params import PARAMS
from tui.paths import styles_dir
from tui.widgets.param_controls import Choice, nudged
from tui.widgets.sidebar import ParamSidebar

EVERYTHING: dict[str, Any] = {
    "temperature": 0.7,
    "top_p": 0.9,
    "top_k": 40,
    "max_tokens": 2048,
    "seed": -7,
    "frequency_penalty": -0.5,
    "presence_penalty": 0.25,
    "repetition_penalty": 1.1,
    "min_p": 0.05,
    "top_a": 0.1,
    "reasoning": {"effort": "low", "max_tokens": 512, "exclude": True},
    "stream": False,
    "models": ["anthropic/claude-3.5-sonnet", "openai/gpt-4o"],
    "provider": {"sort": "throughput", "allow_fallbacks": False, "data_collection": "deny"},
    "transforms": ["middle-out"],
}


class SidebarApp(App[None]):
    """A transcript stand-in with the sidebar docked right; records what the sidebar posts."""

    CSS = "ParamSidebar { dock: right; }"

    def __init__(self) -> None:
        super().__init__(css_path=styles_dir() / "sidebar.tcss")
        self.posted: list[Message] = []
        self.changed = asyncio.Event()

    def compose(self) -> ComposeResult:
        yield Static("transcript")
        yield ParamSidebar(debounce=0)

    def on_param_sidebar_changed(self, message: ParamSidebar.Changed) -> None:
        self.posted.append(message)
        self.changed.set()

    def on_param_sidebar_preset_chosen(self, message: ParamSidebar.PresetChosen) -> None:
        self.posted.append(message)

    def on_param_sidebar_preset_save_requested(
        self, message: ParamSidebar.PresetSaveRequested
    ) -> None:
        self.posted.append(message)

    @property
    def changes(self) -> list[ParamSidebar.Changed]:
        return [m for m in self.posted if isinstance(m, ParamSidebar.Changed)]


# One app for the module: a sidebar is ~100 widgets, and starting one per test would take
# most of the time. Each test gets it back empty, unfocused, with nothing recorded.
pytestmark = pytest.mark.asyncio(loop_scope="module")


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def running() -> AsyncIterator[Pilot]:
    async with SidebarApp().run_test(size=(100, 50)) as pilot:
        yield pilot


@pytest_asyncio.fixture(loop_scope="module")
async def pilot(running: Pilot) -> Pilot:
    sidebar = sidebar_of(running)
    running.app.screen.set_focus(None)
    sidebar.debounce = 0
    sidebar.set_presets(())
    sidebar.set_supported(None)
    sidebar.set_values({}, None)
    await running.pause()
    app_of(running).posted.clear()
    app_of(running).changed.clear()
    return running


def app_of(pilot: Pilot) -> SidebarApp:
    app = pilot.app
    assert isinstance(app, SidebarApp)
    return app


def sidebar_of(pilot: Pilot) -> ParamSidebar:
    return pilot.app.query_one(ParamSidebar)


async def start(pilot: Pilot, params: Mapping[str, Any], system: str | None = None) -> None:
    """Show ``params`` as the app would when a conversation opens."""
    sidebar_of(pilot).set_values(params, system)
    await pilot.pause()


async def type_into(pilot: Pilot, path: str, text: str) -> None:
    """Focus the field's input, select what it holds and type ``text`` over it, key by key."""
    field = sidebar_of(pilot).field(path)
    control = field.query_one(Input)
    control.focus()
    control.select_all()
    await pilot.press(*text) if text else await pilot.press("backspace")
    await pilot.pause()


async def focus(pilot: Pilot, path: str) -> None:
    field = sidebar_of(pilot).field(path)
    field.query(".param-control").first().focus()
    await pilot.pause()


async def paste_into(pilot: Pilot, path: str, text: str) -> None:
    """Paste ``text`` into the field's empty control, as a user pasting ids would."""
    await focus(pilot, path)
    pilot.app.focused.post_message(events.Paste(text))
    await pilot.pause()


def note_of(pilot: Pilot, path: str) -> str:
    return sidebar_of(pilot).field(path).note


# -- typing and validation -------------------------------------------------------------------


async def test_typing_a_valid_temperature_posts_changed_with_it(pilot: Pilot) -> None:
    await type_into(pilot, "temperature", "0.7")
    assert app_of(pilot).changes[-1].params == {"temperature": 0.7}
    assert app_of(pilot).changes[-1].system is None


async def test_an_out_of_range_value_is_explained_inline_and_marked(pilot: Pilot) -> None:
    await type_into(pilot, "temperature", "3")
    field = sidebar_of(pilot).field("temperature")
    assert field.has_class("-invalid")
    assert note_of(pilot, "temperature").startswith(
        "temperature must be a number from 0 to 2, got 3"
    )


async def test_an_invalid_value_is_not_applied_and_the_last_valid_one_stays(pilot: Pilot) -> None:
    await start(pilot, {"temperature": 0.7})
    await type_into(pilot, "temperature", "3")
    assert sidebar_of(pilot).values() == ({"temperature": 0.7}, None)
    assert app_of(pilot).changes == []
    assert "not applied; still 0.7" in note_of(pilot, "temperature")


async def test_the_sidebar_names_the_invalid_values_at_the_top(pilot: Pilot) -> None:
    await type_into(pilot, "top_p", "1.5")
    status = pilot.app.query_one("#param-invalid", Static)
    assert status.display
    assert "not applied (invalid): top_p" in str(status.content)


async def test_text_that_is_no_number_is_explained(pilot: Pilot) -> None:
    await type_into(pilot, "top_k", "ten")
    assert note_of(pilot, "top_k").startswith('top_k must be an integer of at least 0, got "ten"')


async def test_a_fractional_integer_parameter_is_refused(pilot: Pilot) -> None:
    await type_into(pilot, "max_tokens", "1.5")
    assert sidebar_of(pilot).field("max_tokens").has_class("-invalid")
    assert "must be an integer of at least 1, got 1.5" in note_of(pilot, "max_tokens")


async def test_fixing_the_value_replaces_the_message_with_the_doc(pilot: Pilot) -> None:
    await type_into(pilot, "temperature", "3")
    await type_into(pilot, "temperature", "1.5")
    assert not sidebar_of(pilot).field("temperature").has_class("-invalid")
    assert note_of(pilot, "temperature") == sidebar_of(pilot).field("temperature").doc
    assert not pilot.app.query_one("#param-invalid", Static).display


async def test_negative_numbers_can_be_typed(pilot: Pilot) -> None:
    await type_into(pilot, "frequency_penalty", "-1.5")
    assert sidebar_of(pilot).values() == ({"frequency_penalty": -1.5}, None)


async def test_every_number_field_shows_the_range_of_the_reference(pilot: Pilot) -> None:
    field = sidebar_of(pilot).field("presence_penalty")
    assert field.query_one(Input).placeholder == "unset · -2..2"
    assert PARAMS["presence_penalty"].doc in str(field.tooltip)


async def test_the_focused_field_shows_its_doc(pilot: Pilot) -> None:
    await focus(pilot, "min_p")
    assert PARAMS["min_p"].doc in note_of(pilot, "min_p")
    assert "(0..1; ↑↓ nudge)" in note_of(pilot, "min_p")


# -- unset and reset -------------------------------------------------------------------------


async def test_unset_parameters_are_not_sent(pilot: Pilot) -> None:
    assert sidebar_of(pilot).values() == ({}, None)


async def test_emptying_a_field_unsets_it(pilot: Pilot) -> None:
    await start(pilot, {"seed": 42, "top_k": 5})
    await type_into(pilot, "seed", "")
    assert app_of(pilot).changes[-1].params == {"top_k": 5}


@pytest.mark.parametrize("key", ["alt+u", "ctrl+delete"])
async def test_the_reset_key_unsets_the_focused_number(pilot: Pilot, key: str) -> None:
    await start(pilot, {"temperature": 0.7, "top_p": 0.9})
    await focus(pilot, "temperature")
    await pilot.press(key)
    await pilot.pause()
    assert sidebar_of(pilot).values() == ({"top_p": 0.9}, None)
    assert sidebar_of(pilot).field("temperature").query_one(Input).value == ""
    assert app_of(pilot).changes[-1].params == {"top_p": 0.9}


async def test_alt_u_from_a_terminal_unsets_without_typing_its_letter(pilot: Pilot) -> None:
    await start(pilot, {"temperature": 0.7, "seed": 3})
    await focus(pilot, "temperature")
    # A terminal sends alt+u with "u" as its character; pilot.press would send none.
    pilot.app.post_message(events.Key("alt+u", "u"))
    await pilot.pause()
    assert sidebar_of(pilot).field("temperature").query_one(Input).value == ""
    assert sidebar_of(pilot).values() == ({"seed": 3}, None)


async def test_the_reset_key_unsets_a_choice(pilot: Pilot) -> None:
    await start(pilot, {"reasoning": {"effort": "high", "exclude": True}})
    await focus(pilot, "reasoning.effort")
    await pilot.press("alt+u")
    await pilot.pause()
    assert sidebar_of(pilot).values() == ({"reasoning": {"exclude": True}}, None)


async def test_the_reset_key_clears_the_system_prompt(pilot: Pilot) -> None:
    await start(pilot, {}, "Be brief.")
    await focus(pilot, "system")
    await pilot.press("alt+u")
    await pilot.pause()
    assert sidebar_of(pilot).values() == ({}, None)


async def test_the_reset_key_clears_an_invalid_value_too(pilot: Pilot) -> None:
    await type_into(pilot, "temperature", "9")
    await pilot.press("alt+u")
    await pilot.pause()
    assert not sidebar_of(pilot).field("temperature").has_class("-invalid")


# -- nudging ---------------------------------------------------------------------------------


async def test_up_from_unset_starts_at_the_api_default(pilot: Pilot) -> None:
    await focus(pilot, "temperature")
    await pilot.press("up")
    await pilot.pause()
    assert sidebar_of(pilot).values() == ({"temperature": 1.0}, None)


async def test_up_and_down_nudge_by_a_step(pilot: Pilot) -> None:
    await start(pilot, {"temperature": 0.7})
    await focus(pilot, "temperature")
    await pilot.press("up", "up", "down")
    await pilot.pause()
    assert sidebar_of(pilot).values() == ({"temperature": 0.8}, None)
    assert sidebar_of(pilot).field("temperature").query_one(Input).value == "0.8"


async def test_nudging_stays_within_the_range(pilot: Pilot) -> None:
    await start(pilot, {"temperature": 1.95, "top_p": 0.02})
    await focus(pilot, "temperature")
    await pilot.press("up", "up", "shift+up")
    await focus(pilot, "top_p")
    await pilot.press("down", "shift+down")
    await pilot.pause()
    assert sidebar_of(pilot).values() == ({"temperature": 2.0, "top_p": 0.0}, None)


async def test_shift_nudges_ten_steps(pilot: Pilot) -> None:
    await start(pilot, {"top_k": 5})
    await focus(pilot, "top_k")
    await pilot.press("shift+up")
    await pilot.pause()
    assert sidebar_of(pilot).values() == ({"top_k": 15}, None)


async def test_nudging_an_out_of_range_value_brings_it_into_range(pilot: Pilot) -> None:
    await type_into(pilot, "temperature", "7")
    await pilot.press("down")
    await pilot.pause()
    assert sidebar_of(pilot).values() == ({"temperature": 2.0}, None)


@pytest.mark.parametrize(
    ("name", "current", "step", "steps", "expected"),
    [
        ("temperature", 0.73, 0.1, 1, 0.8),
        ("temperature", 0.73, 0.1, -1, 0.7),
        ("temperature", 0.7, 0.1, -1, 0.6),
        ("top_p", 0.95, 0.05, 1, 1.0),
        ("max_tokens", 1, 256, -1, 1),
        ("max_tokens", 1000, 256, 1, 1024),
        ("seed", -3, 1, -10, -13),
    ],
)
async def test_nudged_snaps_to_the_step_and_clamps(
    name: str, current: float, step: float, steps: int, expected: float
) -> None:
    assert nudged(PARAMS[name], current, 0, step, steps) == expected


async def test_nudged_from_unset_lands_on_the_start_whatever_the_direction() -> None:
    assert nudged(PARAMS["repetition_penalty"], None, 1.0, 0.05, -1) == 1.0


async def test_nudged_integers_stay_integers(pilot: Pilot) -> None:
    await focus(pilot, "max_tokens")
    await pilot.press("up", "up")
    await pilot.pause()
    params, _ = sidebar_of(pilot).values()
    assert params == {"max_tokens": 1280}
    assert isinstance(params["max_tokens"], int)


# -- what the model supports -----------------------------------------------------------------


async def test_unsupported_parameters_are_marked_and_left_out(pilot: Pilot) -> None:
    await start(pilot, {"temperature": 0.7, "top_a": 0.1})
    sidebar = sidebar_of(pilot)
    sidebar.set_supported(["temperature", "max_tokens"])
    await pilot.pause()
    assert sidebar.field("top_a").has_class("-unsupported")
    assert sidebar.values() == ({"temperature": 0.7}, None)
    assert sidebar.excluded() == ["top_a"]
    assert note_of(pilot, "top_a") == "not supported by this model — left out"


async def test_the_sidebar_says_which_parameters_are_left_out(pilot: Pilot) -> None:
    await start(pilot, {"top_a": 0.1, "seed": 3})
    sidebar_of(pilot).set_supported(["temperature"])
    await pilot.pause()
    notes = str(pilot.app.query_one("#param-notes", Static).content)
    assert "left out, not supported by this model: seed, top_a" in notes


async def test_changes_carry_the_excluded_parameters(pilot: Pilot) -> None:
    await start(pilot, {"top_a": 0.1})
    sidebar_of(pilot).set_supported(["temperature"])
    await type_into(pilot, "temperature", "0.5")
    assert app_of(pilot).changes[-1].params == {"temperature": 0.5}
    assert app_of(pilot).changes[-1].excluded == ("top_a",)


async def test_unknown_support_marks_nothing(pilot: Pilot) -> None:
    await start(pilot, {"top_a": 0.1})
    sidebar = sidebar_of(pilot)
    sidebar.set_supported(["temperature"])
    sidebar.set_supported(None)
    await pilot.pause()
    assert not sidebar.query(".-unsupported")
    assert sidebar.values() == ({"top_a": 0.1}, None)


async def test_openrouters_own_fields_are_never_left_out(pilot: Pilot) -> None:
    await start(pilot, EVERYTHING, "sys")
    sidebar = sidebar_of(pilot)
    sidebar.set_supported(["temperature"])
    params, system = sidebar.values()
    assert set(params) == {"temperature", "stream", "models", "provider", "transforms"}
    assert system == "sys"


async def test_set_supported_posts_nothing(pilot: Pilot) -> None:
    await start(pilot, {"top_a": 0.1})
    sidebar_of(pilot).set_supported(["temperature"])
    await pilot.pause()
    assert app_of(pilot).changes == []


# -- set_values and values -------------------------------------------------------------------


async def test_set_values_round_trips_through_values(pilot: Pilot) -> None:
    await start(pilot, EVERYTHING, "You are terse.\nVery terse.")
    assert sidebar_of(pilot).values() == (EVERYTHING, "You are terse.\nVery terse.")


async def test_set_values_posts_nothing(pilot: Pilot) -> None:
    await start(pilot, EVERYTHING, "sys")
    sidebar_of(pilot).set_values({"temperature": 1.2}, None)
    await pilot.pause()
    assert app_of(pilot).changes == []


async def test_set_values_replaces_everything_shown(pilot: Pilot) -> None:
    await start(pilot, EVERYTHING, "sys")
    sidebar_of(pilot).set_values({"seed": 1}, None)
    assert sidebar_of(pilot).values() == ({"seed": 1}, None)


async def test_an_invalid_value_given_to_set_values_is_shown_but_not_applied(pilot: Pilot) -> None:
    await start(pilot, {"temperature": 5, "seed": 1})
    assert sidebar_of(pilot).field("temperature").has_class("-invalid")
    assert sidebar_of(pilot).values() == ({"seed": 1}, None)


async def test_parameters_without_a_control_are_kept_and_named(pilot: Pilot) -> None:
    kept = {"logit_bias": {"50256": -100.0}, "provider": {"order": ["OpenAI"], "sort": "price"}}
    await start(pilot, kept)
    assert sidebar_of(pilot).values() == (kept, None)
    notes = str(pilot.app.query_one("#param-notes", Static).content)
    assert "also sent: logit_bias, provider.order" in notes


async def test_values_are_copies_the_caller_may_change(pilot: Pilot) -> None:
    await start(pilot, {"models": ["a/b"]})
    params, _ = sidebar_of(pilot).values()
    params["models"].append("c/d")
    assert sidebar_of(pilot).values() == ({"models": ["a/b"]}, None)


async def test_a_nested_field_the_reference_does_not_know_is_named_not_kept(
    pilot: Pilot,
) -> None:
    await start(pilot, {"reasoning": {"effort": "low", "budget": 5}})
    assert sidebar_of(pilot).values() == ({"reasoning": {"effort": "low"}}, None)
    notes = str(pilot.app.query_one("#param-notes", Static).content)
    assert "ignored (invalid): reasoning.budget" in notes


# -- the system prompt -----------------------------------------------------------------------


async def test_typing_a_system_prompt_posts_it(pilot: Pilot) -> None:
    await focus(pilot, "system")
    await pilot.press("H", "i", "enter", "!")
    await pilot.pause()
    assert app_of(pilot).changes[-1].system == "Hi\n!"
    assert app_of(pilot).changes[-1].params == {}


async def test_a_blank_system_prompt_is_unset(pilot: Pilot) -> None:
    await start(pilot, {}, "x")
    sidebar_of(pilot).field("system").query_one(TextArea).load_text("   \n ")
    await pilot.pause()
    assert sidebar_of(pilot).values() == ({}, None)


# -- reasoning, provider, models and transforms in API shape ---------------------------------


async def test_choosing_an_effort_with_the_keyboard_sends_reasoning(pilot: Pilot) -> None:
    await focus(pilot, "reasoning.effort")
    await pilot.press("right", "right")  # unset → high → medium
    await pilot.pause()
    assert app_of(pilot).changes[-1].params == {"reasoning": {"effort": "medium"}}


async def test_stepping_past_the_last_choice_comes_back_to_unset(pilot: Pilot) -> None:
    await start(pilot, {"reasoning": {"effort": "low"}})
    await focus(pilot, "reasoning.effort")
    await pilot.press("down")
    await pilot.pause()
    assert sidebar_of(pilot).values() == ({}, None)


async def test_a_letter_picks_the_choice_starting_with_it(pilot: Pilot) -> None:
    await focus(pilot, "provider.data_collection")
    await pilot.press("d")
    await pilot.pause()
    assert sidebar_of(pilot).values() == ({"provider": {"data_collection": "deny"}}, None)


def choose(pilot: Pilot, path: str, value: Any) -> None:
    sidebar_of(pilot).field(path).query_one(Choice).select(value)


async def test_reasoning_fields_share_one_object(pilot: Pilot) -> None:
    choose(pilot, "reasoning.exclude", True)
    await type_into(pilot, "reasoning.max_tokens", "800")
    assert app_of(pilot).changes[-1].params == {"reasoning": {"max_tokens": 800, "exclude": True}}


async def test_provider_preferences_are_one_object(pilot: Pilot) -> None:
    choose(pilot, "provider.sort", "latency")
    choose(pilot, "provider.data_collection", "deny")
    choose(pilot, "provider.allow_fallbacks", False)
    await pilot.pause()
    assert app_of(pilot).changes[-1].params == {
        "provider": {"sort": "latency", "allow_fallbacks": False, "data_collection": "deny"}
    }


async def test_stream_off_is_sent_as_false(pilot: Pilot) -> None:
    await focus(pilot, "stream")
    await pilot.press("left")  # unset → off (the last option)
    await pilot.pause()
    assert app_of(pilot).changes[-1].params == {"stream": False}


async def test_fallback_models_are_a_list_of_ids(pilot: Pilot) -> None:
    await paste_into(pilot, "models", "openai/gpt-4o, mistralai/mistral-large,")
    assert app_of(pilot).changes[-1].params == {
        "models": ["openai/gpt-4o", "mistralai/mistral-large"]
    }


async def test_a_model_id_with_a_space_is_explained(pilot: Pilot) -> None:
    await paste_into(pilot, "models", "openai/gpt 4o")
    assert sidebar_of(pilot).field("models").has_class("-invalid")
    assert "'openai/gpt 4o'" in note_of(pilot, "models")


async def test_transforms_are_a_list(pilot: Pilot) -> None:
    await paste_into(pilot, "transforms", "middle-out")
    assert app_of(pilot).changes[-1].params == {"transforms": ["middle-out"]}


# -- posting ---------------------------------------------------------------------------------


async def test_typing_is_debounced_into_one_change(pilot: Pilot) -> None:
    sidebar_of(pilot).debounce = 60
    await type_into(pilot, "temperature", "0.75")
    assert app_of(pilot).changes == []
    sidebar_of(pilot).flush()
    await pilot.pause()
    assert [change.params for change in app_of(pilot).changes] == [{"temperature": 0.75}]


async def test_the_debounced_change_is_posted_once_typing_stops(pilot: Pilot) -> None:
    sidebar_of(pilot).debounce = 0.05
    await type_into(pilot, "seed", "5")
    await asyncio.wait_for(app_of(pilot).changed.wait(), timeout=5)
    assert app_of(pilot).changes[-1].params == {"seed": 5}


async def test_set_values_drops_a_pending_change(pilot: Pilot) -> None:
    sidebar_of(pilot).debounce = 60
    await type_into(pilot, "seed", "5")
    await start(pilot, {"top_k": 3})
    sidebar_of(pilot).flush()
    await pilot.pause()
    assert app_of(pilot).changes == []


async def test_an_edit_that_leaves_the_value_as_it_was_posts_nothing(pilot: Pilot) -> None:
    await start(pilot, {"temperature": 0.7})
    await focus(pilot, "temperature")
    await pilot.press("end", "0")
    await pilot.pause()
    assert sidebar_of(pilot).field("temperature").query_one(Input).value == "0.70"
    assert app_of(pilot).changes == []


async def test_every_control_is_reachable_by_tab(pilot: Pilot) -> None:
    sidebar = sidebar_of(pilot)
    controls = {
        *sidebar.query(Input),
        *sidebar.query(Select),
        *sidebar.query(Choice),
        *sidebar.query(TextArea),
    }
    # tab and shift+tab walk the screen's focus chain.
    assert controls <= set(pilot.app.screen.focus_chain)


async def test_tab_moves_from_one_field_to_the_next(pilot: Pilot) -> None:
    await focus(pilot, "temperature")
    await pilot.press("tab")
    assert pilot.app.focused is sidebar_of(pilot).field("top_p").query_one(Input)


# -- presets ---------------------------------------------------------------------------------


def chosen_presets(pilot: Pilot) -> list[str]:
    posted = app_of(pilot).posted
    return [m.name for m in posted if isinstance(m, ParamSidebar.PresetChosen)]


async def test_choosing_a_preset_posts_its_name(pilot: Pilot) -> None:
    sidebar_of(pilot).set_presets(["creative", "précis"])
    pilot.app.query_one("#preset-select", Select).focus()
    await pilot.press("enter", "down", "down", "enter")
    await pilot.pause()
    assert chosen_presets(pilot) == ["précis"]


async def test_save_as_posts_the_name_with_every_parameter_shown(pilot: Pilot) -> None:
    await start(pilot, {"temperature": 0.3, "top_a": 0.1}, "Be brief.")
    sidebar_of(pilot).set_supported(["temperature"])
    pilot.app.query_one("#preset-name", Input).focus()
    await pilot.press("m", "y", "space", "p", "enter")
    await pilot.pause()
    posted = app_of(pilot).posted
    (saved,) = [m for m in posted if isinstance(m, ParamSidebar.PresetSaveRequested)]
    assert (saved.name, saved.params, saved.system) == (
        "my p",
        {"temperature": 0.3, "top_a": 0.1},
        "Be brief.",
    )


async def test_save_as_without_a_name_posts_nothing(pilot: Pilot) -> None:
    pilot.app.query_one("#preset-name", Input).focus()
    await pilot.press("space", "enter")
    await pilot.pause()
    assert app_of(pilot).posted == []


async def test_set_presets_replaces_the_names_offered(pilot: Pilot) -> None:
    sidebar_of(pilot).set_presets(["old"])
    sidebar_of(pilot).set_presets(["new", "newer"])
    pilot.app.query_one("#preset-select", Select).focus()
    await pilot.press("enter", "down", "enter")
    await pilot.pause()
    assert chosen_presets(pilot) == ["new"]
