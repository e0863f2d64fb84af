"""Driving the app in tests: send a prompt, wait for a condition or a turn, read the status."""

from __future__ import annotations

import html
import inspect
import re
import time
from collections.abc import Callable

from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Label

from tui.screens.chat import ChatScreen
from tui.widgets.prompt import PromptEditor
from tui.widgets.status import StatusLine

LONG_STREAM = "sim/slow:tps=60,tokens=3000"  # streams for 50 s: mid-stream whenever a test looks


async def send(pilot: Pilot, text: str) -> None:
    """Type ``text`` into the prompt and press enter."""
    editor = pilot.app.screen.query_one(PromptEditor)
    editor.focus()
    editor.load(text)
    await pilot.press("enter")


async def ask(pilot: Pilot, text: str) -> ChatScreen:
    """Send ``text`` and wait until its turn is over."""
    await send(pilot, text)
    return await settle(pilot)


async def settle(pilot: Pilot) -> ChatScreen:
    """Wait until the screen's turn (and its follow-up work) is over."""
    screen = pilot.app.screen
    assert isinstance(screen, ChatScreen)
    if screen._live is not None:
        await screen._live.wait()
    await pilot.app.workers.wait_for_complete()
    await screen.workers.wait_for_complete()
    await pilot.pause()
    return screen


async def wait_until(pilot: Pilot, predicate: Callable[[], object], limit: float = 10.0) -> None:
    """Let the app run until ``predicate()`` holds (awaited when it returns an awaitable, such
    as a store query); fail after ``limit`` seconds.

    The limit only ends a test that would hang: what the test waits for is the condition.
    """
    deadline = time.monotonic() + limit
    while not await _holds(predicate):
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.02)


async def _holds(predicate: Callable[[], object]) -> bool:
    value = predicate()
    if inspect.isawaitable(value):
        value = await value
    return bool(value)


async def streaming(pilot: Pilot, text: str = "a long answer, please") -> ChatScreen:
    """Send ``text`` and wait until its answer is streaming (a few pieces of it are in)."""
    await send(pilot, text)
    screen = pilot.app.screen
    assert isinstance(screen, ChatScreen)
    await wait_until(
        pilot, lambda: (live := screen._live) and live.progress and live.progress.deltas > 5
    )
    return screen


async def catalog_loaded(pilot: Pilot) -> ChatScreen:
    """Wait until the chat has the model catalog (fetched in the background)."""
    screen = pilot.app.screen
    await wait_until(pilot, lambda: bool(screen.model_infos))
    return screen


def chat_requests(simulator) -> list:
    """The requests for answers (the app also fetches /models in the background)."""
    return [r for r in simulator.requests() if r.path.endswith("/completions")]


def last_chat(simulator):
    return chat_requests(simulator)[-1]


def status_text(app) -> str:
    """The chat's status line as ``state | details``."""
    line = app.screen.query_one(StatusLine)
    return f"{line.state} | {line.details}"


def dialog_text(app) -> str:
    """Every label of the screen on top (a dialog's question and its keys)."""
    return " ".join(str(label.render()) for label in app.screen.query(Label))


def screen_lines(app: App[object]) -> list[str]:
    """The screen as text, one string per terminal line, read back from the exported SVG."""
    grid = [[" "] * app.size.width for _ in range(app.size.height)]
    for x, line, text in _SVG_TEXT.findall(app.export_screenshot()):
        column = round(float(x) / _SVG_CELL_WIDTH)  # Rich draws blank runs as rectangles only
        for offset, char in enumerate(html.unescape(text).replace("\xa0", " ")):
            if column + offset < app.size.width:
                grid[int(line)][column + offset] = char
    return ["".join(row).rstrip() for row in grid]


_SVG_TEXT = re.compile(r'<text[^>]* x="([\d.]+)"[^>]*line-(\d+)\)"[^>]*>([^<]*)</text>')
_SVG_CELL_WIDTH = 12.2  # Rich's export_svg: font size 20 x aspect ratio 0.61


async def answered(pilot: Pilot, store, text: str) -> tuple[ChatScreen, object, object]:
    """Send ``text`` and wait for the answer: the screen, the stored answer and its view."""
    from tui.widgets.transcript import Transcript

    screen = await ask(pilot, text)
    answer = (await store.messages(screen.conversation.id))[-1]
    return screen, answer, screen.query_one(Transcript).message_view(answer.id)
