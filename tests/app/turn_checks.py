"""What every turn must leave behind, checked against what the simulator really sent."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cache

from textual.pilot import Pilot

from tui.controllers.turn_phase import TurnPhase
from tui.screens.chat import ChatScreen
from tui.screens.compare import CompareScreen
from tui.sim.chunks import Identity
from tui.sim.scenarios import parse_model
from tui.sim.streams import Turn, decide
from tui.store import Message, Store

FINAL = {"complete", "cancelled", "error", "interrupted"}


def chat_requests(simulator) -> list:
    """The requests for answers (the app also fetches /models in the background)."""
    return [r for r in simulator.requests() if r.path.endswith("/completions")]


def sent_answers(simulator) -> set[str]:
    """The whole answer the simulator chose for each request (a client gets a prefix of it)."""
    return {_answer_for(r.raw_body) for r in chat_requests(simulator) if isinstance(r.body, dict)}


@cache
def _answer_for(raw_body: bytes) -> str:
    import json

    body = json.loads(raw_body)
    model = body.get("model") or (body.get("models") or ["openrouter/auto"])[0]
    try:
        scenario = parse_model(model)
    except ValueError:
        return ""  # refused with an error: nothing sent
    messages = body.get("messages") or [{}]
    prompt = messages[-1].get("content") or ""
    ident = Identity(gen_id="gen", model=model, provider="", created=0)
    max_tokens = body.get("max_tokens")
    turn = Turn(scenario, ident, prompt, 0, max_tokens if max_tokens else None)
    return "".join(decide(turn).content)


@cache
def _pieced(text: str, answers: frozenset[str]) -> bool:
    ends, seen = {0}, set()
    while ends:
        start = ends.pop()
        if start == len(text):
            return True
        seen.add(start)
        rest = text[start:]
        # Cut where a prefix of some answer stops matching: continuing an answer appends a
        # new one where the stored text ended, after a space or blank line if it needs one.
        ends |= {start + n for a in answers if (n := _common(rest, a)) > 0} - seen
        if start:
            ends |= {start + len(gap) for gap in (" ", "\n\n") if rest.startswith(gap)} - seen
    return False


def _common(a: str, b: str) -> int:
    """How many characters ``a`` and ``b`` share from the start."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def pieced_from(text: str, answers: set[str]) -> bool:
    """``text`` is a run of prefixes of ``answers`` (continuing an answer appends another)."""
    return _pieced(text, frozenset(answers))


@dataclass
class StoreWatch:
    """Records what the app asks the store to create and delete, and whether it may."""

    store: Store
    app: object
    created: int = 0
    violations: list[str] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)

    def install(self) -> StoreWatch:
        store = self.store
        start, resume = store.start_assistant_message, store.resume_message
        delete = store.delete_message

        async def started(*args, **kwargs):
            self.created += 1
            return await start(*args, **kwargs)

        async def resumed(*args, **kwargs):
            self.created += 1
            return await resume(*args, **kwargs)

        async def deleting(message_id: int) -> bool:
            await self._check_delete(message_id)
            self.deleted.append(message_id)
            return await delete(message_id)

        store.start_assistant_message = started  # type: ignore[method-assign]
        store.resume_message = resumed  # type: ignore[method-assign]
        store.delete_message = deleting  # type: ignore[method-assign]
        return self

    async def _check_delete(self, message_id: int) -> None:
        """Only the tail from the last prompt (regenerate, resend an edit) or what the user
        agreed to drop (to redo an earlier step), fully stored, idle."""
        message = await self.store.get_message(message_id)
        if message is None:
            return
        busy = [p.state for p in phases(self.app) if not p.idle]
        siblings = await self.store.messages(message.conversation_id)
        last_prompt = max((m.seq for m in siblings if m.role == "user"), default=0)
        if message.role == "assistant" and message.status not in FINAL:
            self.violations.append(f"deleted #{message_id} while it was {message.status}")
        if message.seq < last_prompt and message_id not in agreed_drops(self.app):
            self.violations.append(f"deleted #{message_id}, before the last prompt, unasked")
        if busy:
            self.violations.append(f"deleted #{message_id} while a turn was {busy}")


