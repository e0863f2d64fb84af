"""``parley ask``: one answer streamed to stdout, stored, with the contract's exit codes."""

from __future__ import annotations

import argparse
import asyncio
import signal
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tui.api.content import WebSearch, split_online
from tui.api.events import ContentDelta, KeepAlive, ReasoningDelta, Retrying
from tui.api.params import ParamError, parse_param, validate_params
from tui.attachments import Attachment, AttachmentError, read_attachment
from tui.commands.ask_inputs import check_model_inputs
from tui.commands.ask_printer import Printer
from tui.commands.common import (
    demo_server,
    make_client,
    missing_key_error,
    open_store,
    report_error,
    settings_from,
)
from tui.commands.exits import (
    UsageError,
    report_store_error,
)
from tui.config import Settings
from tui.store import Store
from tui.turn import TurnRunner
from tui.turn_spec import INTERRUPTED, TurnFinished, TurnOutcome, TurnSpec

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, slots=True)
class AskOptions:
    """``parley ask``'s arguments, checked: nothing here can fail once a request leaves."""

    prompt: str
    model: str | None
    system: str | None
    params: dict[str, Any]
    fallback_models: tuple[str, ...]
    completion: bool
    stream: bool
    save: bool
    continue_last: bool
    continue_id: int | None
    as_json: bool
    raw: bool
    reasoning: bool = False
    attachments: tuple[Attachment, ...] = ()
    web: WebSearch | None = None
    pdf_engine: str | None = None


def run_ask(args: argparse.Namespace) -> int:
    options = _options(args)
    settings = settings_from(args)
    try:
        params = validate_params({**settings.params, **options.params})
    except ParamError as exc:
        raise UsageError(str(exc)) from exc
    with demo_server(settings, args.demo) as settings:
        if settings.needs_key:
            report_error(missing_key_error())
            return missing_key_error().exit_code
        return asyncio.run(_ask(settings, options, params))


def _options(args: argparse.Namespace) -> AskOptions:
    prompt = " ".join(args.prompt)
    if prompt in ("", "-"):
        if sys.stdin is None or sys.stdin.isatty():
            raise UsageError("no prompt: give one (parley ask 'question') or pipe it in")
        prompt = sys.stdin.read()
    if not prompt.strip():
        raise UsageError("the prompt is empty")
    params: dict[str, Any] = {}
    for text in args.param:
        try:
            key, value = parse_param(text)
        except ParamError as exc:
            raise UsageError(str(exc)) from exc
        params[key] = value
    fallbacks = tuple(m.strip() for m in (args.models or "").split(",") if m.strip())
    # `stream` and `models` have flags of their own; as -p they mean the same thing.
    stream = not args.no_stream
    if "stream" in params:
        stream = params.pop("stream")
        if not isinstance(stream, bool):
            raise UsageError("stream must be true or false (or use --no-stream)")
    if "models" in params:
        extra = params.pop("models")
        if not isinstance(extra, list) or not all(isinstance(m, str) for m in extra):
            raise UsageError("models must be a list of model ids, e.g. -p models=a/b,c/d")
        fallbacks += tuple(m for m in extra if m not in fallbacks)
    if args.continue_last and args.continue_id is not None:
        raise UsageError("give either --continue (the last conversation) or -c ID, not both")
    if args.no_save and (args.continue_last or args.continue_id is not None):
        raise UsageError("--continue appends to a stored conversation; drop --no-save")
    attachments, web = _inputs(args)
    return AskOptions(
        attachments=attachments,
        web=web,
        pdf_engine=getattr(args, "pdf_engine", None),
        prompt=prompt,
        model=args.model,
        system=args.system,
        params=params,
        fallback_models=fallbacks,
        completion=args.completion,
        stream=stream,
        save=not args.no_save,
        continue_last=args.continue_last,
        continue_id=args.continue_id,
        as_json=args.json,
        raw=args.raw,
        reasoning=getattr(args, "reasoning", False),
    )


