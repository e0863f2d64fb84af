"""Carries out a reply's writes on the socket: paced, fragmented, dropped, and recorded."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from aiohttp import web

from tui.sim.recording import RecordedRequest
from tui.sim.streams import DROP, Action, Fragments, Pause

if TYPE_CHECKING:
    from tui.sim.handler import SimHandler

_FRAGMENT_GAP = 0.003  # seconds between the writes of one fragmented event


class _Pacer:
    """Sleeps so that consecutive pauses add up exactly, without drifting."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.loop = asyncio.get_running_loop()
        self.due: float | None = None

    async def pause(self, seconds: float) -> None:
        now = self.loop.time()
        if self.due is None or self.due < now - 0.05:
            self.due = now  # a slow reader held us back: resume the pace from here
        self.due += seconds * self.scale
        if self.due > now:
            await asyncio.sleep(self.due - now)


async def send(
    handler: SimHandler,
    request: web.BaseRequest,
    record: RecordedRequest,
    actions: Iterable[Action],
    status: int,
    headers: dict[str, str],
    length: int | None,
) -> web.StreamResponse:
    """Write ``actions`` as the reply; headers go out with the first bytes."""
    reply = _Reply(handler, request, record, status, headers, length)
    pacer = _Pacer(handler.time_scale)
    for action, last in _with_last(actions):
        if isinstance(action, bytes):
            await reply.write(action, last)
        elif isinstance(action, Pause):
            await pacer.pause(action.seconds)
        elif isinstance(action, Fragments):
            for i, part in enumerate(action.parts):
                if i:
                    await asyncio.sleep(_FRAGMENT_GAP * handler.time_scale)
                await reply.write(part, last and i == len(action.parts) - 1)
        elif action is DROP:
            reply.drop()
            return reply.resp
    if not reply.done:
        await reply.write(b"", True)
    return reply.resp


class _Reply:
    """One response on its way out, keeping the record's times true to the wire."""

    def __init__(
        self,
        handler: SimHandler,
        request: web.BaseRequest,
        record: RecordedRequest,
        status: int,
        headers: dict[str, str],
        length: int | None,
    ) -> None:
        self.recorder, self.request, self.record = handler.recorder, request, record
        self.resp = web.StreamResponse(status=status, headers=headers)
        if length is not None:
            self.resp.content_length = length
        self.done = False

    async def write(self, data: bytes, last: bool) -> None:
        if not self.resp.prepared:
            self.recorder.update(self.record, status=self.resp.status)
            await self.resp.prepare(self.request)
        if data:
            self.recorder.first_byte(self.record)
        if not last:
            await self.resp.write(data)
            # Yield, so a client that went away is noticed between any two writes.
            await asyncio.sleep(0)
            return
        # Recorded first, so a client that has read the whole reply finds it set.
        self.recorder.finished(self.record)
        self.done = True
        try:
            await self.resp.write_eof(data)
        except ConnectionResetError:
            self.recorder.unfinish(self.record)

    def drop(self) -> None:
        """Close the connection now: what was written is flushed, then FIN, no terminator."""
        self.recorder.finished(self.record)
        self.done = True
        if self.request.transport is not None:
            self.request.transport.close()


def _with_last(actions: Iterable[Action]) -> Iterator[tuple[Action, bool]]:
    """Each action, and whether it is the last one."""
    iterator = iter(actions)
    previous = next(iterator, None)
    for action in iterator:
        yield previous, False  # type: ignore[misc]
        previous = action
    if previous is not None:
        yield previous, True
