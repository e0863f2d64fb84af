"""Random key sequences at random moments of turns: the app never crashes and never loses.

Seeded, so a failure names the seed and keys that reproduce it. ``PARLEY_STRESS_RUNS`` sets
how many sequences run in all (default 60: under a minute on a loaded two-core machine, where
a key costs the app about a tenth of a second); raise it to hunt for rarer races, e.g.
``PARLEY_STRESS_RUNS=1000 pytest tests/app/test_key_stress.py`` (the seeds change with it).
"""

from __future__ import annotations

import os
import random

import pytest

from tests.app.turn_checks import assert_history_intact, burst, quiet, watched
from tui.screens.chat import ChatScreen
from tui.screens.compare import CompareScreen
from tui.widgets.prompt import PromptEditor

RUNS = int(os.environ.get("PARLEY_STRESS_RUNS", "60"))
APPS = 2
"""Apps per screen: each runs its share of the sequences, one after another, like a session."""

# The keys of the chat and of the comparison, but not delete (d): a deletion the user asks
# for is no loss. Letters type into the prompt, or act on a message from the conversation.
# Those that start, stop or drop turns come up more often than those that only show things.
CHAT_KEYS = [
    "escape",
    "escape",
    "escape",
    "enter",
    "enter",
    "ctrl+r",
    "ctrl+r",
    "ctrl+r",
    "ctrl+g",
    "ctrl+g",
    "ctrl+l",
    "ctrl+o",
    "f4",
    "f2",
    "f5",
    "ctrl+n",
    "tab",
    "tab",
    "up",
    "down",
    "r",
    "x",
    "x",
    "e",
    "c",
    "y",
    "f3",
    "h",
    "i",
    "f1",
    "end",
    # Versions, forks and deletes; thinking; files and web search.
    "[",
    "]",
    "f",
    "d",
    "D",
    "t",
    "T",
    "alt+t",
    "f8",
    "f9",
    "alt+x",
    # Choosing a file to take off; search and its hits; scrolling; the chats browser's keys.
    "alt+f",
    "delete",
    "ctrl+f",
    "n",
    "N",
    "pageup",
    "pagedown",
    "ctrl+home",
    "ctrl+end",
    "ctrl+s",
    "ctrl+k",
    "ctrl+d",
]
COMPARE_KEYS = [
    "escape",
    "escape",
    "enter",
    "enter",
    "alt+x",
    "alt+x",
    "alt+left",
    "alt+right",
    "alt+1",
    "alt+2",
    "alt+3",
    "alt+m",
    "alt+w",
    "alt+a",
    "alt+d",
    "alt+o",
    "alt+s",
    "alt+c",
    "alt+up",
    "alt+down",
    "h",
    "i",
    "tab",
    "alt+t",
]
# Normal, slow, failing before and during the stream, cut off, and answers of any length.
MODELS = (
    "sim/normal",
    "sim/slow:tps=80,tokens=40",
    "sim/slow:tps=40,tokens=30",
    "sim/mid-error",
    "sim/http-402",
    "sim/drop",
    "sim/length",
    "sim/echo",
    "sim/reasoning:reasoning_tokens=20,tokens=30",
    "sim/small-context",
)
PAUSES = (0, 0, 0, 0.01, 0.05, 0.15)


def sequence(rng: random.Random, keys: list[str]) -> list[str | float]:
    """A few keys, most pressed at once, some after a pause (as numbers, in seconds)."""
    steps: list[str | float] = []
    for _ in range(rng.randint(2, 5)):
        steps.append(rng.choice(keys))
        if rng.random() < 0.4:
            steps.append(rng.choice(PAUSES))
    return steps


async def play(pilot, steps: list[str | float]) -> None:
    for step in steps:
        if isinstance(step, str):
            burst(pilot, step)
        else:
            await pilot.pause(step)
    await pilot.pause()


def ask(pilot, rng: random.Random, n: int) -> None:
    """Type a prompt and send it (most sequences start during a turn)."""
    editor = pilot.app.screen.query(PromptEditor)
    if editor and rng.random() < 0.8:
        editor.first().load(f"question {n}")
        editor.first().focus()
        burst(pilot, "enter")


async def check(pilot, store, simulator, watch, context: str) -> None:
    await quiet(pilot)
    app = pilot.app
    assert app._exception is None, f"{context}: {app._exception!r}"
    assert app.is_running, context
    await assert_history_intact(store, simulator, watch, context)


def share(index: int) -> int:
    return RUNS // (2 * APPS) + (1 if index < RUNS % (2 * APPS) else 0)


@pytest.mark.parametrize("seed", range(APPS))
async def test_random_keys_in_the_chat(build_app, store, simulator, seed):
    rng = random.Random(f"chat-{seed}")
    async with watched(build_app, store, MODELS[0], size=(80, 24)) as (pilot, watch):
        await pilot.app.services_ready.wait()
        for n in range(share(seed)):
            chat = next(s for s in pilot.app.screen_stack if isinstance(s, ChatScreen))
            chat.model = rng.choice(MODELS)
            steps = sequence(rng, CHAT_KEYS)
            if pilot.app.screen is chat:
                ask(pilot, rng, n)
            await play(pilot, steps)
            await check(pilot, store, simulator, watch, f"chat seed {seed} run {n}: {steps}")


@pytest.mark.parametrize("seed", range(APPS))
async def test_random_keys_in_the_comparison(build_app, store, simulator, seed):
    rng = random.Random(f"compare-{seed}")
    async with watched(build_app, store, MODELS[0], size=(100, 24)) as (pilot, watch):
        await pilot.app.services_ready.wait()
        for n in range(share(APPS + seed)):
            if not isinstance(pilot.app.screen, CompareScreen):
                await quiet(pilot)
                pilot.app.open_comparison(rng.sample(MODELS, rng.randint(2, 3)))
                await pilot.pause()
            steps = sequence(rng, COMPARE_KEYS)
            ask(pilot, rng, n)
            await play(pilot, steps)
            await check(pilot, store, simulator, watch, f"compare seed {seed} run {n}: {steps}")
