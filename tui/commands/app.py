"""``parley`` with no command: the full-screen app."""

from __future__ import annotations

import argparse
import asyncio
import os
from dataclasses import replace

from tui.cli import EXIT_OK, UsageError
from tui.commands.common import make_client, open_store, settings_from
from tui.config import DEMO_MODEL, Settings, parse_models

ESCAPE_DELAY_MS = 50
"""How long a lone ESC waits for the rest of a key sequence (neovim's ttimeoutlen).

Textual waits 100 ms, so escape (cancel) acts a tenth of a second late; terminals send a
sequence's bytes together, and 50 ms is ample even over ssh. ``ESCDELAY`` overrides it.
"""


def shorten_escape_delay() -> None:
    """Set Textual's escape delay, unless the user did; Textual reads it once, when imported."""
    os.environ.setdefault("ESCDELAY", str(ESCAPE_DELAY_MS))


def run_app(args: argparse.Namespace) -> int:
    shorten_escape_delay()
    compare = parse_models(args.compare) if args.compare is not None else []
    if args.compare is not None and not 2 <= len(compare) <= 4:
        raise UsageError("--compare takes 2 to 4 model ids separated by commas, e.g. --compare a,b")
    settings = settings_from(args)
    if args.demo:
        # The app starts the simulator itself, after its first paint.
        model = settings.model if args.model else DEMO_MODEL
        settings = replace(settings, demo=True, api_key=None, model=model)
    return asyncio.run(_run(settings, args.conversation, args.demo, compare))


async def _run(
    settings: Settings, conversation_id: int | None, demo: bool, compare: list[str]
) -> int:
    from tui import textual_keys
    from tui.app import make_app

    textual_keys.install()

    store = await open_store(settings)
    try:
        if conversation_id is not None and await store.get_conversation(conversation_id) is None:
            raise UsageError(f"-c: no conversation {conversation_id} (see parley history list)")
        async with make_client(settings) as client:
            app = make_app(
                settings,
                store,
                client,
                conversation_id=conversation_id,
                start_demo=demo,
                handle_signals=True,
                compare=compare,
            )
            result = await app.run_async()
    finally:
        await store.close()
    return result if isinstance(result, int) else EXIT_OK
