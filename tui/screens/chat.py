"""The chat screen: the conversation, the prompt, the status line and the conversation panel."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer

from tui.api.types import ModelInfo
from tui.catalog import CatalogSnapshot, ModelCatalog
from tui.controllers.live_turn import LiveTurn
from tui.controllers.tasks import ScreenTasks
from tui.controllers.turn_phase import ActionGate, Busy, TurnPhase
from tui.screens.chat_actions import CURSOR_ACTIONS, MessageActions
from tui.screens.chat_list import ChatList
from tui.screens.chat_settings import ChatSettings
from tui.screens.chat_status import ChatStatus
from tui.screens.dialogs import ConfirmDialog
from tui.screens.help import HelpEntry, help_entries
from tui.store import Conversation, Message
from tui.turn import INTERRUPTED, TurnOutcome, TurnRunner, TurnSpec, TurnStarted
from tui.widgets.conversations import ChatsPanel
from tui.widgets.footer import KeyFooter
from tui.widgets.prompt import PromptEditor
from tui.widgets.status import StatusLine
from tui.widgets.transcript import MessageView, Transcript

if TYPE_CHECKING:
    from tui.app import ParleyApp

DEMO_NOTICE = (
    "Demo mode: answers come from Parley's built-in simulator, with no key and no network. "
    "To talk to real models, set OPENROUTER_API_KEY and run parley."
)


class ChatScreen(ChatList, ChatSettings, MessageActions, ChatStatus, Screen[None]):
    """One conversation at a time; every action reachable from the keyboard."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel_or_back", "Cancel", id="chat.cancel"),
        Binding("ctrl+n", "new_conversation", "New chat", id="chat.new"),
        Binding("f2", "toggle_conversations", "Chats", id="chat.conversations"),
        Binding("f4", "pick_model", "Model", id="chat.pick_model"),
        Binding("f5", "toggle_sidebar", "Parameters", id="chat.parameters"),
        Binding("ctrl+r", "regenerate", "Retry", id="chat.regenerate"),
        Binding("ctrl+o", "retry_other_model", "Other model", show=False, id="chat.retry_other"),
        Binding("ctrl+l", "edit_last", "Edit last prompt", show=False, id="chat.edit_last"),
        Binding("f3", "copy_last", "Copy last answer", show=False, id="chat.copy_last"),
        Binding("ctrl+t", "rename", "Rename chat", show=False, id="chat.rename"),
        Binding(
            "ctrl+g", "continue_last", "Continue the last answer", show=False, id="chat.continue"
        ),
        Binding("c", "copy_message", "Copy this message", show=False, id="chat.copy_message"),
        Binding("y", "copy_code", "Copy its code block", show=False, id="chat.copy_code"),
        Binding(
            "r", "regenerate_here", "Regenerate this answer", show=False, id="chat.regenerate_here"
        ),
        Binding("e", "edit_message", "Edit this prompt", show=False, id="chat.edit_message"),
        Binding(
            "x", "continue_message", "Continue this answer", show=False, id="chat.continue_here"
        ),
        Binding("d,delete", "delete_message", "Delete this message", show=False, id="chat.delete"),
    ]

    app: ParleyApp

    def __init__(self, conversation_id: int | None = None) -> None:
        super().__init__()
        self._initial_conversation = conversation_id
        self.conversation: Conversation | None = None
        self.messages: list[Message] = []
        self.model = ""
        self.editing: Message | None = None
        self._continuable = False  # the answer that just ended can be continued
        self.agreed_drops: set[int] = set()
        """Messages the user agreed to drop (to redo an earlier step): told apart from losses."""
        self._live: LiveTurn | None = None
        self.tasks = ScreenTasks(lambda name, error: self.app.task_failed(name, error))
        """The screen's streams: cancelled, stored and awaited when it goes."""
        self.turn = TurnPhase()
        """Where the turn is: every action that starts, stops or drops one goes by it."""
        self.gate = ActionGate(lambda: (self.turn,), self._note)
        self._ticker: Timer | None = None
        self._ticks = 0
        self.catalog_snapshot: CatalogSnapshot | None = None
        self.catalog_note = ""
        self.model_infos: dict[str, ModelInfo] = {}
        self.param_state: tuple[dict[str, Any], str | None] = ({}, None)
        self._catalog: ModelCatalog | None = None
        self._catalog_client: object = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="chat-body"):
            yield ChatsPanel(id="conversations")
            with Vertical(id="chat-main"):
                yield Transcript(id="transcript")
                yield StatusLine(id="status")
                yield PromptEditor(id="prompt")
        yield KeyFooter()

    @property
    def transcript(self) -> Transcript:
        return self.query_one(Transcript)

    @property
    def prompt(self) -> PromptEditor:
        return self.query_one(PromptEditor)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def live(self) -> LiveTurn:
        if self._live is None:
            runner = TurnRunner(self.app.client, self.app.store, clock=self.app.clock)
            self._live = LiveTurn(
                runner,
                self.transcript,
                self.app.clock,
                tasks=self.tasks,
                on_started=self._turn_started,
                on_ended=self._turn_ended,
                phase=self.turn,
                on_phase=self.refresh_status,
            )
        return self._live

    @property
    def streaming(self) -> bool:
        """A turn is sending or streaming (escape stops it)."""
        return self.turn.busy

    def _note(self, text: str) -> None:
        self.notify(text, timeout=3)

    async def on_mount(self) -> None:
        self.model = self.app.settings.model
        self.setup_sidebar()
        self.load_catalog()
        if self._initial_conversation is not None:
            await self.load_conversation(self._initial_conversation)
        else:
            self._show_fresh()
        self.prompt.focus()

    # -- conversations ---------------------------------------------------------------------

    def _show_fresh(self) -> None:
        self.conversation, self.messages, self.editing = None, [], None
        views = [MessageView("demo", "notice", DEMO_NOTICE)] if self.app.settings.demo else []
        self.transcript.set_messages(views)
        self.prompt.set_history([])
        self.refresh_status()

    async def load_conversation(self, conversation_id: int) -> None:
        """Show a stored conversation (a running answer is stopped and stored first)."""
        await self.gate.run(partial(self._load, conversation_id), busy="stop")

    async def _load(self, conversation_id: int) -> None:
        if self.conversation is None or self.conversation.id != conversation_id:
            await self.forget_if_unanswered()
        conversation = await self.app.store.get_conversation(conversation_id)
        if conversation is None:
            self.notify(f"No conversation {conversation_id}.", severity="error")
            return
        if conversation.kind == "compare":  # it reopens as the comparison it was
            if self.conversation is None:
                self._show_fresh()
            self.app.open_comparison(conversation_id=conversation.id)
            return
        self.conversation = conversation
        self.messages = await self.app.store.messages(conversation_id)
        self.editing = None
        self.model = conversation.model or self._last_model() or self.model
        self.show_conversation_parameters()
        self.transcript.set_messages(self.view_of(m) for m in self.messages)
        self.transcript.action_follow_end()
        self.prompt.set_history([m.content for m in self.messages if m.role == "user"])
        self.refresh_status()
        await self.refresh_conversations()

    async def open_conversation(self, conversation_id: int) -> None:
        """Show a stored conversation now, or as soon as this screen is mounted."""
        if not self.is_mounted:
            self._initial_conversation = conversation_id
            return
        await self.load_conversation(conversation_id)
        self.prompt.focus()

    def _last_model(self) -> str | None:
        for message in reversed(self.messages):
            if message.role == "assistant" and message.model_requested:
                return message.model_requested
        return None

    async def action_new_conversation(self) -> None:
        await self.gate.run(self._new_conversation, busy="stop")

    async def _new_conversation(self) -> None:
        await self.forget_if_unanswered()
        self._show_fresh()
        self.prompt.focus()

    # -- sending ---------------------------------------------------------------------------

    @on(PromptEditor.Submitted)
    async def prompt_submitted(self, event: PromptEditor.Submitted) -> None:
        text = event.text
        await self.app.services_ready.wait()
        if self.turn.busy:
            self._ask_to_stop_and_send(text)
            return
        await self.send_prompt(text, stop=False)

    async def send_prompt(self, text: str, *, stop: bool) -> None:
        """Send ``text`` once no turn is ending; ``stop``: stop a running answer first.

        An edit resent drops the messages after its prompt, done only from idle, never over
        an answer still being stored. Refused, the prompt is not lost.
        """
        busy: Busy = "stop" if stop else "refuse"
        if not await self.gate.run(partial(self._send, text), busy=busy):
            self._keep_prompt(text)

    def _keep_prompt(self, text: str) -> None:
        if not self.prompt.text:
            self.prompt.load(text)

    def _ask_to_stop_and_send(self, text: str) -> None:
        """Sending while an answer streams would stop it: the user says so first."""
        self._keep_prompt(text)  # shown while asking, and kept if the answer is no

        async def answered(yes: bool | None) -> None:
            if yes:
                self.prompt.load("")
                await self.send_prompt(text, stop=True)
            self.prompt.focus()

        self.app.push_screen(
            ConfirmDialog(
                "An answer is streaming: stop it and send?", "enter stop and send · esc keep it"
            ),
            answered,
        )

    async def _send(self, text: str) -> None:
        if self.editing is not None:
            await self.drop_from(self.editing)
        self.prompt.remember(text)
        self.start_turn(TurnSpec(**self._spec_fields(), prompt=text))

    def _spec_fields(self) -> dict:
        params, system, stream = self.request_parameters()
        excluded = self.excluded_parameters()
        if excluded:
            self.notify(
                f"Left out, not supported by {self.model}: {', '.join(excluded)}", timeout=4
            )
        fallbacks = () if "models" in params else self.app.settings.fallback_models
        return {
            "model": self.model,
            "conversation_id": self.conversation.id if self.conversation else None,
            "system": system,
            "params": params,
            "fallback_models": fallbacks,
            "stream": stream,
        }

    def start_turn(self, spec: TurnSpec) -> None:
        if self._live is not None and self._live.client is not self.app.client:
            self._live = None  # the app switched servers (first run: key saved, or the demo)
        self.live.start(spec, placeholder_title=spec.model)
        self.prompt.busy = True
        self._ticker = self.set_interval(0.25, self._tick)
        self.refresh_status()

    def _turn_started(self, event: TurnStarted) -> None:
        if event.conversation is not None and self.conversation is None:
            self.conversation = event.conversation
            self.run_worker(self.save_parameters(), group="settle")
            if "demo" in self.transcript.message_keys():
                self.transcript.remove_message("demo")
        if event.user_message is not None:
            self.messages.append(event.user_message)
            self.transcript.add_message(self.view_of(event.user_message))
        self.transcript.action_follow_end()
        self.refresh_status()  # the title of a chat just begun

    def _turn_ended(self, outcome: TurnOutcome | None, message_id: int | None) -> None:
        if self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        prompts = self.query(PromptEditor)
        if not self.is_attached or not prompts:
            # The app is closing (its widgets may be gone already): the ending is stored.
            self.turn.settled()
            return
        prompts.first().busy = False
        self.run_worker(self._settle(outcome, message_id), group="settle")

    async def _settle(self, outcome: TurnOutcome | None, message_id: int | None) -> None:
        """Show the stored answer as it ended, then let the next action have the history."""
        try:
            await self._show_ending(outcome, message_id)
        finally:
            self.turn.settled()

    def interrupt_streams(self, reason: str) -> None:
        if self._live is not None:
            self._live.interrupt(reason)

    async def stop_streaming(self, reason: str | None = None, *, last: bool = False) -> None:
        """Cancel the running stream and wait until its partial answer is stored.

        After the action under way, if any: a prompt just sent is stopped, not left to run.
        ``last``: the app is closing; no action runs after this.
        """
        await self.gate.run(partial(self._stop, reason, last), busy="run")

    async def _stop(self, reason: str | None, last: bool) -> None:
        await self.turn.stop(reason)
        if last:
            self.gate.close()

    async def action_cancel_or_back(self) -> None:
        if self.turn.busy or self.gate.acting:
            await self.stop_streaming()
            return
        if not self.turn.idle:
            return  # ending: the answer is being stored already
        if self.editing is not None:
            self.editing = None
            self.prompt.load("")
            self.notify("Edit abandoned.", timeout=2)
            return
        self.close_conversations()
        self.prompt.focus()

    def message_help(self) -> tuple[str, list[HelpEntry]]:
        """The keys that act on messages: they work once the conversation has focus (tab)."""
        bindings = [
            binding
            for binding in self.BINDINGS
            if isinstance(binding, Binding) and binding.action in CURSOR_ACTIONS
        ]
        bindings += [b for b in Transcript.BINDINGS if isinstance(b, Binding)]
        return ("Messages (tab to the conversation)", help_entries(self.app, bindings))

    async def on_unmount(self) -> None:
        # Leaving with a stream running (the app closing under it): stop it, store it.
        self.turn.cancel(INTERRUPTED)
        await self.tasks.close(INTERRUPTED)
