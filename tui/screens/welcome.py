"""The first-run screen: how to get a key, paste one or try the demo; the app acts on the choice."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from tui import paths
from tui.screens.parts import dismiss_once

KEYS_URL = "https://openrouter.ai/settings/keys"
OPENROUTER_PREFIX = "sk-or-"


@dataclass(frozen=True, slots=True)
class WelcomeChoice:
    """What the person chose; with ``kind == "key"``, the key to save (the app saves it)."""

    kind: Literal["key", "demo", "quit"]
    key: str | None = field(default=None, repr=False)  # never in a log line or traceback


def key_problem(key: str) -> str | None:
    """Why ``key`` (already stripped) cannot be an API key, or None when it can."""
    if not key:
        return "Paste a key first, or try the demo."
    if any(ch.isspace() or ord(ch) < 32 for ch in key):
        return "A key is one word with no spaces: check what was pasted."
    return None


def shown_path(path: Path) -> str:
    """``path`` with the home directory written as ``~``, as people recognise it."""
    try:
        return f"~/{path.relative_to(Path.home()).as_posix()}"
    except (ValueError, RuntimeError):
        return str(path)


class WelcomeScreen(Screen[WelcomeChoice]):
    """Shown when there is no key and no base URL: it never saves the key itself."""

    CSS_PATH = paths.styles_dir() / "welcome.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "demo", "Try the demo", id="welcome.demo"),
        Binding("q", "quit", "Quit", id="welcome.quit"),
    ]

    def __init__(self, config_path: Path) -> None:
        super().__init__()
        self.config_path = config_path
        self._warned_for: str | None = None

    def compose(self) -> ComposeResult:
        panel = Vertical(id="welcome-panel")
        panel.border_title = "Welcome to Parley"
        with panel:
            yield Static(
                "A keyboard-driven chat with OpenRouter's models, right in your terminal.\n"
                "The demo shows you around with no key and no network.",
                id="welcome-what",
            )
            yield Static(
                "To use OpenRouter, set your API key in the shell:", classes="welcome-lead"
            )
            yield Static("export OPENROUTER_API_KEY=sk-or-…", classes="welcome-code")
            yield Static(f"Keys come from {KEYS_URL}", markup=False, id="welcome-url")
            yield Static(
                "A local server (Ollama, llama.cpp, vLLM, LM Studio) needs no key:",
                classes="welcome-lead",
            )
            yield Static("parley --base-url http://localhost:11434/v1", classes="welcome-code")
            yield Static("Or paste a key here and press enter:", classes="welcome-lead")
            yield Input(
                placeholder="sk-or-v1-…", password=True, id="welcome-key", select_on_focus=False
            )
            yield Static("", id="welcome-message")
            yield Static(
                f"It will be saved to {shown_path(self.config_path)}, readable by you only.",
                markup=False,
                id="welcome-saved-to",
            )
            with Horizontal(id="welcome-buttons"):
                yield Button("Save key", variant="primary", id="welcome-save")
                yield Button("Try the demo", id="welcome-demo")
                yield Button("Quit", id="welcome-quit")
            yield Static(
                "tab next · enter choose · d demo · q quit (outside the key field)",
                id="welcome-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#welcome-key", Input).focus()

    @on(Input.Submitted, "#welcome-key")
    @on(Button.Pressed, "#welcome-save")
    def _save(self) -> None:
        key = self.query_one("#welcome-key", Input).value.strip()
        problem = key_problem(key)
        if problem is not None:
            self._say(f"✗ {problem}", "-error")
            return
        if not key.startswith(OPENROUTER_PREFIX) and self._warned_for != key:
            # Other servers use other keys: a warning, not a refusal.
            self._warned_for = key
            self._say(
                f"⚠ OpenRouter keys start with {OPENROUTER_PREFIX}. "
                "Press enter again to save it anyway.",
                "-warning",
            )
            return
        dismiss_once(self, WelcomeChoice("key", key))

    @on(Input.Changed, "#welcome-key")
    def _edited(self) -> None:
        self._warned_for = None
        self._say("", None)

    @on(Button.Pressed, "#welcome-demo")
    def action_demo(self) -> None:
        dismiss_once(self, WelcomeChoice("demo"))

    @on(Button.Pressed, "#welcome-quit")
    def action_quit(self) -> None:
        dismiss_once(self, WelcomeChoice("quit"))

    def _say(self, text: str, state: str | None) -> None:
        message = self.query_one("#welcome-message", Static)
        message.update(text)
        message.set_class(state == "-error", "-error")
        message.set_class(state == "-warning", "-warning")
