"""One network read, one batch: the consecutive text deltas a read completes, as one event."""

from __future__ import annotations

from itertools import chain

from tui.api.events import ContentDelta, ReasoningDelta, ReasoningDetails, StreamEvent

_REASONING = (ReasoningDelta, ReasoningDetails)


class DeltaBatcher:
    """Joins the consecutive text deltas among the events of one read of a stream.

    A paced stream gathered at the socket brings a few tokens per read; every event costs
    the turn runner, the live view and the status their work once, so a read's text is told
    once. Only text joins: answer deltas with answer deltas, and a run of reasoning (its
    text and its details, which OpenRouter sends together in every chunk) as one
    ``ReasoningDelta`` and one ``ReasoningDetails`` (details join piece by piece either
    way). Anything else between them (who answers, citations, a keep-alive, usage, the
    finish, an error) ends a run, so every event keeps its place around it. The stream's
    first answer delta stays alone: a continued answer's joint is chosen by exactly it.
    """

    __slots__ = ("_answered",)

    def __init__(self) -> None:
        self._answered = False

    def batch(self, events: list[StreamEvent]) -> list[StreamEvent]:
        """``events`` (one read's, in order) with each run of text deltas joined."""
        if len(events) < 2 and (self._answered or not events):
            return events
        out: list[StreamEvent] = []
        at, end = 0, len(events)
        while at < end:
            event = events[at]
            kind = type(event)
            if kind is ContentDelta and self._answered:
                stop = _run_end(events, at, (ContentDelta,))
                out.append(event if stop == at + 1 else _answer(events[at:stop]))
            elif kind is ContentDelta:
                self._answered = True
                stop = at + 1
                out.append(event)
            elif kind is ReasoningDelta or kind is ReasoningDetails:
                stop = _run_end(events, at, _REASONING)
                out += [event] if stop == at + 1 else _reasoning(events[at:stop])
            else:
                stop = at + 1
                out.append(event)
            at = stop
        return out


def _run_end(events: list[StreamEvent], at: int, kinds: tuple[type, ...]) -> int:
    stop = at + 1
    while stop < len(events) and type(events[stop]) in kinds:
        stop += 1
    return stop


def _answer(run: list[StreamEvent]) -> ContentDelta:
    return ContentDelta(
        "".join(e.text for e in run),  # type: ignore[union-attr]
        sum(e.pieces for e in run),  # type: ignore[union-attr]
    )


def _reasoning(run: list[StreamEvent]) -> list[StreamEvent]:
    """A run of reasoning as its text, then its details (in the order the run began)."""
    texts = [e for e in run if type(e) is ReasoningDelta]
    details = [e for e in run if type(e) is ReasoningDetails]
    joined: list[StreamEvent] = []
    if texts:
        text = "".join(e.text for e in texts)  # type: ignore[union-attr]
        joined.append(ReasoningDelta(text, sum(e.pieces for e in texts)))  # type: ignore[union-attr]
    if details:
        pieces = tuple(chain.from_iterable(e.details for e in details))  # type: ignore[union-attr]
        joined.append(ReasoningDetails(pieces))
    if type(run[0]) is ReasoningDetails:
        joined.reverse()
    return joined
