"""The Simulator: a real HTTP server on loopback, in its own thread with its own event loop."""

from __future__ import annotations

import asyncio
import threading
from types import TracebackType

from aiohttp import web

from tui.sim.handler import SimHandler
from tui.sim.recording import RecordedRequest, Recorder


class Simulator:
    """OpenRouter's API, simulated: scenarios by model id, every request recorded.

    Usable from sync tests, async tests on another loop, subprocesses and ``--demo``: the
    server runs on a private loop in a daemon thread. ``demo_tps`` paces the answers of
    non-``sim/`` model ids (default: as fast as possible).
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        require_key: str | None = None,
        time_scale: float = 1.0,
        *,
        demo_tps: float | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self._recorder = Recorder()
        self._handler = SimHandler(self._recorder, require_key, time_scale, demo_tps)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._runner: web.ServerRunner | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT/api/v1`` (the same API is also served under ``/v1``)."""
        return f"http://{self.host}:{self.port}/api/v1"

    def start(self) -> Simulator:
        """Start serving; returns once the socket listens. Raises if it cannot bind."""
        if self._thread is not None:
            return self
        ready = threading.Event()
        failure: list[BaseException] = []
        self._thread = threading.Thread(
            target=self._run, args=(ready, failure), name="parley-simulator", daemon=True
        )
        self._thread.start()
        ready.wait()
        if failure:
            self._thread.join()
            self._thread = None
            raise failure[0]
        return self

    def stop(self) -> None:
        """Stop serving and join the thread; in-flight replies are cut off."""
        thread, loop = self._thread, self._loop
        if thread is None or loop is None:
            return
        asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(timeout=10)
        thread.join(timeout=10)
        self._thread = self._loop = None

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def requests(self) -> list[RecordedRequest]:
        """A snapshot of every recorded request, in arrival order."""
        return self._recorder.snapshot()

    def last_request(self) -> RecordedRequest | None:
        records = self._recorder.snapshot()
        return records[-1] if records else None

    def wait_for_requests(self, n: int, timeout: float = 5.0) -> list[RecordedRequest]:
        """Wait until at least ``n`` requests arrived; returns the records (fewer on timeout)."""
        return self._recorder.wait_for_count(n, timeout)

    def wait_for_disconnect(self, req_id: int, timeout: float = 5.0) -> float | None:
        """When the client of request ``req_id`` went away mid-reply, or ``None``.

        Returns as soon as the request is settled: ``None`` at once when the whole reply was
        written, the ``time.monotonic()`` of the disconnect otherwise, ``None`` on timeout.
        """
        return self._recorder.wait_for_disconnect(req_id, timeout)

    def reset(self) -> None:
        """Forget the records and the flaky counters."""
        self._recorder.clear()
        self._handler.reset_counters()

    def _run(self, ready: threading.Event, failure: list[BaseException]) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)  # this thread's own loop
        try:
            loop.run_until_complete(self._listen())
        except BaseException as exc:  # reported to start()'s caller
            failure.append(exc)
            ready.set()
            loop.close()
            return
        self._loop = loop
        ready.set()
        try:
            loop.run_forever()
        finally:
            pending = asyncio.all_tasks(loop)
            for task in pending:
                task.cancel()
            if pending:
                loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _listen(self) -> None:
        server = web.Server(self._handler, handler_cancellation=True, access_log=None)
        # Cancel in-flight handlers quickly on stop: a stalled reply must not hold it up.
        runner = web.ServerRunner(server, shutdown_timeout=0.1)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        self.port = runner.addresses[0][1]

    async def _shutdown(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        asyncio.get_running_loop().call_soon(asyncio.get_running_loop().stop)
