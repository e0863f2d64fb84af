"""A running turn's connection state, told precisely: connecting, retrying, waiting, streaming."""

from __future__ import annotations

from dataclasses import dataclass

from tui.api.types import (
    ContentDelta,
    KeepAlive,
    ReasoningDelta,
    ResponseStarted,
    Retrying,
    StreamEvent,
)

STALL_AFTER = 10.0
"""Seconds without a byte after which a stream is called stalled."""

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


@dataclass
class StreamProgress:
    """What one stream has done so far, fed its events with the time they arrived."""

    started_at: float
    phase: str = "connecting"  # connecting | retrying | waiting | streaming | ended
    last_byte_at: float | None = None
    first_token_at: float | None = None
    keepalives: int = 0
    deltas: int = 0
    retry_until: float | None = None
    ending: str = ""

    def on_event(self, event: StreamEvent, now: float) -> None:
        match event:
            case Retrying(delay=delay):
                self.phase, self.retry_until = "retrying", now + delay
            case ResponseStarted():
                self.phase, self.last_byte_at = "waiting", now
            case KeepAlive():
                self.keepalives += 1
                self.last_byte_at = now
                if self.phase != "streaming":
                    self.phase = "waiting"
            case ContentDelta() | ReasoningDelta():
                if self.first_token_at is None:
                    self.first_token_at = now
                self.phase, self.last_byte_at = "streaming", now
                self.deltas += 1
            case _:
                self.last_byte_at = now

    def end(self, ending: str) -> None:
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
        if self.phase == "connecting":
            return f"connecting · {elapsed:.0f} s"
        if self.phase == "retrying":
            left = max(0.0, (self.retry_until or now) - now)
            return f"retrying in {left:.0f} s"
        if self.phase == "waiting":
            beats = f" · {self.keepalives} keep-alive" + ("s" if self.keepalives != 1 else "")
            return f"waiting at the provider · {elapsed:.0f} s" + (beats if self.keepalives else "")
        rate = self.tokens_per_second(now)
        return f"streaming at {rate:.0f} tok/s" if rate else "streaming"

    def spinner(self, now: float) -> str:
        return SPINNER[int(now * 10) % len(SPINNER)]
