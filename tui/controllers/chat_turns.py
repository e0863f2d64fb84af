"""A chat's turns: sending a prompt, running the answer live, and settling it once stored."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from tui.controllers.chat_attachments import ChatAttachments
from tui.controllers.chat_params import ChatParameters
from tui.controllers.chat_state import ChatContext
from tui.controllers.chat_status import SPIN, ChatStatus
from tui.controllers.context_meter import ContextMeter
from tui.controllers.ticker import PacedTicker
from tui.controllers.turn_phase import Busy
from tui.store import Message
from tui.store.records import TOP
from tui.widgets.prompt import PromptEditor

if TYPE_CHECKING:
    # The turn runner, its events and the live view are imported by the first turn (or
    # the first close), not by the first screen.
    from tui.controllers.live_turn import LiveTurn
    from tui.turn_spec import TurnOutcome, TurnSpec, TurnStarted


class ChatTurns:
    """Starts the chat's turns through its gate and keeps the screen in step with them.

    The streams run as ``tasks`` (the screen's), the spinner as a timer of ``host``; both
    end with :meth:`close`.
    """

    def __init__(
        self,
        ctx: ChatContext,
        *,
        status: ChatStatus,
        params: ChatParameters,
        attachments: ChatAttachments,
        cut_from: Callable[[Message], None],
        show_labels: Callable[[], Awaitable[None]],
        meter: ContextMeter,
        answered: Callable[[], None] = lambda: None,
    ) -> None:
        self._ctx = ctx
        self._meter = meter
        self._answered = answered  # what the answer cost is asked of the server again
        self._status = status
        self._params = params
        self._attachments = attachments
        self._sent_files: tuple[str, ...] = ()
        self._cut_from = cut_from
        self._show_labels = show_labels
        self.live_turn: LiveTurn | None = None
        """The latest turn (None before the first)."""
        self._ticker = PacedTicker(lambda: self._ctx.host, self._tick)

    @property
    def live(self) -> LiveTurn:
        """The chat's live turn, made on first use (and again for a new server)."""
        if self.live_turn is None:
            from tui.controllers.live_turn import LiveTurn
            from tui.turn import TurnRunner

            app = self._ctx.app
            self.live_turn = LiveTurn(
                TurnRunner(app.client, app.store, clock=app.clock),
                self._ctx.transcript(),
                app.clock,
                tasks=self._ctx.tasks,
                on_started=self._started,
                on_ended=self._ended,
                phase=self._ctx.phase,
                on_phase=self._status.refresh,
            )
        return self.live_turn

    # -- sending ---------------------------------------------------------------------------

    async def submitted(self, text: str) -> None:
        """The prompt was sent: now, or (while an answer streams) once the user agrees."""
        await self._ctx.app.services_ready.wait()
        if self._ctx.phase.busy:
            self._ask_to_stop_and_send(text)
            return
        if self._meter.offer(text, self._send_leaving_out, self._keep_prompt):
            await self.send(text, stop=False)

    async def _send_leaving_out(self, text: str, leave_out: int) -> None:
        """Send ``text`` as the user chose, once it did not fit the model's context."""
        self._ctx.prompt().load("")
        await self.send(text, stop=False, leave_out=leave_out)

    async def send(self, text: str, *, stop: bool, leave_out: int = 0) -> None:
        """Send ``text`` once no turn is ending; ``stop``: stop a running answer first.

        An edit resent is a new version of its prompt, sent only from idle, never over an
        answer still being stored. Refused, the prompt is not lost.
        """
        busy: Busy = "stop" if stop else "refuse"
        if not await self._ctx.gate.run(partial(self._send, text, leave_out), busy=busy):
            self._keep_prompt(text)

    def _keep_prompt(self, text: str) -> None:
        prompt = self._ctx.prompt()
        if not prompt.text:
            prompt.load(text)

    def _ask_to_stop_and_send(self, text: str) -> None:
        """Sending while an answer streams would stop it: the user says so first."""
        self._keep_prompt(text)  # shown while asking, and kept if the answer is no

        async def answered(yes: bool | None) -> None:
            if yes:
                self._ctx.prompt().load("")
                await self.send(text, stop=True)
            self._ctx.prompt().focus()

        self._ctx.dialogs.confirm(
            "An answer is streaming: stop it and send?",
            answered,
            "enter stop and send · esc keep it",
        )

    async def _send(self, text: str, leave_out: int = 0) -> None:
        editing, self._ctx.state.editing = self._ctx.state.editing, None
        parent: int | None = None
        if editing is not None:  # a sibling of the edited prompt, on the path from its parent
            parent = TOP if editing.parent_id is None else editing.parent_id
            self._cut_from(editing)
        self._ctx.prompt().remember(text)
        files = self._attachments.take()
        from tui.turn_spec import TurnSpec

        spec = TurnSpec(
            **self.spec_fields(),
            prompt=text,
            parent_id=parent,
            attachments=files,
            leave_out=leave_out,
        )
        self.start(spec)

    def spec_fields(self) -> dict[str, Any]:
        """What the next turn asks with: model, conversation, parameters, fallbacks."""
        params, system, stream = self._params.request_parameters()
        excluded = self._params.excluded()
        model = self._ctx.state.model
        if excluded:
            self._ctx.app.notify(
                f"Left out, not supported by {model}: {', '.join(excluded)}", timeout=4
            )
        fallbacks = () if "models" in params else self._ctx.app.settings.fallback_models
        return {
            "model": model,
            "conversation_id": self._ctx.state.conversation_id,
            "system": system,
            "params": params,
            "fallback_models": fallbacks,
            "stream": stream,
            "web": self._attachments.web(),
        }

    # -- running ---------------------------------------------------------------------------

    def start(self, spec: TurnSpec) -> None:
        if self.live_turn is not None and self.live_turn.client is not self._ctx.app.client:
            self.live_turn = None  # the app switched servers (first run: key saved, or the demo)
        from tui.attachments import describe

        self._sent_files = tuple(describe(a) for a in spec.attachments)
        self.live.start(spec, placeholder_title=spec.model)
        self._ctx.prompt().busy = True
        self._ticker.every(SPIN)
        self._status.refresh()

    def _started(self, event: TurnStarted) -> None:
        state, transcript = self._ctx.state, self._ctx.transcript()
        if event.conversation is not None and state.conversation is None:
            state.conversation = event.conversation
            # A history that refuses the write is told (the screen's worker handler), never fatal.
            self._ctx.host.run_worker(
                self._params.save(), name="saving the parameters", group="settle",
                exit_on_error=False,
            )  # fmt: skip
            if "demo" in transcript.message_keys():
                transcript.remove_message("demo")
        if event.user_message is not None:
            if self._sent_files:
                state.files[event.user_message.id] = self._sent_files
            state.messages.append(event.user_message)
            transcript.add_message(self._status.view_of(event.user_message))
        transcript.action_follow_end()
        self._status.refresh()  # the title of a chat just begun

    def _ended(self, outcome: TurnOutcome | None, message_id: int | None) -> None:
        self._stop_ticker()
        prompts = self._ctx.host.query(PromptEditor)
        if not self._ctx.host.is_attached or not prompts:
            # The app is closing (its widgets may be gone already): the ending is stored.
            self._ctx.phase.settled()
            return
        prompts.first().busy = False
        self._ctx.host.run_worker(
            self._settle(outcome, message_id), name="showing the answer", group="settle",
            exit_on_error=False,
        )  # fmt: skip
        self._answered()

    async def _settle(self, outcome: TurnOutcome | None, message_id: int | None) -> None:
        """Show the stored answer as it ended, then let the next action have the history."""
        try:
            await self._status.show_ending(outcome, message_id)
            await self._show_labels()  # a new sibling's neighbours now say ‹ n/m ›
            await self._ctx.refresh_list()
        finally:
            self._ctx.phase.settled()

    def _tick(self) -> None:
        seconds = self._status.tick()
        if self._ticker.running:  # (a tick may end the turn)
            self._ticker.every(seconds)

    @property
    def tick_interval(self) -> float | None:
        """Seconds between two updates of the status line, None when it is still."""
        return self._ticker.interval

    def _stop_ticker(self) -> None:
        self._ticker.stop()

    # -- stopping --------------------------------------------------------------------------

    def interrupt(self, reason: str) -> None:
        """Cancel at once, without waiting (from a signal)."""
        if self.live_turn is not None:
            self.live_turn.interrupt(reason)

    async def stop(self, reason: str | None = None, *, last: bool = False) -> None:
        """Cancel the running stream and wait until its partial answer is stored.

        After the action under way, if any: a prompt just sent is stopped, not left to run.
        ``last``: the app is closing; no action runs after this.
        """
        await self._ctx.gate.run(partial(self._stop, reason, last), busy="run")

    async def _stop(self, reason: str | None, last: bool) -> None:
        await self._ctx.phase.stop(reason)
        if last:
            self._ctx.gate.close()

    async def close(self) -> None:
        """The screen goes: stop the spinner, and stop and store a stream still running."""
        from tui.turn_spec import INTERRUPTED

        self._stop_ticker()
        self._ctx.phase.cancel(INTERRUPTED)
        await self._ctx.tasks.close(INTERRUPTED)
