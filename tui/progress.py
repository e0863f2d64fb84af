"""A running turn's connection state, told precisely: connecting, retrying, waiting, streaming."""

from __future__ import annotations

from dataclasses import dataclass

from tui.api.errors import ApiError, ErrorKind
from tui.api.events import (
    ContentDelta,
    KeepAlive,
    ReasoningDelta,
    ReasoningDetails,
    ResponseStarted,
    Retrying,
    StreamEvent,
)

STALL_AFTER = 10.0
"""Seconds without a byte after which a stream is called stalled."""

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

# What the answer's header says in each phase before text flows ("streaming…" once it does).
HEADER_MARKS = {
    "connecting": "connecting…",
    "retrying": "retrying…",
    "waiting": "waiting at the provider…",
    "thinking": "thinking…",
}


def retry_reason(error: ApiError) -> str:
    """Why a request is tried again, in a few words a person knows (``rate limited (429)``)."""
    if error.kind is ErrorKind.NETWORK:
        return "connection failed"
    if error.status == 429:
        return "rate limited (429)"
    if error.status is not None and error.status >= 500:
        return f"provider down ({error.status})"
    return f"HTTP {error.status}" if error.status else error.kind.value.replace("_", " ")


@dataclass
class StreamProgress:
    """What one stream has done so far, fed its events with the time they arrived.

    ``thinking`` is the phase while the model reasons before its answer (reasoning text or
    details, no answer text yet); ``thinking_since``/``thinking_until`` bound it, and
    :meth:`thought_for` tells how long it lasted, so far or in all.
    """

    started_at: float
    phase: str = "connecting"  # connecting | retrying | waiting | thinking | streaming | ended
    last_byte_at: float | None = None
    first_token_at: float | None = None
    keepalives: int = 0
    deltas: int = 0
    retry_until: float | None = None
    retry_why: str = ""
    ending: str = ""
    thinking_since: float | None = None
    thinking_until: float | None = None
    reasoning_deltas: int = 0

    def on_event(self, event: StreamEvent, now: float) -> None:
        match event:
            case Retrying(delay=delay, error=error):
                self.phase, self.retry_until = "retrying", now + delay
                self.retry_why = retry_reason(error)
            case ResponseStarted():
                self.phase, self.last_byte_at = "waiting", now
            case KeepAlive():
                self.keepalives += 1
                self.last_byte_at = now
                if self.phase != "streaming":
                    self.phase = "waiting"
            case ContentDelta(pieces=pieces):
                self._token(now, pieces)
                if self.thinking_since is not None and self.thinking_until is None:
                    self.thinking_until = now
                self.phase = "streaming"
            case ReasoningDelta(pieces=pieces):
                self._token(now, pieces)
                self.reasoning_deltas += pieces
                self._thinking(now)
            case ReasoningDetails():
                # Encrypted reasoning has no text, yet the model is thinking all the same.
                self.last_byte_at = now
                self._thinking(now)
            case _:
                self.last_byte_at = now

    def _token(self, now: float, pieces: int) -> None:
        if self.first_token_at is None:
            self.first_token_at = now
        self.last_byte_at = now
        self.deltas += pieces

    def _thinking(self, now: float) -> None:
        if self.thinking_until is not None or self.phase in ("streaming", "ended"):
            return  # reasoning after the answer began is told as streaming
        if self.thinking_since is None:
            self.thinking_since = now
        self.phase = "thinking"

    def thought_for(self, now: float) -> float | None:
        """Seconds of reasoning: so far while thinking, in all once the answer began."""
        if self.thinking_since is None:
            return None
        return (self.thinking_until or now) - self.thinking_since

    def end(self, ending: str) -> None:
        if self.thinking_since is not None and self.thinking_until is None:
            self.thinking_until = self.last_byte_at or self.thinking_since
        self.phase, self.ending = "ended", ending

    @property
    def waiting_for_first_token(self) -> bool:
        return self.first_token_at is None and self.phase != "ended"

    def tokens_per_second(self, now: float) -> float | None:
        if self.first_token_at is None or self.deltas < 2:
            return None
        span = now - self.first_token_at
        return self.deltas / span if span > 0.2 else None

    def describe(self, now: float) -> str:
        """One short line for the status bar."""
        elapsed = now - self.started_at
        if self.phase == "ended":
            return self.ending
        if self.last_byte_at is not None and now - self.last_byte_at >= STALL_AFTER:
            return f"stalled · no data for {now - self.last_byte_at:.0f} s"
        phase = self.phase_at(now)
        if phase == "connecting":
            again = f" · again after {self.retry_why}" if self.retry_why else ""
            return f"connecting · {elapsed:.0f} s{again}"
        if phase == "retrying":
            left = max(0.0, (self.retry_until or now) - now)
            return f"{self.retry_why} · retrying in {left:.0f} s"
        if phase == "thinking":
            return f"thinking · {self.thought_for(now) or 0:.0f} s"
        if self.phase == "waiting":
            beats = f" · {self.keepalives} keep-alive" + ("s" if self.keepalives != 1 else "")
            return f"waiting at the provider · {elapsed:.0f} s" + (beats if self.keepalives else "")
        rate = self.tokens_per_second(now)
        return f"streaming at {rate:.0f} tok/s" if rate else "streaming"

    def phase_at(self, now: float) -> str:
        """The phase at ``now``: a retry whose wait is over is connecting again."""
        if self.phase == "retrying" and now >= (self.retry_until or now):
            return "connecting"
        return self.phase

    def header_mark(self, now: float) -> str:
        """The answer's header mark at ``now`` ("" once text streams: "streaming…")."""
        return HEADER_MARKS.get(self.phase_at(now), "")

    def spinner(self, now: float) -> str:
        return SPINNER[int(now * 10) % len(SPINNER)]
