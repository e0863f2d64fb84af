"""ParleyApp: the full-screen app, built from its services (by the CLI, tests, screenshots)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui import gc_pause, paths
from tui.config import DEMO_MODEL, DEMO_TPS, ConfigError, Settings, parse_models
from tui.screens.chat import ChatScreen
from tui.screens.first_styles import BaseScreen, ScreenT, fit_breakpoints
from tui.screens.palette import chat_commands
from tui.store import Store, StoreError
from tui.textual_compat import batched_frames, boundary, first_update, partial_update, resizes
from tui.textual_compat import keys as terminal_keys
from tui.textual_compat import strips as lean_strips
from tui.textual_compat.first_frame import watch_first_frame

if TYPE_CHECKING:
    # What the first screen does not show is imported when first used (start-up time).
    from tui.api.client import OpenAICompatibleClient
    from tui.screens.compare import CompareScreen
    from tui.screens.picker import ModelPicker
    from tui.screens.welcome import WelcomeChoice

EXIT_GRACE = 3.0
"""Seconds Textual gets to restore the terminal after a SIGTERM/SIGHUP before we exit anyway."""

# The first screen's only: other screens bring their own (CSS_PATH), the sidebar's is read
# when it is first mounted (tui.widgets.stylesheets).
_STYLES = ("app", "chat", "transcript", "prompt")


class ParleyApp(App[int]):
    """The full-screen app, built from its services; nothing is read from the environment here.

    With ``start_demo`` the app runs the built-in simulator and talks to it instead; with
    ``handle_signals`` (the CLI, never tests) SIGTERM and SIGHUP store the partial answer and
    end the process.
    """

    TITLE = "Parley"
    # Narrower than this, the side panels (chats, parameters) lie over the conversation.
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [
        (0, "-panels-overlay"),
        (110, "-panels-beside"),
    ]
    CSS_PATH: ClassVar[list] = [paths.styles_dir() / f"{name}.tcss" for name in _STYLES]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True, id="app.quit"),
        Binding("f1", "help", "Help", priority=True, id="app.help"),
        # Ahead of the prompt's copy key, but only while a stream runs (see check_action):
        # unlike escape, ctrl+c arrives as one byte, with no escape-sequence wait.
        Binding("ctrl+c", "cancel_now", "Cancel now", show=False, priority=True, id="app.cancel"),
    ]

    def __init__(
        self,
        settings: Settings,
        store: Store,
        client: OpenAICompatibleClient | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        conversation_id: int | None = None,
        start_demo: bool = False,
        handle_signals: bool = False,
        compare: Sequence[str] = (),
    ) -> None:
        # Before anything renders: no text, whoever shows it, can act on the terminal.
        boundary.install()
        terminal_keys.install()  # alt+digit as most terminals send it
        lean_strips.install()  # savings only: each left out if Textual changed under it
        partial_update.install()
        batched_frames.install()
        resizes.install()
        first_update.install()
        super().__init__()
        self._compare = tuple(compare)
        self._handle_signals = handle_signals
        self._start_demo_on_mount = start_demo
        self.services_ready = asyncio.Event()
        """Set once the client can be used (at once, or when the demo simulator is up)."""
        self.painted = asyncio.Event()
        """Set after the first screen is drawn: background work waits for it (workers only:
        a message handler awaiting it would hold up the very refresh that sets it)."""
        self.settings = settings
        self.store = store
        self._client: OpenAICompatibleClient | None = None
        if client is not None:
            self.client = client
        self.clock = clock
        self._conversation_id = conversation_id
        self._simulator: Any = None
        self._owned_clients: list[OpenAICompatibleClient] = []
        self._quitting = False

    @property
    def client(self) -> OpenAICompatibleClient:
        """The API client; without one given, made for the settings when first needed."""
        if self._client is None:
            self._switch_client(self.settings)
        assert self._client is not None
        return self._client

    @client.setter
    def client(self, client: OpenAICompatibleClient) -> None:
        from tui.widgets.transcript_pacing import frame_clock

        self._client = client
        # Streamed text is shown only at the transcripts' next redraw: read it just before.
        client.read_pace = frame_clock(self).read_by

    def _fitted(self, screen: ScreenT) -> ScreenT:
        return fit_breakpoints(screen, self.size.width, self.HORIZONTAL_BREAKPOINTS)

    def get_default_screen(self) -> Screen:
        return self._fitted(BaseScreen(id="_default"))

    def on_mount(self) -> None:
        self._apply_keymap()
        # Work that can wait (the HTTP client, the demo's server) waits for the first frame.
        watch_first_frame(self, self._first_paint)
        if self._start_demo_on_mount:
            # Paint first; the simulator starts after it (the user cannot type that fast).
            self.push_screen(self._fitted(ChatScreen(self._conversation_id)))
        elif self.settings.needs_key and not self.settings.demo:
            from tui.screens.welcome import WelcomeScreen

            self.push_screen(self._fitted(WelcomeScreen(self.settings.config_path)), self._welcomed)
        else:
            self.services_ready.set()
            self.push_screen(self._fitted(ChatScreen(self._conversation_id)))
        if self._compare and isinstance(self.screen, ChatScreen):
            # Over the chat, once it is mounted: escape comes back to it.
            self.call_after_refresh(self.open_comparison, self._compare)
        if self._handle_signals:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                with contextlib.suppress(ValueError):  # not the main thread
                    signal.signal(signum, partial(self._signalled, loop))

    async def background_client(self) -> OpenAICompatibleClient:
        """The client, for work in the background (workers only): once the server is known
        and the first screen is drawn, so that making it (httpx, ~60 ms) never delays that."""
        await self.services_ready.wait()
        await self.painted.wait()
        return self.client

    def _first_paint(self) -> None:
        from tui.controllers.warm_up import warm_up

        self.painted.set()
        gc_pause.resume()
        warm_up(self)
        if self._start_demo_on_mount:  # its server's thread would take the CPU from the paint
            self.run_worker(self._start_demo(), group="demo")
        elif self.services_ready.is_set():
            self.client  # noqa: B018 - the HTTP client (httpx, TLS context): made now, not before

    def _apply_keymap(self) -> None:
        if not self.settings.keys:
            return
        from tui.screens.help import unknown_binding_ids

        self.set_keymap(self.settings.keys)
        unknown = unknown_binding_ids(self.settings.keys)
        if unknown:
            self.notify(
                f"{self.settings.config_path}: [keys] names no binding "
                + ", ".join(unknown)
                + " (ignored). f1 lists every binding's id.",
                severity="warning",
                timeout=12,
            )

    def _signalled(self, loop: asyncio.AbstractEventLoop, signum: int, _frame: object) -> None:
        """SIGTERM or SIGHUP (a dropped ssh link): store the partial answer, then leave.

        A plain handler, not the loop's: with its terminal gone, Textual can block the loop
        writing to the dead tty, and a loop handler would then never run. The watchdog makes
        sure the process ends; a stream it cuts short reads as interrupted (the store sees
        its writer gone), with the text saved up to a second before.
        """
        watchdog = threading.Timer(EXIT_GRACE, os._exit, args=(128 + signum,))
        watchdog.daemon = True
        watchdog.start()
        loop.call_soon_threadsafe(self._interrupted)

    def _interrupted(self) -> None:
        # Cancel the streams first, with the reason, before anything else can cancel them
        # plainly (an exit racing this one would otherwise store them as "cancelled").
        from tui.turn_spec import INTERRUPTED

        for screen in self.screen_stack:
            if isinstance(screen, _streaming_screens()):
                screen.interrupt_streams(INTERRUPTED)
        self.run_worker(self._stop_streams_and_exit(INTERRUPTED), group="shutdown")

    async def _welcomed(self, choice: WelcomeChoice | None) -> None:
        if choice is None or choice.kind == "quit":
            self.exit(0)
            return
        if choice.kind == "demo":
            await self._start_demo()
        else:
            from tui.keyfile import save_api_key

            try:
                save_api_key(self.settings.config_path, choice.key or "", self.settings.base_url)
            except (ConfigError, OSError) as exc:
                self.notify(f"Could not save the key: {exc}", severity="error")
            else:
                self.notify(f"Key saved in {self.settings.config_path} (readable by you only).")
            typed = replace(
                self.settings, api_key=choice.key, api_key_source="config", auth_hint=None
            )
            self._switch_client(typed)
            self.services_ready.set()
        self.push_screen(ChatScreen(self._conversation_id))

    async def _start_demo(self) -> None:
        # Importing and starting the server off the event loop keeps the first paint quick.
        simulator = await asyncio.to_thread(_started_simulator)
        self._simulator = simulator
        model = self.settings.model if self.settings.model.startswith("sim/") else DEMO_MODEL
        demo = replace(self.settings, base_url=simulator.base_url, api_key=None, demo=True)
        self._switch_client(replace(demo, model=model))
        self.services_ready.set()

    def _switch_client(self, settings: Settings) -> None:
        from tui.api.client import OpenAICompatibleClient

        self.settings = settings
        self.client = OpenAICompatibleClient(
            settings.base_url,
            api_key=settings.api_key,
            site_url=settings.site_url,
            site_name=settings.site_name,
            auth_hint=settings.auth_hint,
        )
        self._owned_clients.append(self.client)

    # -- app-wide actions --------------------------------------------------------------------

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen, help_entries_for

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        screen = self.screen
        groups = help_entries_for(screen)
        if isinstance(screen, ChatScreen) and screen.focused is not screen.transcript:
            # Right after the view's own keys, before the focused widget's long list.
            after = next((i + 1 for i, (t, _) in enumerate(groups) if t == "This view"), 0)
            groups.insert(after, screen.message_help())
        self.push_screen(HelpScreen(groups, title="Keys"))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_now":
            # Disabled, the key goes on to the focused widget: ctrl+c copies a selection.
            return bool(getattr(self.screen, "streaming", False))
        return True

    async def action_cancel_now(self) -> None:
        screen = self.screen
        if isinstance(screen, _streaming_screens()) and screen.streaming:
            await screen.stop_streaming()

    async def action_quit(self) -> None:
        await self._stop_streams_and_exit(None)

    async def _stop_streams_and_exit(self, reason: str | None) -> None:
        """Cancel every running stream and wait until its partial answer is stored, then exit."""
        if self._quitting:
            return
        self._quitting = True
        for screen in self.screen_stack:
            if isinstance(screen, _streaming_screens()):
                await screen.stop_streaming(reason, last=True)
            if isinstance(screen, ChatScreen):
                await screen.forget_if_unanswered()
        self.exit(0)

    # -- comparisons -----------------------------------------------------------------------

    def open_comparison(
        self, models: Sequence[str] = (), conversation_id: int | None = None
    ) -> None:
        """Push the side-by-side view over the chat (escape comes back to it)."""
        from tui.screens.compare import CompareScreen

        self.push_screen(self._fitted(CompareScreen(models, conversation_id=conversation_id)))

    async def action_compare(self) -> None:
        """Choose 2 to 4 models in the picker (the current one checked), then compare them."""

        from tui.screens.compare import MAX_COLUMNS, MIN_COLUMNS
        from tui.screens.model_choice import model_picker

        def chosen(answer: str | None) -> None:
            models = parse_models(answer or "")
            if MIN_COLUMNS <= len(models) <= MAX_COLUMNS:
                self.open_comparison(models)

        current = getattr(self.screen, "model", "") or self.settings.model
        picker = await model_picker(self, None, many=True, chosen=[current])
        await self.push_screen(picker, chosen)

    async def on_compare_screen_winner_picked(self, event: CompareScreen.WinnerPicked) -> None:
        """The winning column's answers become the chosen path, and the comparison goes on
        as a chat with its model; the other columns' answers stay as their siblings."""
        chat = await self.store.pick_winner(event.conversation_id, event.lane, as_chat=True)
        from tui.screens.compare import CompareScreen

        if isinstance(self.screen, CompareScreen):  # not left already by an escape
            await self.pop_screen()
        if isinstance(self.screen, ChatScreen):
            await self.screen.open_conversation(chat.id)
        self.notify(f"Continuing with {event.model}.", timeout=3)

    async def on_unmount(self) -> None:
        # Every undo window closes with the app: files no message links to are garbage now.
        try:
            await self.store.prune_blobs()
        except StoreError as exc:  # the history is read again next time; closing goes on
            self.log.error("pruning stored files failed", exc)
        for client in self._owned_clients:
            await client.aclose()
        if self._simulator is not None:
            await asyncio.to_thread(self._simulator.stop)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Parley's notifications are plain text, whoever asks (widgets pass ``markup=True``
        by default): they quote titles, file names, model ids and servers' words, and
        Textual's markup fails on a stray ``[/]`` (the app crashed) and acts on ``[@click]``."""
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def task_failed(self, name: str, error: BaseException) -> None:
        """The one place a screen's background task that failed is told (and logged)."""
        self.log.error(f"{name} failed", error)
        if isinstance(error, StoreError):  # the file, what is wrong, what to do
            message = " ".join(error.lines())
        else:
            message = f"{name} failed: {type(error).__name__}: {error}. What arrived is kept."
        self.notify(message, title="Something went wrong", severity="error", timeout=30)

    async def on_model_picker_favourite_toggled(self, event: ModelPicker.FavouriteToggled) -> None:
        await self.store.set_favourite(event.model_id, event.favourite)

    def copy_text(self, text: str) -> None:
        """Copy through the terminal (OSC 52, works over ssh) and a local clipboard if any."""
        self.copy_to_clipboard(text)
        try:
            import pyperclip

            pyperclip.copy(text)
        except Exception:  # no local clipboard (ssh, headless): OSC 52 already did the job
            pass

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's "Keys" panel would be a second, partial help beside Parley's own.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        if isinstance(screen, ChatScreen):
            yield from chat_commands(screen)
        yield SystemCommand(
            "Help", "Every key of this view, and its id for [keys]", self.action_help
        )


def _streaming_screens() -> tuple[type[Screen], ...]:
    """The screens that run streams: the chat, and the comparison once it was imported
    (before that, none can be open)."""
    compare = sys.modules.get("tui.screens.compare")
    return (ChatScreen,) if compare is None else (ChatScreen, compare.CompareScreen)


def _started_simulator() -> Any:
    from tui.simulator import Simulator

    simulator = Simulator(demo_tps=DEMO_TPS)
    simulator.start()
    return simulator
