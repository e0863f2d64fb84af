"""The turn runner: one prompt in, one streamed and stored answer out, however it ends."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from tui.api.content import Citation
from tui.api.errors import ApiError
from tui.api.events import (
    Citations,
    ContentDelta,
    Finished,
    Meta,
    ReasoningDelta,
    ReasoningDetails,
    ResponseStarted,
    StreamEnded,
    StreamEvent,
    StreamFailed,
    UsageReport,
)
from tui.api.parse import answer_events
from tui.api.reasoning import ReasoningDetail, merge_details
from tui.api.types import ChatMessage, ChatRequest, Completion, CompletionRequest, Usage
from tui.attachments import load_attachments, to_stored
from tui.continuation import Joint
from tui.store import Conversation, Message, Store
from tui.store.records import FinalStatus
from tui.store.recovery import RecoveredAnswer
from tui.turn_history import (
    as_prompt,
    left_out,
    request_messages,
    stored_params,
    stored_path,
)
from tui.turn_record import AnswerRecorder, StorageReport, recovered_answer, store_outcome
from tui.turn_spec import (
    INTERRUPTED,
    TurnFinished,
    TurnOutcome,
    TurnSpec,
    TurnStarted,
)

if TYPE_CHECKING:  # the HTTP client is imported when one is made, after the first paint
    from tui.api.client import OpenAICompatibleClient

SAVE_INTERVAL = 1.0
"""Seconds between writes of a growing answer: a crash loses at most this much text."""

TurnEvent = TurnStarted | TurnFinished | StreamEvent


@dataclass
class _Progress:
    """What has arrived so far: the runner's mutable state during one turn."""

    content: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    details: list[ReasoningDetail] = field(default_factory=list)
    reasoning_from: float | None = None
    reasoning_until: float | None = None
    meta: Meta | None = None
    finished: Finished | None = None
    usage: Usage | None = None
    citations: list[Citation] = field(default_factory=list)
    error: ApiError | None = None
    skipped: int = 0
    ttft: float | None = None
    ended: bool = False

    def text(self) -> str:
        return "".join(self.content)

    def text_arrived(self, now: float, started: float) -> float:
        """Answer or reasoning text came at ``now``: the first of either is the first token."""
        if self.ttft is None:
            self.ttft = now - started
        return now

    def reasoned(self, now: float) -> None:
        if self.reasoning_from is None:
            self.reasoning_from = now

    def answered(self, now: float) -> None:
        if self.reasoning_from is not None and self.reasoning_until is None:
            self.reasoning_until = now

    def reasoning_seconds(self, now: float) -> float | None:
        if self.reasoning_from is None:
            return None
        return (self.reasoning_until or now) - self.reasoning_from


