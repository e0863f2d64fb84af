"""A turn's phases (idle → sending → streaming → ending → idle) and what each action may do."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from enum import StrEnum
from typing import Literal

BUSY_NOTE = "An answer is streaming — esc stops it."

Busy = Literal["refuse", "stop", "run"]
"""What an action does while a turn sends or streams: refuse with a note, stop it first, or
run alongside it (actions that neither start, stop nor drop a turn)."""


class TurnState(StrEnum):
    IDLE = "idle"
    SENDING = "sending"
    """The prompt and the answer's row are being stored; the request leaves after that."""
    STREAMING = "streaming"
    ENDING = "ending"
    """The turn is over or cancelled; its ending is being stored and shown."""


class TurnPhase:
    """Where one transcript's turn is (the chat's, or one comparison column's).

    The live turn reports its steps; the screen reports ``settled`` once the stored ending is
    shown. ``ending`` lasts until then, so whatever reads the history after a turn reads it
    whole, never half stored.
    """

    def __init__(self) -> None:
        self.state = TurnState.IDLE
        self._idle = asyncio.Event()
        self._idle.set()
        self._cancel: Callable[[str | None], None] | None = None

    @property
    def busy(self) -> bool:
        """Sending or streaming: a turn that escape would stop."""
        return self.state in (TurnState.SENDING, TurnState.STREAMING)

    @property
    def idle(self) -> bool:
        return self.state is TurnState.IDLE

    def sending(self, cancel: Callable[[str | None], None]) -> None:
        """A turn starts; ``cancel(reason)`` asks it to stop (it stores its partial answer)."""
        if self.state is not TurnState.IDLE:
            raise RuntimeError(f"a turn is already {self.state}")
        self.state = TurnState.SENDING
        self._cancel = cancel
        self._idle.clear()

    def streaming(self) -> None:
        if self.state is TurnState.SENDING:
            self.state = TurnState.STREAMING

    def ending(self) -> None:
        if self.state is not TurnState.IDLE:
            self.state = TurnState.ENDING

    def settled(self) -> None:
        self.state = TurnState.IDLE
        self._cancel = None
        self._idle.set()

    def cancel(self, reason: str | None = None) -> bool:
        """Ask a sending or streaming turn to stop, once; False when there is none."""
        if not self.busy or self._cancel is None:
            return False
        self.state = TurnState.ENDING
        self._cancel(reason)
        return True

    async def stop(self, reason: str | None = None) -> None:
        """Stop the turn, if one runs, and wait until its ending is stored and shown."""
        self.cancel(reason)
        await self._idle.wait()

    async def wait_idle(self) -> None:
        await self._idle.wait()


class ActionGate:
    """Runs the actions that start, stop or drop turns one at a time, never racing a turn.

    An action waits while a turn is ending (it is queued until the ending is stored); while a
    turn sends or streams, it is refused with a note, stops the turn first, or runs, as it says.
    """

    def __init__(
        self, phases: Callable[[], Iterable[TurnPhase]], note: Callable[[str], None]
    ) -> None:
        self._phases = phases
        self._note = note
        self._lock = asyncio.Lock()
        self._closed = False

    @property
    def acting(self) -> bool:
        """True while an action runs or waits its turn."""
        return self._lock.locked()

    def close(self) -> None:
        """Drop every action from now on: the screen is going away (leaving, or quitting).

        A prompt sent a moment before would otherwise start turns that nobody could stop.
        """
        self._closed = True

    async def wait(self) -> None:
        """Wait until no action runs or waits its turn."""
        while self._lock.locked():
            async with self._lock:
                pass

    async def run(
        self,
        action: Callable[[], Awaitable[object]],
        *,
        busy: Busy = "refuse",
        note: str = BUSY_NOTE,
    ) -> bool:
        """Run ``action`` once it is its turn; False when it was refused (or the gate closed)."""
        async with self._lock:
            if self._closed:
                return False
            await self._endings()
            running = [phase for phase in self._phases() if phase.busy]
            if running and busy == "refuse":
                self._note(note)
                return False
            if running and busy == "stop":
                await asyncio.gather(*(phase.stop() for phase in running))
            await action()
            return True

    async def _endings(self) -> None:
        """Wait until no turn is ending: what the action reads must be stored whole."""
        while ending := [p for p in self._phases() if p.state is TurnState.ENDING]:
            await asyncio.gather(*(phase.wait_idle() for phase in ending))