@asynccontextmanager
async def watched(
    build_app: Callable[..., object], store: Store, model: str, size: tuple[int, int] = (100, 30)
) -> AsyncIterator[tuple[Pilot, StoreWatch]]:
    """The app on ``model``, its store watched for messages lost or deleted."""
    app = build_app(model=model)
    watch = StoreWatch(store, app).install()
    async with app.run_test(size=size) as pilot:
        yield pilot, watch


def phases(app) -> list[TurnPhase]:
    found: list[TurnPhase] = []
    for screen in app.screen_stack:
        if isinstance(screen, ChatScreen):
            found.append(screen.turn)
        elif isinstance(screen, CompareScreen):
            found.extend(lane.turn for lane in screen.lanes)
    return found


def agreed_drops(app) -> set[int]:
    return {i for s in app.screen_stack if isinstance(s, ChatScreen) for i in s.agreed_drops}


def gates(app) -> list:
    return [s.gate for s in app.screen_stack if isinstance(s, ChatScreen | CompareScreen)]


async def quiet(pilot, limit: float = 20.0) -> None:
    """Stop whatever streams, close dialogs, and wait until every turn is idle and stored."""
    app = pilot.app
    deadline = time.monotonic() + limit
    while True:
        assert time.monotonic() < deadline, (
            f"never idle: {[p.state for p in phases(app)]}, screens {app.screen_stack}"
        )
        if not isinstance(app.screen, ChatScreen | CompareScreen):
            await pilot.press("escape")  # a dialog, the picker or help
        elif any(p.busy for p in phases(app)):
            for screen in app.screen_stack:
                if isinstance(screen, ChatScreen | CompareScreen):
                    await screen.stop_streaming()
        elif all(p.idle for p in phases(app)) and not any(g.acting for g in gates(app)):
            await app.workers.wait_for_complete()
            if all(p.idle for p in phases(app)):
                return
        await pilot.pause(0.02)


async def all_messages(store: Store) -> list[Message]:
    messages: list[Message] = []
    for summary in await store.list_conversations(limit=10_000):
        messages += await store.messages(summary.id)
    return messages


async def assert_history_intact(store: Store, simulator, watch: StoreWatch, context: str) -> None:
    """Every answer ended and holds only what was sent; nothing was dropped that should not be."""
    answers = sent_answers(simulator) | {""}
    for message in await all_messages(store):
        if message.role != "assistant":
            continue
        assert message.status in FINAL, f"{context}: #{message.id} left {message.status}"
        assert pieced_from(message.content, answers), (
            f"{context}: #{message.id} holds text the server never sent: {message.content[:80]!r}"
        )
    assert not watch.violations, f"{context}: {watch.violations}"
    requests = len([r for r in chat_requests(simulator) if r.status == 200 and not _dropped(r)])
    assert watch.created >= requests, f"{context}: {requests} requests, {watch.created} answers"


def burst(pilot, *keys: str) -> None:
    """Queue key presses all at once, as a fast typist's terminal delivers them.

    ``pilot.press`` waits for the app to go idle after each key, which hides every race
    between the actions of keys that arrive together.
    """
    import unicodedata

    from textual import events
    from textual.keys import REPLACED_KEYS, _character_to_key, _get_unicode_name_from_key

    driver = pilot.app._driver
    for key in keys:
        if len(key) == 1 and not key.isalnum():
            key = _character_to_key(key)
        try:
            char = unicodedata.lookup(_get_unicode_name_from_key(REPLACED_KEYS.get(key, key)))
        except KeyError:
            char = key if len(key) == 1 else None
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)


def _dropped(record) -> bool:
    """A request the simulator dropped before answering: the client may retry it."""
    model = record.body.get("model", "") if isinstance(record.body, dict) else ""
    try:
        return parse_model(str(model)).name in ("drop-before", "flaky-drop")
    except ValueError:
        return False
