"""One running turn shown live in one transcript: events in, transcript and status out."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncGenerator, Awaitable, Callable

from tui.api.events import (
    Citations,
    ContentDelta,
    Meta,
    ReasoningDelta,
    ReasoningDetails,
    StreamFailed,
)
from tui.controllers.message_views import (
    CONTINUE_KEY,
    live_error_detail,
    sources_words,
    thought_words,
)
from tui.controllers.tasks import ScreenTasks
from tui.controllers.turn_phase import TurnPhase
from tui.progress import StreamProgress
from tui.store import StoreError
from tui.turn import TurnRunner
from tui.turn_spec import INTERRUPTED, TurnFinished, TurnOutcome, TurnSpec, TurnStarted
from tui.widgets.transcript import MessageView, Transcript

THINKING = "thinking…"
"""The thinking block's line while the model reasons."""

TIME_SLICE = 0.002
"""Seconds a turn handles events before it lets other tasks run (a fast stream hogs none)."""

Started = Callable[[TurnStarted], None]
Hook = Callable[[], Awaitable[None]]
Ended = Callable[[TurnOutcome | None, int | None], None]


class LiveTurn:
    """Runs one turn as a task and keeps a transcript in step with it.

    The chat screen has one; each comparison column has its own. Cancelling closes the
    connection at once (the runner stores the partial answer); the transcript keeps it.
    It reports its steps to ``phase``; whoever handles ``on_ended`` calls ``phase.settled()``
    once the stored ending is shown.
    """

    def __init__(
        self,
        runner: TurnRunner,
        transcript: Transcript,
        clock: Callable[[], float],
        *,
        on_started: Started,
        on_ended: Ended,
        tasks: ScreenTasks,
        phase: TurnPhase | None = None,
        on_phase: Callable[[], None] | None = None,
    ) -> None:
        self._tasks = tasks
        self.phase = phase if phase is not None else TurnPhase()
        self._runner = runner
        self._transcript = transcript
        self._clock = clock
        self._on_started = on_started
        self._on_ended = on_ended
        self._task: asyncio.Task[None] | None = None
        self.progress: StreamProgress | None = None
        self.message_key: int | str | None = None
        self._begun = False  # the runner has stored the rows and will store an ending
        self._pending_cancel: tuple[str | None] | None = None
        self._on_phase = on_phase
        self._shown_phase = ""  # the stream's phase as the header and status last told it
        self._thinking = ""  # the thinking block: "" none yet, "live" open, "folded"
        self._cited: list[tuple[str, str]] = []  # the answer's sources so far (title, URL)

    @property
    def client(self) -> object:
        """The API client this turn's runner talks through."""
        return self._runner.client

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(
        self,
        spec: TurnSpec,
        *,
        placeholder_title: str,
        before_request: Hook | None = None,
        first_event: Hook | None = None,
    ) -> None:
        """Start the turn as a task.

        ``before_request`` goes to :meth:`TurnRunner.run`; ``first_event`` is awaited when
        the stream's first event has arrived, before it is shown. Comparison columns use
        both to send together and to hold a fast answer until every request is out.
        """
        if self.running:
            raise RuntimeError("a turn is already running")
        self.phase.sending(self._cancel_task)
        self.progress = StreamProgress(self._clock())
        self.message_key = None
        self._begun, self._pending_cancel, self._thinking = False, None, ""
        self._cited = []
        hooks = (before_request, first_event)
        self._task = self._tasks.spawn(
            self._run(spec, placeholder_title, hooks), name=f"turn {placeholder_title}"
        )

    def interrupt(self, reason: str) -> None:
        """Cancel at once, without waiting (from a signal: the loop may not get much further)."""
        self.phase.cancel(reason)

    async def cancel(self, reason: str | None = None) -> None:
        """Cancel the running turn and wait until its partial answer is stored."""
        self.phase.cancel(reason)
        await self.wait()

    def _cancel_task(self, reason: str | None) -> None:
        # Called once per turn (the phase sees to that): a second cancel would cut short the
        # store write of the first. Before the runner has stored its rows, a cancel would
        # leave a row it never ends, so it waits for them (a store write, not the network).
        if self._task is None or self._task.done():
            return
        if self._begun:
            self._task.cancel(reason)
        else:
            self._pending_cancel = (reason,)

    async def wait(self) -> None:
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _run(
        self,
        spec: TurnSpec,
        placeholder_title: str,
        hooks: tuple[Hook | None, Hook | None],
    ) -> None:
        outcome: TurnOutcome | None = None
        before_request, first_event = hooks
        try:
            events = self._runner.run(spec, before_request=before_request)
            try:
                outcome = await self._consume(events, placeholder_title, first_event)
            except asyncio.CancelledError as exc:
                # Cancelled between two events, the runner waits at a yield: a bare close
                # would read as a plain cancel there, so it gets the cancel and its reason
                # (a signal's "interrupted" must be stored as such).
                with contextlib.suppress(asyncio.CancelledError, StopAsyncIteration):
                    await events.athrow(exc)
                raise
            finally:
                await events.aclose()
        except asyncio.CancelledError as exc:
            status = INTERRUPTED if INTERRUPTED in exc.args else "cancelled"
            self._stopped(status)
            raise
        except StoreError as exc:  # the history refused the prompt: say which file and why
            self._stopped("error", " ".join(exc.lines()))
        except Exception as exc:  # a programming failure: show it, lose nothing
            self._stopped("error", f"{type(exc).__name__}: {exc}")
        finally:
            if self.progress is not None and self.progress.phase != "ended":
                self.progress.end("")
            if self.message_key is not None and self._has(self.message_key):
                self._transcript.update_message(self.message_key, mark="")  # the phase is over
            self.phase.ending()
            if outcome is not None and outcome.unstored and outcome.storage is not None:
                # The answer is on screen but not in the history: say where it was kept.
                message = " ".join(outcome.storage.lines())
                self._transcript.app.notify(message, severity="error", timeout=30)
            self._on_ended(outcome, self.message_key if isinstance(self.message_key, int) else None)

    async def _consume(
        self, events: AsyncGenerator[object, None], placeholder_title: str, first_event: Hook | None
    ) -> TurnOutcome | None:
        outcome: TurnOutcome | None = None
        slice_started = time.perf_counter()
        async for event in events:
            if first_event is not None and not isinstance(event, TurnStarted):
                await first_event()
                first_event = None
            self._show(event, placeholder_title)
            if isinstance(event, TurnStarted):
                self._begin()
            elif not isinstance(event, TurnFinished):
                self.phase.streaming()
            if isinstance(event, TurnFinished):
                outcome = event.outcome
            elif time.perf_counter() - slice_started > TIME_SLICE:
                # A fast stream delivers many events per read: let the other turns
                # (comparison columns) and the screen have the loop in between.
                await asyncio.sleep(0)
                slice_started = time.perf_counter()
        return outcome

    def _begin(self) -> None:
        self._begun = True
        if self._pending_cancel is not None and self._task is not None:
            self._task.cancel(self._pending_cancel[0])

    def _show(self, event: object, placeholder_title: str) -> None:
        now = self._clock()
        if isinstance(event, TurnStarted):
            self._on_started(event)
            self.message_key = event.assistant_message_id or f"live-{id(self)}"
            mark = self.progress.header_mark(now) if self.progress else ""
            self._shown_phase = self.progress.phase if self.progress else ""
            if event.assistant_message_id is not None and self._has(event.assistant_message_id):
                # Continued: it streams again, so its old ending ("cancelled") no longer holds.
                self._transcript.update_message(
                    event.assistant_message_id, status="streaming", detail="", footer="", mark=mark
                )
            else:
                self._transcript.add_message(
                    MessageView(
                        self.message_key,
                        "assistant",
                        "",
                        placeholder_title,
                        status="streaming",
                        mark=mark,
                    )
                )
            return
        if isinstance(event, TurnFinished) or self.progress is None:
            return
        self.progress.on_event(event, now)  # type: ignore[arg-type]
        self.show_phase()
        key = self.message_key
        if key is None:
            return
        if isinstance(event, ContentDelta):
            if self._thinking == "live":
                self._fold_thinking(key, now)
            self._transcript.append_text(key, event.text)
        elif isinstance(event, ReasoningDelta | ReasoningDetails):
            if not self._thinking:
                self._thinking = "live"
                self._transcript.update_message(key, thought=THINKING)
            if isinstance(event, ReasoningDelta):  # details are never shown: encrypted, or
                self._transcript.append_reasoning(key, event.text)  # the same text again
        elif isinstance(event, Citations):  # the sources show as soon as they are known
            self._cited += [(c.title or "", c.url) for c in event.citations]
            self._transcript.update_message(key, detail=sources_words(tuple(self._cited)))
        elif isinstance(event, Meta) and event.model:
            self._transcript.update_message(key, title=event.model)
        elif isinstance(event, StreamFailed):
            self._transcript.update_message(
                key, status="error", detail=live_error_detail(event.error), mark=""
            )
            self.progress.end(f"error · {event.error.headline()}")

    def _fold_thinking(self, key: int | str, now: float) -> None:
        """The answer begins: its thinking folds to one line saying how long it took."""
        self._thinking = "folded"
        seconds = self.progress.thought_for(now) if self.progress else None
        self._transcript.update_message(key, thought=thought_words(seconds))
        self._transcript.set_thinking_open(key, False)

    def show_phase(self) -> None:
        """Tell the header and the status the stream's phase as soon as it changes."""
        progress, key = self.progress, self.message_key
        if progress is None or progress.phase == "ended":
            return
        now = self._clock()
        phase = progress.phase_at(now)
        if phase == self._shown_phase:
            return
        self._shown_phase = phase
        if key is not None and self._has(key):
            self._transcript.update_message(key, mark=progress.header_mark(now))
        if self._on_phase is not None:
            self._on_phase()

    def _has(self, key: int | str) -> bool:
        return key in self._transcript.message_keys()

    def _stopped(self, status: str, detail: str | None = None) -> None:
        if self.progress is not None:
            self.progress.end(status if detail is None else f"error · {detail}")
        key = self.message_key
        if key is None or not self._has(key):
            return
        note = detail or f"{status} · {CONTINUE_KEY} continues it"
        self._transcript.update_message(key, status=status, detail=note, mark="")
        self._transcript.flush()
