"""The chat screen: the conversation, the prompt, the status line and the side panels."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui.controllers.chat_attachments import ChatAttachments
from tui.controllers.chat_branches import ChatBranches
from tui.controllers.chat_list import ChatsList
from tui.controllers.chat_models import ChatModels
from tui.controllers.chat_params import ChatParameters
from tui.controllers.chat_session import ChatSession
from tui.controllers.chat_status import ChatStatus
from tui.controllers.chat_turns import ChatTurns
from tui.controllers.message_actions import CURSOR_ACTIONS, MessageActions
from tui.controllers.message_copy import MessageCopy
from tui.controllers.tasks import ScreenTasks
from tui.controllers.turn_phase import ActionGate, TurnPhase
from tui.screens.chat_bindings import CHAT_BINDINGS
from tui.screens.chat_parts import chat_parts
from tui.screens.first_styles import StyledOnMount
from tui.screens.parts import Forwarded, delegate
from tui.store import Conversation, Message
from tui.widgets.attachment_chips import AttachmentChips
from tui.widgets.conversations import ChatsPanel, ConversationList
from tui.widgets.footer import KeyFooter
from tui.widgets.prompt import PromptEditor
from tui.widgets.status import StatusLine
from tui.widgets.transcript import Transcript

if TYPE_CHECKING:
    # What the first screen does not show is imported when first used (start-up time).
    from tui.app import ParleyApp
    from tui.controllers.live_turn import LiveTurn
    from tui.screens.help import HelpEntry
    from tui.screens.search import SearchChoice
    from tui.widgets.sidebar import ParamSidebar


class ChatScreen(StyledOnMount, Screen[None]):
    """One conversation at a time; every action reachable from the keyboard.

    The screen composes the widgets and wires its parts: the turns, the status line, the
    model and parameters, the message actions and the chats list each own one concern.
    """

    BINDINGS: ClassVar[list[BindingType]] = CHAT_BINDINGS
    # Textual would focus the first focusable widget, the hidden chats list, before the
    # prompt takes the focus: two changes of bindings, two footers composed at start-up.
    AUTO_FOCUS = "#prompt"

    app: ParleyApp

    # What tests, the app and the palette reach on the screen; the parts keep it.
    conversation = Forwarded[Conversation | None]("parts.state")
    messages = Forwarded[list[Message]]("parts.state")
    model = Forwarded[str]("parts.state")
    editing = Forwarded[Message | None]("parts.state")
    agreed_drops = Forwarded[set[int]]("parts.state")
    # Annotated, not subscripted: the live turn's module comes with the first turn.
    _live: Forwarded[LiveTurn | None] = Forwarded("parts.turns", "live_turn")
    live: Forwarded[LiveTurn] = Forwarded("parts.turns")
    model_infos = Forwarded["dict[str, ModelInfo]"]("parts.models")
    catalog_note = Forwarded[str]("parts.models")
    sidebar_widget = Forwarded["ParamSidebar | None"]("parts.params")

    def __init__(self, conversation_id: int | None = None) -> None:
        super().__init__()
        self._initial_conversation = conversation_id
        self.tasks = ScreenTasks(lambda name, error: self.app.task_failed(name, error))
        """The screen's streams: cancelled, stored and awaited when it goes."""
        self.turn = TurnPhase()
        """Where the turn is: every action that starts, stops or drops one goes by it."""
        self.gate = ActionGate(lambda: (self.turn,), lambda text: self.notify(text, timeout=3))
        self.parts = chat_parts(self)

    def compose(self) -> ComposeResult:
        # The chats panel joins on the left when first opened (f2).
        with Horizontal(id="chat-body"), Vertical(id="chat-main"):
            yield Transcript(id="transcript")
            yield StatusLine(id="status")
            yield AttachmentChips(id="attachments")
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
    def sidebar(self) -> ParamSidebar:
        """The mounted sidebar (see :meth:`ensure_sidebar`)."""
        from tui.widgets.sidebar import ParamSidebar

        return self.query_one(ParamSidebar)

    @property
    def streaming(self) -> bool:
        """A turn is sending or streaming (escape stops it)."""
        return self.turn.busy

    async def on_mount(self) -> None:
        self.parts.state.model = self.app.settings.model
        self.parts.params.setup()
        self.parts.models.load()
        self.parts.key.fetch()
        if self._initial_conversation is not None:
            await self.load_conversation(self._initial_conversation)
        else:
            self.parts.session.show_fresh()
        # Now, not queued as focus() would: the first frame shows the prompt focused.
        self.set_focus(self.prompt)

    # -- what the app, the palette and the keys reach: each part does its own ------------

    load_conversation = delegate("parts.session", ChatSession.load)
    forget_if_unanswered = delegate("parts.session", ChatSession.forget_if_unanswered)
    refresh_status = delegate("parts.status", ChatStatus.refresh)
    interrupt_streams = delegate("parts.turns", ChatTurns.interrupt)
    stop_streaming = delegate("parts.turns", ChatTurns.stop)
    ensure_sidebar = delegate("parts.params", ChatParameters.ensure_sidebar)
    apply_model_support = delegate("parts.params", ChatParameters.apply_model_support)

    action_new_conversation = delegate("parts.session", ChatSession.new)
    action_toggle_conversations = delegate("parts.chats", ChatsList.toggle)
    action_pick_model = delegate("parts.models", ChatModels.pick)
    action_toggle_sidebar = delegate("parts.params", ChatParameters.toggle)
    action_copy_message = delegate("parts.copy", MessageCopy.copy_message)
    action_copy_code = delegate("parts.copy", MessageCopy.copy_code)
    action_copy_last = delegate("parts.copy", MessageCopy.copy_last)
    action_regenerate = delegate("parts.actions", MessageActions.regenerate)
    action_regenerate_here = delegate("parts.actions", MessageActions.regenerate_here)
    action_retry_other_model = delegate("parts.actions", MessageActions.retry_other_model)
    action_continue_last = delegate("parts.actions", MessageActions.continue_last)
    action_continue_message = delegate("parts.actions", MessageActions.continue_message)
    action_edit_last = delegate("parts.actions", MessageActions.edit_last)
    action_edit_message = delegate("parts.actions", MessageActions.edit_message)
    action_delete_message = delegate("parts.actions", MessageActions.delete_message)
    action_rename = delegate("parts.actions", MessageActions.rename)
    action_sibling = delegate("parts.branches", ChatBranches.step)
    action_fork = delegate("parts.branches", ChatBranches.fork)
    action_attach = delegate("parts.attachments", ChatAttachments.ask)
    action_detach_last = delegate("parts.attachments", ChatAttachments.remove_last)
    action_toggle_web = delegate("parts.attachments", ChatAttachments.toggle_web)
    action_choose_attachment = delegate("parts.attachments", ChatAttachments.choose)
    action_fork_chat = delegate("parts.branches", ChatBranches.fork)
    action_delete_branch = delegate("parts.branches", ChatBranches.delete_branch)

    def action_toggle_all_thinking(self) -> None:
        self.transcript.action_toggle_all_thinking()

    def action_search(self) -> None:
        """Search every conversation; the result chosen opens here, at the match."""
        from tui.screens.search import SearchScreen

        def chosen(choice: SearchChoice | None) -> None:
            if choice is not None:  # a worker: a store failure is told like any other
                self.run_worker(
                    self.parts.search.open_hit(choice.hit, choice.query),
                    name="Opening the search result",
                    group="search-open",
                    exit_on_error=False,
                )

        self.app.push_screen(SearchScreen(self.parts.search.query or ""), chosen)

    def action_search_step(self, by: int) -> None:
        self.parts.search.step(by)

    def action_scroll_transcript(self, where: str) -> None:
        """Scroll the conversation from the prompt, leaving the focus where it is."""
        if self.focused not in (self.prompt, self.transcript):
            raise SkipAction()  # the chats list and the sidebar page through their own rows
        transcript = self.transcript
        if where == "up":
            transcript.scroll_page_up(animate=False)
        elif where == "down":
            transcript.scroll_page_down(animate=False)
        elif where == "top":
            transcript.scroll_home(animate=False)
        else:
            transcript.action_follow_end()

    async def open_conversation(self, conversation_id: int) -> None:
        """Show a stored conversation now, or as soon as this screen is mounted."""
        if not self.is_mounted:
            self._initial_conversation = conversation_id
            return
        await self.load_conversation(conversation_id)
        self.prompt.focus()

    async def action_cancel_or_back(self) -> None:
        if self.turn.busy or self.gate.acting:
            await self.stop_streaming()
            return
        if not self.turn.idle:
            return  # ending: the answer is being stored already
        if self.editing is not None:
            self.editing = None
            self.prompt.load("")
            self.parts.attachments.take()  # the edited prompt's files go with the edit
            self.notify("Edit abandoned.", timeout=2)
            return
        self.parts.search.clear()  # the marks of a search go with it
        self.parts.chats.close()
        self.prompt.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Single-letter keys act on the message under the cursor, so only in the transcript.
        if action in CURSOR_ACTIONS:
            return self.focused is self.transcript
        if action == "search_step":
            return self.focused is self.transcript and self.transcript.marking
        return True

    def message_help(self) -> tuple[str, list[HelpEntry]]:
        """The keys that act on messages: they work once the conversation has focus (tab)."""
        from tui.screens.help import help_entries

        bindings = [
            binding
            for binding in self.BINDINGS
            if isinstance(binding, Binding)
            and binding.action.split("(")[0] in {*CURSOR_ACTIONS, "search_step"}
        ]
        bindings += [b for b in Transcript.BINDINGS if isinstance(b, Binding)]
        return ("Messages (tab to the conversation)", help_entries(self.app, bindings))

    # -- what the widgets say ----------------------------------------------------------------

    @on(PromptEditor.Submitted)
    async def prompt_submitted(self, event: PromptEditor.Submitted) -> None:
        await self.parts.turns.submitted(event.text)

    @on(PromptEditor.Pasted)
    def _prompt_pasted(self, event: PromptEditor.Pasted) -> None:
        self.parts.attachments.pasted(event.text, event.start, event.end)

    @on(AttachmentChips.RemoveChosen)
    def _chip_removed(self, event: AttachmentChips.RemoveChosen) -> None:
        self.parts.attachments.remove_at(event.index)

    @on(AttachmentChips.Done)
    def _chips_done(self) -> None:
        self.prompt.focus()

    # The sidebar's messages by handler name (@on would import it with this screen).

    async def on_param_sidebar_changed(self) -> None:
        await self.parts.params.changed()

    def on_param_sidebar_preset_save_requested(
        self, event: ParamSidebar.PresetSaveRequested
    ) -> None:
        self.parts.params.save_preset(event.name, event.params, event.system)

    async def on_param_sidebar_preset_chosen(self, event: ParamSidebar.PresetChosen) -> None:
        await self.parts.params.choose_preset(event.name)

    @on(ConversationList.Picked)
    async def _chat_picked(self, event: ConversationList.Picked) -> None:
        event.stop()
        await self.parts.chats.picked(event.conversation_id)

    @on(ChatsPanel.RenameRequested)
    def _chat_rename(self, event: ChatsPanel.RenameRequested) -> None:
        event.stop()
        self.parts.chats.rename(event.conversation_id, event.title)

    @on(ChatsPanel.DeleteRequested)
    async def _chat_delete(self, event: ChatsPanel.DeleteRequested) -> None:
        event.stop()
        await self.parts.chats.delete(event.conversation_id)

    @on(ChatsPanel.UndoRequested)
    async def _chat_undo(self, event: ChatsPanel.UndoRequested) -> None:
        event.stop()
        await self.parts.chats.undo()

    @on(ChatsPanel.ActionRequested)
    async def _chat_action(self, event: ChatsPanel.ActionRequested) -> None:
        event.stop()
        if event.conversation_id is None:
            await self.parts.chats.toggle_sort()
        else:
            await self.parts.chats.actions.run(event.action, event.conversation_id)

    @on(ChatsPanel.FilterChanged)
    def _chats_filtered(self, event: ChatsPanel.FilterChanged) -> None:
        event.stop()
        self.parts.chats.filtered(event.text)

    @on(ChatsPanel.Viewed)
    async def _chat_viewed(self, event: ChatsPanel.Viewed) -> None:
        event.stop()
        await self.parts.chats.viewed(event.conversation_id)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # The screen's workers (catalog, settling an answer) end with it; a failure is told once.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.app.task_failed(event.worker.name or event.worker.group, event.worker.error)

    async def on_unmount(self) -> None:
        # Leaving with a stream running (the app closing under it): stop it, store it.
        await self.parts.turns.close()