class TurnRunner:
    """Stores the prompt, streams the answer, keeps the partial text, and stores the ending.

    ``parley ask``, the chat screen and each comparison column all run turns through this,
    so streaming, persistence and cancellation are written once.
    """

    def __init__(
        self,
        client: OpenAICompatibleClient,
        store: Store | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        save_interval: float = SAVE_INTERVAL,
        storage_grace: float | None = None,
        on_unstored: Callable[[StorageReport], None] | None = None,
    ) -> None:
        self._client = client
        self._store = store
        self._clock = clock
        self._save_interval = save_interval
        self._storage_grace = storage_grace
        self._on_unstored = on_unstored

    @property
    def client(self) -> OpenAICompatibleClient:
        return self._client

    async def run(
        self, spec: TurnSpec, *, before_request: Callable[[], Awaitable[None]] | None = None
    ) -> AsyncIterator[TurnEvent]:
        """Yield ``TurnStarted``, the stream's events, then ``TurnFinished``.

        Cancelling the consuming task closes the connection and stores the partial answer as
        ``cancelled`` (or ``interrupted`` when cancelled with :data:`INTERRUPTED`).
        ``before_request``, when given, is awaited after the answer's message is stored and
        just before the request leaves: comparison columns wait there to send together.
        """
        store = self._store if spec.save else None
        conversation, user_message, history = await self._prepare(spec, store)
        assistant = await self._assistant_message(spec, store, conversation)
        started = self._clock()
        progress = _Progress()
        if spec.continue_message_id is not None and history:
            progress.content.append(history[-1].content)
        status: FinalStatus = "error"
        # Writes happen beside the stream, never in its way: a locked or full database
        # slows nothing and loses nothing (see tui.turn_record).
        recorder = self._recorder(store, assistant, progress)
        try:
            # Inside the try: a caller that stops listening right here still stores an ending.
            yield TurnStarted(conversation, user_message, assistant.id if assistant else None)
            started = progress.saved_at = self._clock()
            if before_request is not None:
                await before_request()
                started = self._clock()
            async with aclosing(self._events(spec, history)) as events:
                async for event in events:
                    self._absorb(progress, event, started)
                    if isinstance(event, StreamEnded | StreamFailed):
                        break
                    if recorder and isinstance(event, ContentDelta | ReasoningDelta):
                        recorder.changed()
                    yield event
            status = "error" if progress.error else "complete"
        except asyncio.CancelledError as exc:
            status = INTERRUPTED if INTERRUPTED in exc.args else "cancelled"
            raise
        except GeneratorExit:
            # The caller stopped listening (closed the generator): the same as a cancel.
            status = "cancelled"
            raise
        finally:
            outcome = self._outcome(spec, progress, status, conversation, assistant, started)
            if recorder is not None and assistant is not None:
                storing = self._store_ending(recorder, assistant.id, outcome, spec, history)
                outcome = replace(outcome, storage=await asyncio.shield(storing))
        if progress.error:
            yield StreamFailed(progress.error, progress.skipped)
        yield TurnFinished(outcome)

    def _recorder(
        self, store: Store | None, assistant: Message | None, progress: _Progress
    ) -> AnswerRecorder | None:
        if store is None or assistant is None:
            return None

        def snapshot() -> tuple[str, str | None]:
            return progress.text(), "".join(progress.reasoning) or None

        recorder = AnswerRecorder(
            store,
            assistant.id,
            snapshot,
            save_interval=self._save_interval,
            grace=self._storage_grace,
        )
        recorder.start()
        return recorder

    async def _store_ending(
        self,
        recorder: AnswerRecorder,
        message_id: int,
        outcome: TurnOutcome,
        spec: TurnSpec,
        history: list[ChatMessage],
    ) -> StorageReport:
        store = self._store
        assert store is not None

        def recovered(reason: str) -> RecoveredAnswer:
            return recovered_answer(outcome, spec.prompt, history, reason)

        report = await recorder.finish(
            lambda wait: store_outcome(store, message_id, outcome, wait), recovered
        )
        if not report.stored and self._on_unstored is not None:
            self._on_unstored(report)
        return report

    async def _assistant_message(
        self, spec: TurnSpec, store: Store | None, conversation: Conversation | None
    ) -> Message | None:
        if store is None or conversation is None:
            return None
        if spec.continue_message_id is not None:
            return await store.resume_message(spec.continue_message_id)
        # After a prompt the answer follows it (the end of the chosen path by then).
        parent = spec.parent_id if spec.prompt is None else None
        return await store.start_assistant_message(
            conversation.id, spec.model, stored_params(spec), lane=spec.lane, parent_id=parent
        )

    async def _prepare(
        self, spec: TurnSpec, store: Store | None
    ) -> tuple[Conversation | None, Message | None, list[ChatMessage]]:
        conversation = None
        history: list[ChatMessage] = []
        reader = self._store
        if spec.conversation_id is not None and reader is not None:
            conversation = await reader.get_conversation(spec.conversation_id)
            if conversation is None:
                raise LookupError(f"no conversation {spec.conversation_id}")
            stored = left_out(await stored_path(reader, conversation.id, spec), spec.leave_out)
            files = await load_attachments(reader, [m.id for m in stored if m.role == "user"])
            history = request_messages(stored, spec.lane, files)
        system = spec.system if spec.system is not None else getattr(conversation, "system", None)
        if system and not any(m.role == "system" for m in history):
            history.insert(0, ChatMessage("system", system))
        user_message = None
        if spec.prompt is not None:
            history.append(ChatMessage("user", spec.prompt, attachments=spec.attachments))
            if store is not None:
                if conversation is None:
                    conversation = await store.create_conversation(
                        model=spec.model, system=spec.system
                    )
                user_message = await store.add_message(
                    conversation.id,
                    "user",
                    spec.prompt,
                    parent_id=spec.parent_id,
                    model_requested=spec.model,
                )
                if spec.attachments:
                    await store.attach(user_message.id, [to_stored(a) for a in spec.attachments])
        return conversation, user_message, history

    async def _events(self, spec: TurnSpec, history: list[ChatMessage]) -> AsyncIterator:
        continued = spec.continue_message_id is not None and history
        joint = Joint(history[-1].content if continued else "")
        params = dict(spec.params)
        if spec.completion:
            prompt = spec.prompt if spec.prompt is not None else as_prompt(history)
            request: Any = CompletionRequest(
                spec.model, prompt, params, spec.fallback_models, spec.stream
            )
            streamer, caller = self._client.stream_completion, self._client.complete
        else:
            request = ChatRequest(
                spec.model,
                tuple(history),
                params,
                spec.fallback_models,
                spec.stream,
                plugins=spec.plugins(),
            )
            streamer, caller = self._client.stream_chat, self._client.chat
        if spec.stream:
            async with aclosing(streamer(request)) as stream:
                async for event in stream:
                    yield joint.fix(event)
            return
        try:
            completion = await caller(request)
        except ApiError as exc:
            yield StreamFailed(exc)
            return
        for event in completion_events(completion):
            yield joint.fix(event)

    def _absorb(self, progress: _Progress, event: StreamEvent, started: float) -> None:
        match event:
            case ContentDelta(text=text):
                now = progress.text_arrived(self._clock(), started)
                progress.answered(now)
                progress.content.append(text)
            case ReasoningDelta(text=text):
                now = progress.text_arrived(self._clock(), started)
                progress.reasoned(now)
                progress.reasoning.append(text)
            case ReasoningDetails(details=details):
                progress.reasoned(self._clock())
                progress.details = merge_details(progress.details, details)
            case Meta():
                progress.meta = event
            case Finished():
                progress.finished = event
            case UsageReport(usage=usage):
                progress.usage = usage
            case Citations(citations=citations):
                progress.citations.extend(citations)
            case StreamFailed(error=error, skipped_events=skipped):
                progress.error, progress.skipped = error, skipped
            case StreamEnded(skipped_events=skipped):
                progress.skipped, progress.ended = skipped, True

    def _outcome(
        self,
        spec: TurnSpec,
        progress: _Progress,
        status: FinalStatus,
        conversation: Conversation | None,
        assistant: Message | None,
        started: float,
    ) -> TurnOutcome:
        meta = progress.meta
        finished = progress.finished
        now = self._clock()
        return TurnOutcome(
            status=status,
            content=progress.text(),
            reasoning="".join(progress.reasoning),
            model_requested=spec.model,
            model_answered=meta.model if meta else None,
            provider=meta.provider if meta else None,
            generation_id=meta.generation_id if meta else None,
            finish_reason=finished.reason if finished else None,
            native_finish_reason=finished.native_reason if finished else None,
            usage=progress.usage,
            error=progress.error,
            conversation_id=conversation.id if conversation else None,
            message_id=assistant.id if assistant else None,
            ttft=progress.ttft,
            duration=now - started,
            skipped_events=progress.skipped,
            reasoning_details=tuple(progress.details),
            # A whole reply arrives at once: no time can be told between its parts.
            reasoning_seconds=progress.reasoning_seconds(now) if spec.stream else None,
            citations=tuple(progress.citations),
        )


def completion_events(completion: Completion) -> list[StreamEvent]:
    """A whole answer told as the events a stream of it would have yielded."""
    events: list[StreamEvent] = [ResponseStarted(200), *answer_events(completion)]
    if completion.usage:
        events.append(UsageReport(completion.usage))
    if completion.finish_reason:
        events.append(Finished(completion.finish_reason, completion.native_finish_reason))
    events.append(StreamEnded(saw_done=True))
    return events
