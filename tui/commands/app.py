"""``parley`` with no command: the full-screen app."""

from __future__ import annotations

import argparse
import asyncio
import os
from dataclasses import replace

from tui.commands.common import open_store, settings_from
from tui.commands.exits import EXIT_FAILURE, EXIT_OK, UsageError, report_store_error
from tui.config import DEMO_MODEL, Settings, parse_models
from tui.store import Store, StoreError

ESCAPE_DELAY_MS = 25
"""How long a lone ESC waits for the rest of a key sequence.

Textual waits 100 ms, so escape (cancel) acts a tenth of a second late, and every
millisecond of it is more of an answer billed after the user asked it to stop. Terminals
write a key's whole sequence at once, so its bytes arrive together, over ssh too; tmux waits
10 ms by default and neovim 50. At 25 ms escape reaches the server in about 35 ms (measured
in tmux, ``tests/bench/bench_escape.py``). ``ESCDELAY`` overrides it for an unusual link.
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
    from tui.app import ParleyApp
    from tui.textual_compat import input_thread

    input_thread.install()

    store = await _open_or_explain(settings)
    if store is None:
        return EXIT_FAILURE
    try:
        if conversation_id is not None and await store.get_conversation(conversation_id) is None:
            raise UsageError(f"-c: no conversation {conversation_id} (see parley history list)")
        # No client yet: the app makes its own after the first paint, and closes it.
        app = ParleyApp(
            settings,
            store,
            None,
            conversation_id=conversation_id,
            start_demo=demo,
            handle_signals=True,
            compare=compare,
        )
        result = await app.run_async()
    finally:
        await store.close()
    return exit_status(app.return_code, result)


def exit_status(return_code: int | None, result: object) -> int:
    """The process's exit status: non-zero when the app died of an uncaught exception."""
    if return_code:  # Textual sets 1 and prints the traceback; without this, the shell saw 0
        return return_code
    return result if isinstance(result, int) else EXIT_OK


async def _open_or_explain(settings: Settings) -> Store | None:
    """The store, or ``None`` once the user has read why it cannot be opened.

    The same lines go to stderr after the screen closes, so they stay in the scrollback.
    """
    try:
        return await open_store(settings)
    except StoreError as error:
        from tui.screens.store_error import StoreErrorApp

        await StoreErrorApp(error.lines()).run_async()
        report_store_error(error)
        return None
