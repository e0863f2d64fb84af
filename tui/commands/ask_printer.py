"""What ``parley ask`` writes: the answer to stdout, thinking and progress to stderr, JSON."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TextIO

from tui.api.content import Citation
from tui.api.errors import ApiError
from tui.api.reasoning import details_to_json
from tui.commands.common import report_error
from tui.commands.exits import EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK
from tui.commands.output import dumps_for
from tui.terminal_out import write_control
from tui.turn_spec import TurnOutcome

if TYPE_CHECKING:
    from tui.commands.markdown_out import MarkdownStream


class Printer:
    """Writes deltas as they arrive (flushed), progress and errors to stderr."""

    def __init__(
        self,
        out: TextIO,
        err: TextIO,
        *,
        as_json: bool,
        raw: bool = False,
        reasoning: bool = False,
        searched: bool = False,
    ) -> None:
        self._out = out
        # Sources asked for (--web) follow the answer on stdout; any a model cites unasked go
        # to stderr, so stdout stays the answer alone.
        self._sources = out if searched else err
        self._err = err
        self._as_json = as_json
        self._err_tty = err.isatty()
        self._reasoning = reasoning
        self._thought = ""  # the thinking written so far, "" once it has been closed
        self._wrote = ""
        self._waits = 0
        self._markdown: MarkdownStream | None = None
        if not (as_json or raw) and out.isatty():
            from tui.commands.markdown_out import MarkdownStream

            self._markdown = MarkdownStream(out)

    def thinking(self, piece: str) -> None:
        """The model's reasoning, to stderr: dimmed on a terminal (whose writer neutralises
        the text itself), as it is when piped."""
        if not (self._reasoning and piece):
            return
        self._clear_status()
        if self._err_tty and not self._thought:
            write_control(self._err, "\x1b[2m")
        self._err.write(piece)
        self._err.flush()
        self._thought = piece

    def _end_thinking(self) -> None:
        """Close the thinking on its own line before anything else is written."""
        if not self._thought:
            return
        if self._err_tty:
            write_control(self._err, "\x1b[0m")
        if not self._thought.endswith("\n"):
            self._err.write("\n")
        self._err.flush()
        self._thought = ""

    def text(self, piece: str) -> None:
        self._clear_status()
        self._end_thinking()
        if self._as_json:
            return
        if self._markdown is not None:
            self._markdown.feed(piece)
        elif piece:
            self._out.write(piece)  # a terminal's writer shows controls visibly; a pipe gets bytes
            self._out.flush()
            self._wrote = piece

    def waiting(self) -> None:
        self._waits += 1
        if self._err_tty:
            status = f"\r\x1b[2m… waiting at the provider ({self._waits})\x1b[0m\x1b[K"
            write_control(self._err, status)
            self._err.flush()

    def retrying(self, error: ApiError, delay: float, attempt: int) -> None:
        self._clear_status()
        self._end_thinking()
        if self._markdown is not None:
            self._markdown.draw()
            self._markdown.settle()
        self._err.write(f"parley: {error.headline()} — retrying in {delay:.0f} s\n")
        self._err.flush()

    def _clear_status(self) -> None:
        if self._waits and self._err_tty:
            write_control(self._err, "\r\x1b[K")
            self._err.flush()
            self._waits = 0

    def close_text(self) -> None:
        """End the answer's last line so the shell prompt starts on its own."""
        self._end_thinking()
        if self._as_json:
            return
        if self._markdown is not None:
            self._markdown.end()
        elif self._wrote and not self._wrote.endswith("\n"):
            self._out.write("\n")
        self._out.flush()

    def finish(self, outcome: TurnOutcome) -> int:
        self._clear_status()
        self.close_text()
        if self._as_json:
            self._out.write(dumps_for(self._out, outcome_json(outcome)) + "\n")
            self._out.flush()
        elif outcome.citations:
            self._sources.write("\n" + "\n".join(citation_lines(outcome.citations)) + "\n")
            self._sources.flush()
        if outcome.error is not None:
            report_error(outcome.error)
            return outcome.error.exit_code
        if outcome.status != "complete":
            return EXIT_INTERRUPTED
        if outcome.finish_reason == "length":
            self._err.write("parley: the answer stopped at max_tokens (finish_reason length)\n")
        # A complete answer that only a recovery file holds is still a failure to store it
        # (the runner has said where it went).
        return EXIT_FAILURE if outcome.unstored else EXIT_OK


def citation_lines(citations: Iterable[Citation]) -> list[str]:
    """``Sources:`` then one numbered line per cited source: its title and its URL."""
    lines = ["Sources:"]
    for number, citation in enumerate(citations, 1):
        title = " ".join(citation.title.split()) or citation.url
        lines.append(f"{number}. {title} <{' '.join(citation.url.split())}>")
    return lines


def outcome_json(outcome: TurnOutcome) -> dict[str, Any]:
    """The object ``parley ask --json`` prints."""
    usage = outcome.usage
    error = outcome.error
    return {
        "status": outcome.status,
        "content": outcome.content,
        "reasoning": outcome.reasoning or None,
        "model": outcome.model_answered or outcome.model_requested,
        "model_requested": outcome.model_requested,
        "provider": outcome.provider,
        "finish_reason": outcome.finish_reason,
        "native_finish_reason": outcome.native_finish_reason,
        "usage": {
            "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens,
            "total_tokens": usage.total_tokens,
            "reasoning_tokens": usage.reasoning_tokens,
        }
        if usage
        else None,
        "reasoning_tokens": outcome.reasoning_tokens,
        "reasoning_seconds": outcome.reasoning_seconds,
        # The blocks to send back on a later request; encrypted ones are data, not text.
        "reasoning_details": details_to_json(outcome.reasoning_details) or None,
        "cost": outcome.cost,
        "generation_id": outcome.generation_id,
        "conversation_id": outcome.conversation_id,
        "message_id": outcome.message_id,
        "citations": [asdict(c) for c in outcome.citations],
        "error": {
            "kind": error.kind.value,
            "status": error.status,
            "code": error.code,
            "message": error.message,
            "hint": error.hint,
        }
        if error
        else None,
    }
