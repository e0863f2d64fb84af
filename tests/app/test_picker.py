"""The model picker: fuzzy filtering, sorting, favourites and recents, picking, cancelling."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.style import Style
from textual.app import App

from tui.api.types import ModelInfo
from tui.screens.picker import ModelPicker
from tui.widgets.model_details import ModelDetails
from tui.widgets.model_table import ModelTable

NOW = 1_750_000_000.0
GPT4O = ModelInfo(
    id="openai/gpt-4o",
    name="OpenAI: GPT-4o",
    description="GPT-4o is OpenAI's flagship model, with text and image input.",
    context_length=128_000,
    prompt_price=2.5e-6,
    completion_price=1e-5,
    supported_parameters=("max_tokens", "temperature", "top_p", "seed"),
    modality="text+image->text",
    max_completion_tokens=16_384,
    is_moderated=True,
)
# (id, name, context, prompt price, completion price, modality)
# fmt: off
_MORE = [
    ("openai/gpt-4o-mini", "OpenAI: GPT-4o-mini", 128_000, 1.5e-7, 6e-7, "text+image->text"),
    ("anthropic/claude-3.5-sonnet", "Anthropic: Claude 3.5 Sonnet", 200_000, 3e-6, 1.5e-5, "text+image->text"),  # noqa: E501
    ("meta-llama/llama-3.1-8b-instruct:free", "Meta: Llama 3.1 8B Instruct (free)", 131_072, 0.0, 0.0, "text->text"),  # noqa: E501
    ("google/gemini-flash-1.5", "Google: Gemini 1.5 Flash", 1_000_000, 7.5e-8, 3e-7, "text+image->text"),  # noqa: E501
    ("deepseek/deepseek-r1", "DeepSeek: R1", 163_840, 5.5e-7, 2.19e-6, "text->text"),
    ("mistralai/mistral-large", "Mistral Large 2411", 128_000, 2e-6, 6e-6, "text->text"),
]
# fmt: on
MODELS = [
    GPT4O,
    *(
        ModelInfo(
            id,
            name,
            context_length=context,
            prompt_price=prompt,
            completion_price=completion,
            modality=modality,
        )
        for id, name, context, prompt, completion, modality in _MORE
    ),
]


class PickerApp(App[None]):
    """Pushes one picker; keeps what it was dismissed with and the messages it posted."""

    def __init__(self, models: Sequence[ModelInfo] = MODELS, **options: Any) -> None:
        super().__init__()
        self.models = models
        self.options = {
            "current": None,
            "favourites": (),
            "recent": (),
            "fetched_at": NOW - 7200,
            "clock": lambda: NOW,
        } | options
        self.picked: list[str | None] = []
        self.toggled: list[tuple[str, bool]] = []

    def on_mount(self) -> None:
        self.push_screen(ModelPicker(self.models, **self.options), self.picked.append)

    def on_model_picker_favourite_toggled(self, event: ModelPicker.FavouriteToggled) -> None:
        self.toggled.append((event.model_id, event.favourite))


def table(app: App[None]) -> ModelTable:
    return app.screen.query_one(ModelTable)


def listed(app: App[None]) -> list[str]:
    return [row.model.id for row in table(app).rows]


def line(app: App[None], row: int) -> str:
    """The text painted for ``row`` (0 is the first model; the header is above it)."""
    return table(app).render_line(row + 1).text


def highlighted_chars(app: App[None], row: int) -> str:
    match = table(app).get_component_rich_style("model-table--match")
    strip = table(app).render_line(row + 1)
    return "".join(seg.text for seg in strip if _has(seg.style, match))


def _has(style: Style | None, wanted: Style) -> bool:
    return style is not None and style.underline == wanted.underline is True


async def test_typing_filters_the_list_fuzzily() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"cl35")
        assert listed(app)[0] == "anthropic/claude-3.5-sonnet"
        assert "openai/gpt-4o" not in listed(app)


async def test_matched_characters_are_highlighted() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"gpt4m")
        assert listed(app)[0] == "openai/gpt-4o-mini"
        assert highlighted_chars(app, 0) == "gpt4m"


async def test_the_name_matches_too() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"2411")
        assert listed(app) == ["mistralai/mistral-large", "2411"]
        assert table(app).rows[0].name_hits == (14, 15, 16, 17)  # "Mistral Large 2411"


async def test_the_count_says_how_many_match_and_how_old_the_list_is() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        assert table(app).status == "7 models · listed 2 h ago"
        await pilot.press(*"gpt")
        assert table(app).status == "2 of 7 models · listed 2 h ago"


async def test_ctrl_s_sorts_by_price_then_context_then_name() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        assert listed(app)[0] == "anthropic/claude-3.5-sonnet"  # by name: "Anthropic: …"
        await pilot.press("ctrl+s")
        assert listed(app)[:2] == [
            "meta-llama/llama-3.1-8b-instruct:free",
            "google/gemini-flash-1.5",
        ]
        assert "sort: price" in app.screen.border_subtitle
        await pilot.press("ctrl+s")
        assert listed(app)[:2] == ["google/gemini-flash-1.5", "anthropic/claude-3.5-sonnet"]
        await pilot.press("ctrl+s")
        assert "sort: name" in app.screen.border_subtitle


async def test_sorting_applies_to_the_matches_of_a_filter() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"gpt", "ctrl+s")
        assert listed(app)[:2] == ["openai/gpt-4o-mini", "openai/gpt-4o"]


async def test_favourites_come_first_marked_with_a_star() -> None:
    app = PickerApp(favourites=["deepseek/deepseek-r1"])
    async with app.run_test(size=(120, 30)):
        assert listed(app)[0] == "deepseek/deepseek-r1"
        assert line(app, 0).startswith("★ deepseek/deepseek-r1")
        assert listed(app).count("deepseek/deepseek-r1") == 1


async def test_recently_used_come_after_favourites_newest_first() -> None:
    recent = ["google/gemini-flash-1.5", "openai/gpt-4o-mini"]
    app = PickerApp(favourites=["deepseek/deepseek-r1"], recent=recent)
    async with app.run_test(size=(120, 30)):
        assert listed(app)[:3] == ["deepseek/deepseek-r1", *recent]
        assert line(app, 1).startswith("↺ google/gemini-flash-1.5")


async def test_pinned_models_are_not_pinned_while_filtering() -> None:
    app = PickerApp(favourites=["deepseek/deepseek-r1"])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"claude")
        assert listed(app)[0] == "anthropic/claude-3.5-sonnet"


async def test_ctrl_f_stars_the_highlighted_model_and_says_so() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"gemini", "ctrl+f")
        assert app.toggled == [("google/gemini-flash-1.5", True)]
        assert line(app, 0).startswith("★")
        await pilot.press("ctrl+u")
        assert listed(app)[0] == "google/gemini-flash-1.5"  # pinned on top at once


async def test_ctrl_f_on_a_favourite_unstars_it() -> None:
    app = PickerApp(favourites=["deepseek/deepseek-r1"])
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("ctrl+f")
        assert app.toggled == [("deepseek/deepseek-r1", False)]
        assert listed(app)[0] != "deepseek/deepseek-r1"


async def test_enter_picks_the_highlighted_model() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"r1", "enter")
        assert app.picked == ["deepseek/deepseek-r1"]


async def test_arrows_move_the_highlight() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        second = listed(app)[1]
        await pilot.press("down", "down", "up", "enter")
        assert app.picked == [second]


async def test_escape_closes_without_picking() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"gpt", "escape")
        assert app.picked == [None]


async def test_the_current_model_is_highlighted_when_opened() -> None:
    app = PickerApp(current="google/gemini-flash-1.5")
    async with app.run_test(size=(120, 30)) as pilot:
        assert table(app).highlighted.model.id == "google/gemini-flash-1.5"
        await pilot.press("enter")
        assert app.picked == ["google/gemini-flash-1.5"]


async def test_a_typed_id_not_in_the_list_can_be_used_as_is() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"mistralai/ministral-8b")
        assert line(app, 0).strip() == "use “mistralai/ministral-8b” as a model id"
        await pilot.press("enter")
        assert app.picked == ["mistralai/ministral-8b"]


async def test_the_typed_id_row_comes_after_the_matches() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"gpt-4")
        assert listed(app) == ["openai/gpt-4o", "openai/gpt-4o-mini", "gpt-4"]
        await pilot.press("ctrl+end", "enter")
        assert app.picked == ["gpt-4"]


async def test_an_exact_id_offers_no_typed_id_row() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"openai/gpt-4o")
        assert "openai/gpt-4o" in listed(app)
        assert not any(row.custom for row in table(app).rows)


async def test_bare_ids_from_a_local_server_show_dashes_and_still_pick() -> None:
    app = PickerApp([ModelInfo(id="llama3.2:3b"), ModelInfo(id="qwen2.5-coder:7b")])
    async with app.run_test(size=(120, 30)) as pilot:
        assert line(app, 0).split() == ["llama3.2:3b", "—", "—", "—", "—"]
        await pilot.press(*"qwen", "enter")
        assert app.picked == ["qwen2.5-coder:7b"]


async def test_an_empty_list_says_to_type_an_id() -> None:
    app = PickerApp([], fetched_at=None)
    async with app.run_test(size=(120, 30)):
        assert "type a model id" in line(app, 0)
        assert table(app).status == "0 models · not cached"


async def test_the_details_pane_describes_the_highlighted_model() -> None:
    app = PickerApp(current="openai/gpt-4o")
    async with app.run_test(size=(130, 30)):
        text = " ".join(app.screen.query_one(ModelDetails).render().plain.split())
        assert "GPT-4o is OpenAI's flagship model" in text
        assert "max_tokens, temperature, top_p, seed" in text
        assert "128,000 tokens (128k)" in text
        assert "16,384 max output · moderated" in text
        assert "$2.50 in · $10.00 out per M" in text
        assert "current" in text


async def test_the_details_pane_follows_the_highlight() -> None:
    app = PickerApp()
    async with app.run_test(size=(130, 30)) as pilot:
        await pilot.press(*"r1")
        details = app.screen.query_one(ModelDetails)
        assert details.model is not None and details.model.id == "deepseek/deepseek-r1"


async def test_details_are_hidden_at_narrow_widths_and_toggled_with_ctrl_d() -> None:
    app = PickerApp()
    async with app.run_test(size=(80, 24)) as pilot:
        details = app.screen.query_one(ModelDetails)
        assert not details.display
        await pilot.press("ctrl+d")
        assert details.display
        await pilot.press("ctrl+d")
        assert not details.display


async def test_ctrl_d_hides_the_details_on_a_wide_terminal() -> None:
    app = PickerApp()
    async with app.run_test(size=(130, 30)) as pilot:
        details = app.screen.query_one(ModelDetails)
        assert details.display
        await pilot.press("ctrl+d")
        assert not details.display


async def test_a_note_is_shown_above_the_filter() -> None:
    app = PickerApp(note="offline: list from 2 days ago")
    async with app.run_test(size=(80, 24)):
        note = app.screen.query_one("#picker-note")
        assert note.display
        assert str(note.render()) == "offline: list from 2 days ago"


async def test_no_note_takes_no_line() -> None:
    app = PickerApp()
    async with app.run_test(size=(80, 24)):
        assert not app.screen.query_one("#picker-note").display


async def test_a_refreshed_list_replaces_the_old_one_keeping_the_filter() -> None:
    app = PickerApp()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press(*"gpt")
        newer = [*MODELS, ModelInfo(id="openai/gpt-5", name="OpenAI: GPT-5")]
        picker = app.screen
        assert isinstance(picker, ModelPicker)
        picker.update_models(newer, fetched_at=NOW, note="")
        await pilot.pause()
        assert "openai/gpt-5" in listed(app)
        assert table(app).status == "3 of 8 models · listed just now"


async def test_a_thousand_models_paint_only_the_visible_rows() -> None:
    many = [ModelInfo(id=f"vendor{n % 40}/model-{n}", name=f"Model {n}") for n in range(1000)]
    app = PickerApp(many)
    async with app.run_test(size=(100, 30)) as pilot:
        painted: list[int] = []
        original = ModelTable.render_line
        table(app).render_line = lambda y: painted.append(y) or original(table(app), y)  # type: ignore[method-assign]
        await pilot.press("m")
        assert table(app).rows and 0 < len(painted) <= 30
