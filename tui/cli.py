"""Command-line entry: argument parsing, subcommands and exit codes (thin: it calls services)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from tui import __version__
from tui.api.pdf_engines import PDF_ENGINES
from tui.cli_history import add_history
from tui.commands.exits import (
    EXIT_FAILURE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    report_store_error,
)


def _common(parser: argparse.ArgumentParser, *, sub: bool = True) -> None:
    """The global flags; a subcommand's copy leaves a value given before it alone."""
    keep = {"default": argparse.SUPPRESS} if sub else {}
    parser.add_argument(
        "--base-url", metavar="URL", help="any OpenAI-compatible API base URL", **keep
    )
    parser.add_argument(
        "--api-key-env",
        metavar="NAME",
        help="send the key held in this environment variable to the base URL",
        **keep,
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use the built-in simulator: no key, no network",
        **keep,
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print the network library's own words for a failure",
        **keep,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="parley",
        description="A keyboard-driven terminal chat client for OpenRouter and any "
        "OpenAI-compatible endpoint.",
    )
    parser.add_argument("--version", action="version", version=f"parley {__version__}")
    parser.add_argument("-m", "--model", metavar="ID", help="model id, e.g. openai/gpt-4o")
    parser.add_argument(
        "-c", "--conversation", metavar="ID", type=int, help="resume a stored conversation"
    )
    parser.add_argument("--compare", metavar="ID,ID", help="compare these models side by side")
    _common(parser, sub=False)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_ask(commands)
    _add_models(commands)
    add_history(commands)
    return parser


def _add_ask(commands: argparse._SubParsersAction) -> None:
    ask = commands.add_parser(
        "ask",
        help="one answer, streamed to stdout",
        description="Ask once and stream the answer to stdout. The prompt is read from stdin "
        "when PROMPT is '-' or absent and stdin is not a terminal.",
    )
    ask.add_argument("prompt", nargs="*", metavar="PROMPT")
    ask.add_argument("-m", "--model", metavar="ID", help="model id", default=argparse.SUPPRESS)
    ask.add_argument("-s", "--system", metavar="TEXT", help="system prompt")
    ask.add_argument(
        "-p",
        "--param",
        metavar="KEY=VALUE",
        action="append",
        default=[],
        help="request parameter (repeatable), value parsed as JSON where it parses",
    )
    ask.add_argument("--models", metavar="ID,ID", help="fallback models, tried in order")
    ask.add_argument(
        "--completion", action="store_true", help="legacy /completions with a raw prompt"
    )
    ask.add_argument("--no-stream", action="store_true", help="ask for one whole reply")
    ask.add_argument("--no-save", action="store_true", help="keep nothing in the history")
    # Two flags, so a prompt after --continue is never taken for an id.
    ask.add_argument(
        "--continue",
        dest="continue_last",
        action="store_true",
        help="append to the last conversation",
    )
    ask.add_argument(
        "-c",
        "--continue-id",
        dest="continue_id",
        metavar="ID",
        type=_conversation_id,
        help="append to the conversation with this id (see parley history list)",
    )
    ask.add_argument(
        "--reasoning",
        action="store_true",
        help="write the model's thinking to stderr as it arrives (dimmed on a terminal); "
        "stdout keeps the answer alone",
    )
    ask.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object at the end instead of text (with the reasoning, its "
        "tokens and time)",
    )
    ask.add_argument(
        "--raw", action="store_true", help="the text as received, no Markdown rendering"
    )
    _add_ask_inputs(ask)
    _common(ask)


def _add_ask_inputs(ask: argparse.ArgumentParser) -> None:
    ask.add_argument(
        "-a",
        "--attach",
        metavar="FILE",
        action="append",
        default=[],
        help="send a file with the prompt (repeatable): an image (png, jpeg, webp, gif), a PDF, "
        "audio (wav, mp3, flac, ogg, m4a, aiff) or a text file; told apart by content. "
        "Limits: images 10 MiB, PDFs 32 MiB, audio 25 MiB, text 512 KiB",
    )
    ask.add_argument(
        "--web", action="store_true", help="search the web for the answer; sources listed after it"
    )
    ask.add_argument(
        "--web-results",
        metavar="N",
        type=int,
        help="how many web results to use, 1-10 (implies --web; default: the server's, 5)",
    )
    ask.add_argument(
        "--pdf-engine",
        metavar="NAME",
        choices=PDF_ENGINES,
        help=f"how PDFs are read: {', '.join(PDF_ENGINES)} (default: the server's choice)",
    )


def _conversation_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a conversation id (a number)") from None


def _add_models(commands: argparse._SubParsersAction) -> None:
    models = commands.add_parser("models", help="list the server's models, filtered")
    models.add_argument("query", nargs="*", metavar="QUERY", help="words that must all match")
    models.add_argument("--json", action="store_true", help="print JSON")
    models.add_argument(
        "--refresh", action="store_true", help="fetch the list now, even if the cache is fresh"
    )
    _common(models)


def _log_to_stderr() -> logging.Handler:
    """Parley's own log (a failure's library detail) on stderr, for ``--verbose``."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("parley: detail: %(message)s"))
    logger = logging.getLogger("tui")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return handler


def main(argv: Sequence[str] | None = None) -> int:
    from tui.terminal_out import guarded_stdio

    # Every command's terminal output passes one neutraliser here, so no call site can forget.
    with guarded_stdio():
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    from tui.store.errors import StoreError

    parser = build_parser()
    args = parser.parse_args(argv)
    verbose = _log_to_stderr() if args.verbose else None
    try:
        if args.command == "ask":
            from tui.commands.ask import run_ask

            return run_ask(args)
        if args.command == "models":
            from tui.commands.models import run_models

            return run_models(args)
        if args.command == "history":
            from tui.commands.history import run_history

            return run_history(args)
        from tui import gc_pause

        gc_pause.pause()  # until the first screen is drawn (the app resumes it)
        try:
            from tui.commands.app import run_app

            return run_app(args)
        finally:
            gc_pause.resume()  # the app may end before it drew anything
    except UsageError as exc:
        print(f"parley: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as exc:
        # The history cannot be used: the file, what is wrong, what to do — no traceback.
        report_store_error(exc)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # `parley history list | head`: the reader left; nothing to report.
        sys.stderr.close()
        return EXIT_OK
    finally:
        if verbose is not None:
            logging.getLogger("tui").removeHandler(verbose)
