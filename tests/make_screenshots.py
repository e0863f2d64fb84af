"""Refresh screenshots/: the main views as SVG, from the real app on the simulator.

Run on demand: ``python tests/make_screenshots.py [NAME …]`` (all, or the named ones). Uses a
throwaway history.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from tui.api.client import OpenAICompatibleClient
from tui.app import ParleyApp
from tui.config import Settings
from tui.simulator import Simulator
from tui.store import Store
from tui.widgets.prompt import PromptEditor

OUT = Path(__file__).resolve().parent.parent / "screenshots"


async def send(pilot, text: str | None) -> None:
    """Send ``text``, or with None answer the last prompt again (ctrl+r), or press a ``ctrl+``
    key; wait for the end."""
    screen = pilot.app.screen
    if text is None:
        await pilot.press("ctrl+r")
    elif text.startswith("ctrl+"):  # a key between prompts (ctrl+n: a new chat)
        await pilot.press(text)
        await pilot.pause(0.3)
        return
    else:
        screen.query_one(PromptEditor).load(text)
        await pilot.press("enter")
    await screen.live.wait()
    await pilot.app.workers.wait_for_complete()
    await screen.workers.wait_for_complete()
    await pilot.pause(0.3)


# Files the attachment shot attaches: a picture (its signature is what tells it), notes.
FILES = {
    "chart.png": b"\x89PNG\r\n\x1a\n" + bytes(2040),
    "notes.md": b"# Q3 notes\n- revenue up 12 %\n- churn flat\n",
    "report.pdf": b"%PDF-1.7\n1 0 obj << /Type /Page >> endobj\n%%EOF\n",
}


async def attach(pilot, folder: Path, names: list[str]) -> None:
    """Attach the named FILES to the next prompt, as f8 does."""
    for name in names:
        path = folder / name
        path.write_bytes(FILES[name])
        pilot.app.screen.parts.attachments.attach(str(path))
    await pilot.pause()


async def shoot(sim: Simulator, folder: Path, name: str, size: tuple[int, int], script) -> None:
    store = await Store.open(folder / f"{name}.db")
    if "history" in script:
        await script["history"](store)
    settings = Settings(
        base_url=sim.base_url,
        model="anthropic/claude-3.5-sonnet",
        config_path=Path.home() / ".config" / "parley" / "config.toml",
        db_path=folder / f"{name}.db",
    )
    settings = replace(settings, **script.get("settings", {}))
    async with OpenAICompatibleClient(settings.base_url) as client:
        app = ParleyApp(settings, store, client)
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await attach(pilot, folder, script.get("attach", []))
            for key in script.get("keys_first", []):
                await pilot.press(key)
            for prompt in script.get("prompts", []):
                await send(pilot, prompt)
            await attach(pilot, folder, script.get("attach_after", []))
            for _ in range(script.get("retries", 0)):
                await send(pilot, None)
            for key in script.get("keys", []):
                await pilot.press(key)
                await pilot.pause(0.3)
            app.save_screenshot(f"{name}.svg", str(OUT))
    await store.close()
    print(f"wrote screenshots/{name}.svg")


async def some_history(store: Store) -> None:
    """A few earlier chats, priced and not, one pinned: what the chats browser lists."""
    earlier = (
        ("Why is the sky blue", "anthropic/claude-3.5-sonnet", 0.0042),
        ("Plan a week in Lisbon", "openai/gpt-4o", 0.0315),
        ("Regex for ISO dates", "meta-llama/llama-3.1-8b-instruct:free", None),
        ("Release notes draft", "openai/gpt-4o-mini", 0.0009),
    )
    for title, model, cost in earlier:
        chat = await store.create_conversation(title, model=model)
        await store.add_message(chat.id, "user", f"{title}?")
        await store.add_message(
            chat.id,
            "assistant",
            "An answer.",
            model_requested=model,
            cost=cost,
            prompt_tokens=850,
            completion_tokens=420,
        )
    await store.set_pinned(2, True)


# A model that reasons for about two seconds before a short answer.
THINKER = {"model": "sim/reasoning:reasoning_tokens=120,reasoning_tps=60,tokens=60"}

SHOTS = {
    "chat": ((120, 40), {"prompts": ["How do I use parley ask from a python script?"]}),
    "chat-80x24": ((80, 24), {"prompts": ["What keys does Parley use?"]}),
    "error": ((100, 30), {"prompts": ["Hello?"], "settings": {"model": "sim/mid-error"}}),
    "help": ((120, 40), {"keys": ["f1"]}),
    "picker": ((120, 40), {"keys": ["f4", "c", "l", "a", "u"]}),
    "sidebar": ((160, 45), {"prompts": ["Show me python code"]}),
    "first-run": ((100, 30), {"settings": {"base_url": "https://openrouter.ai/api/v1"}}),
    "hostile": ((100, 30), {"prompts": ["Hello?"], "settings": {"model": "sim/evil-500"}}),
    "cut-off": (
        (100, 30),
        {"prompts": ["A long story"], "settings": {"model": "sim/length"}},
    ),
    "chats": (
        (100, 30),
        {"history": some_history, "prompts": ["Rust lifetimes", "In Python?"], "keys": ["f2"]},
    ),
    # Three answers to one prompt; the middle one shown: ‹ 2/3 › in its header.
    "branches": (
        (100, 30),
        {"prompts": ["Name a colour"], "retries": 2, "keys": ["tab", "up", "left_square_bracket"]},
    ),
    # A prompt sent with a picture and web search on: the answer says what it received and
    # lists its sources; two more files wait as chips for the next prompt.
    "attachments": (
        (110, 46),
        {
            "attach": ["chart.png"],
            "keys_first": ["f9"],
            "prompts": ["What does this chart show?"],
            "attach_after": ["notes.md", "report.pdf"],
            "settings": {"model": "sim/normal"},
        },
    ),
    # Two chats, then ctrl+f and a word typed: the results with their snippets marked.
    "search": (
        (120, 40),
        {
            "prompts": ["What is a stream?", "ctrl+n", "How do I stream answers in Python?"],
            "keys": ["ctrl+f", "s", "t", "r", "e", "a", "m"],
        },
    ),
    "thinking-folded": ((100, 30), {"prompts": ["Think it through"], "settings": THINKER}),
    "thinking-open": (
        (100, 30),
        {"prompts": ["Think it through"], "settings": THINKER, "keys": ["alt+t"]},
    ),
}


async def main(names: list[str]) -> None:
    OUT.mkdir(exist_ok=True)
    with Simulator() as sim, tempfile.TemporaryDirectory() as tmp:
        for name, (size, script) in SHOTS.items():
            if not names or name in names:
                await shoot(sim, Path(tmp), name, size, script)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