def _inputs(args: argparse.Namespace) -> tuple[tuple[Attachment, ...], WebSearch | None]:
    """The files to send and the web search asked for, checked before anything is sent."""
    paths = getattr(args, "attach", None) or []
    if paths and args.completion:
        raise UsageError("--completion sends a raw prompt: it cannot carry files (-a)")
    try:
        attachments = tuple(read_attachment(path) for path in paths)
    except AttachmentError as exc:
        raise UsageError(f"cannot attach {exc}") from exc
    results = getattr(args, "web_results", None)
    if results is not None and not 1 <= results <= 10:
        raise UsageError(f"--web-results must be from 1 to 10, got {results}")
    web = None
    if getattr(args, "web", False) or results is not None:
        if args.completion:
            raise UsageError("--web needs a chat request; drop --completion")
        web = WebSearch(max_results=results)
    return attachments, web


async def _ask(settings: Settings, options: AskOptions, params: dict[str, Any]) -> int:
    store = await open_store(settings) if options.save else None
    try:
        conversation_id, model = await _resolve_conversation(store, options, settings)
        spec = TurnSpec(
            model=model,
            prompt=options.prompt,
            conversation_id=conversation_id,
            system=options.system if options.system is not None else settings.system,
            params=params,
            fallback_models=options.fallback_models or settings.fallback_models,
            completion=options.completion,
            stream=options.stream,
            save=options.save,
            attachments=options.attachments,
            web=options.web,
            pdf_engine=options.pdf_engine,
        )
        async with make_client(settings) as client:
            await check_model_inputs(client, store, settings, spec)
            # Told at once, however the turn ends (even cancelled): where the answer went.
            runner = TurnRunner(client, store, on_unstored=report_store_error)
            return await _run_with_signals(runner, spec, options)
    finally:
        if store is not None:
            await store.close()


async def _resolve_conversation(
    store: Store | None, options: AskOptions, settings: Settings
) -> tuple[int | None, str]:
    if store is None or not (options.continue_last or options.continue_id is not None):
        return None, options.model or settings.model
    if options.continue_id is None:
        conversation = await store.latest_conversation()
        if conversation is None:
            raise UsageError("--continue: there is no stored conversation yet")
    else:
        wanted = options.continue_id
        conversation = await store.get_conversation(wanted)
        if conversation is None:
            raise UsageError(f"-c: no conversation {wanted} (see parley history list)")
    return conversation.id, options.model or conversation.model or settings.model


async def _run_with_signals(runner: TurnRunner, spec: TurnSpec, options: AskOptions) -> int:
    """Run the turn; SIGTERM and SIGHUP close the stream and store the partial as interrupted."""
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    received: list[int] = []

    def interrupt(signum: int) -> None:
        received.append(signum)
        if task is not None:
            task.cancel(INTERRUPTED)

    for signum in (signal.SIGTERM, signal.SIGHUP):
        loop.add_signal_handler(signum, interrupt, signum)
    printer = Printer(
        sys.stdout,
        sys.stderr,
        as_json=options.as_json,
        raw=options.raw,
        reasoning=options.reasoning,
        searched=spec.web is not None or split_online(spec.model)[1],
    )
    try:
        outcome = await _consume(runner, spec, printer)
    except asyncio.CancelledError:
        printer.close_text()
        if received:
            return 128 + received[0]
        raise
    finally:
        for signum in (signal.SIGTERM, signal.SIGHUP):
            loop.remove_signal_handler(signum)
    return printer.finish(outcome)


async def _consume(runner: TurnRunner, spec: TurnSpec, printer: Printer) -> TurnOutcome:
    from contextlib import aclosing

    async with aclosing(runner.run(spec)) as events:
        async for event in events:
            match event:
                case ContentDelta(text=text):
                    printer.text(text)
                case ReasoningDelta(text=text):
                    printer.thinking(text)
                case KeepAlive():
                    printer.waiting()
                case Retrying(delay=delay, attempt=attempt, error=error):
                    printer.retrying(error, delay, attempt)
                case TurnFinished(outcome=outcome):
                    return outcome
    raise RuntimeError("the turn ended without an outcome")
