"""How the model picker looks: each snapshot reviewed by eye before it was accepted."""

from __future__ import annotations

from typing import Any

from textual.app import App

from tui.api.types import ModelInfo
from tui.screens.picker import ModelPicker

NOW = 1_750_000_000.0
_CHAT = ("max_tokens", "temperature", "top_p", "stop", "frequency_penalty", "presence_penalty",
         "seed", "response_format", "tools", "tool_choice")  # fmt: skip


def _model(model_id: str, name: str, context: int, prompt: float, completion: float,
           modality: str = "text->text", **extra: Any) -> ModelInfo:  # fmt: skip
    return ModelInfo(
        id=model_id,
        name=name,
        context_length=context,
        prompt_price=prompt / 1e6,
        completion_price=completion / 1e6,
        modality=modality,
        supported_parameters=_CHAT,
        **extra,
    )


MODELS = [
    _model("openai/gpt-4o", "OpenAI: GPT-4o", 128_000, 2.5, 10, "text+image->text",
           max_completion_tokens=16_384, is_moderated=True,
           description="GPT-4o (\"o\" for \"omni\") is OpenAI's flagship model: text and image "
           "input, text output, GPT-4 Turbo's intelligence at twice the speed."),
    _model("openai/gpt-4o-mini", "OpenAI: GPT-4o-mini", 128_000, 0.15, 0.6, "text+image->text",
           max_completion_tokens=16_384, is_moderated=True),
    _model("openai/gpt-4.1", "OpenAI: GPT-4.1", 1_047_576, 2, 8, "text+image+file->text"),
    _model("anthropic/claude-3.5-sonnet", "Anthropic: Claude 3.5 Sonnet", 200_000, 3, 15,
           "text+image->text", max_completion_tokens=8_192, is_moderated=False,
           description="Claude 3.5 Sonnet: better than Opus at Opus's price, strong at coding, "
           "data science and visual processing."),
    _model("anthropic/claude-3.5-haiku", "Anthropic: Claude 3.5 Haiku", 200_000, 0.8, 4),
    _model("google/gemini-flash-1.5", "Google: Gemini 1.5 Flash", 1_000_000, 0.075, 0.3,
           "text+image->text"),
    _model("google/gemma-2-9b-it:free", "Google: Gemma 2 9B (free)", 8_192, 0, 0),
    _model("meta-llama/llama-3.1-8b-instruct:free", "Meta: Llama 3.1 8B Instruct (free)",
           131_072, 0, 0),
    _model("meta-llama/llama-3.3-70b-instruct", "Meta: Llama 3.3 70B Instruct", 131_072,
           0.12, 0.3),
    _model("mistralai/mistral-large", "Mistral Large", 128_000, 2, 6),
    _model("mistralai/codestral-2501", "Mistral: Codestral 2501", 256_000, 0.3, 0.9),
    _model("deepseek/deepseek-r1", "DeepSeek: R1", 163_840, 0.55, 2.19,
           max_completion_tokens=163_840, is_moderated=False,
           description="DeepSeek R1: performance on par with OpenAI o1, open-sourced, with "
           "fully open reasoning tokens. 671B parameters, 37B active in an inference pass."),
    _model("deepseek/deepseek-chat", "DeepSeek: DeepSeek V3", 163_840, 0.38, 0.89),
    _model("qwen/qwen-2.5-72b-instruct", "Qwen2.5 72B Instruct", 32_768, 0.12, 0.39),
    _model("qwen/qwen-2.5-coder-32b-instruct", "Qwen2.5 Coder 32B Instruct", 32_768, 0.07, 0.16),
    _model("x-ai/grok-2-1212", "xAI: Grok 2 1212", 131_072, 2, 10),
    _model("cohere/command-r-plus-08-2024", "Cohere: Command R+ (08-2024)", 128_000, 2.5, 10),
    _model("nousresearch/hermes-3-llama-3.1-405b", "Nous: Hermes 3 405B Instruct", 131_072,
           0.8, 0.8),
    _model("microsoft/phi-4", "Microsoft: Phi 4", 16_384, 0.07, 0.14),
    _model("amazon/nova-pro-v1", "Amazon: Nova Pro 1.0", 300_000, 0.8, 3.2,
           "text+image->text"),
    _model("perplexity/sonar", "Perplexity: Sonar", 127_072, 1, 1),
    ModelInfo(id="openrouter/auto", name="Auto Router", context_length=2_000_000),
]  # fmt: skip


class PickerApp(App[None]):
    """The picker over an empty screen, with a frozen clock."""

    def __init__(self, models: list[ModelInfo] = MODELS, **options: Any) -> None:
        super().__init__()
        self.models = models
        self.options = {
            "current": "openai/gpt-4o",
            "favourites": ("anthropic/claude-3.5-sonnet",),
            "recent": ("openai/gpt-4o", "deepseek/deepseek-r1"),
            "fetched_at": NOW - 3 * 3600,
            "clock": lambda: NOW,
        } | options

    def on_mount(self) -> None:
        self.push_screen(ModelPicker(self.models, **self.options))


def test_filter_typed_with_prices(snap_compare) -> None:
    """You should see "gpt" typed in the filter; the OpenAI models first, the letters g, p, t
    underlined in each id; columns for context ("128k", "1.05M"), $/M in and out, modality;
    the last row offers "use “gpt” as a model id"; "3 of 22 models · listed 3 h ago" under
    the rows; the footer says "sort: best match"."""
    assert snap_compare(PickerApp(), press=["g", "p", "t"], terminal_size=(100, 30))


def test_details_pane(snap_compare) -> None:
    """You should see the table on the left (★ Claude 3.5 Sonnet, then ↺ GPT-4o in green as
    the current model, then ↺ DeepSeek R1 highlighted) and on the right DeepSeek R1's details:
    name and id, "↺ used lately", context 163,840 tokens, prices, modality, the top
    provider's max output and moderation, the supported parameters and the description."""
    assert snap_compare(PickerApp(), press=["down"], terminal_size=(130, 36))


def test_picker_at_80x24(snap_compare) -> None:
    """You should see, at 80x24 with no details pane, an orange note "offline: could not
    refresh, showing the list from 3 h ago" at the top, the empty filter with its
    placeholder, and the table: ★ and ↺ models first, GPT-4o highlighted as current, "free"
    in green for free models, "—" for the Auto Router's unknown prices; full ids, modality
    cropped with "…"; the key line at the bottom fits."""
    app = PickerApp(note="offline: could not refresh, showing the list from 3 h ago")
    assert snap_compare(app, terminal_size=(80, 24))


def test_bare_ids_from_a_local_server_at_80x24(snap_compare) -> None:
    """You should see ids only (a local server's /models): every other column "—", the
    count "4 models · listed 3 h ago", nothing marked as favourite or recent."""
    bare = [ModelInfo(id=i) for i in ("llama3.2:3b", "qwen2.5-coder:7b", "mistral:7b", "phi4")]
    app = PickerApp(bare, current=None, favourites=(), recent=())
    assert snap_compare(app, terminal_size=(80, 24))
