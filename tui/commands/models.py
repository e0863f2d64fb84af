"""``parley models``: the server's model list, filtered by words, as a table or JSON."""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import asdict

from tui.api.errors import ApiError
from tui.api.types import ModelInfo
from tui.cli import EXIT_OK
from tui.commands.common import demo_server, make_client, report_error, settings_from
from tui.commands.output import print_table


def run_models(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    with demo_server(settings, args.demo) as settings:
        try:
            models = asyncio.run(_fetch(settings))
        except ApiError as error:
            report_error(error)
            return error.exit_code
    words = [w.casefold() for w in args.query]
    chosen = [m for m in models if all(w in f"{m.id} {m.name}".casefold() for w in words)]
    chosen.sort(key=lambda m: m.id)
    if args.json:
        print(json.dumps([asdict(m) for m in chosen], indent=2, ensure_ascii=False))
        return EXIT_OK
    rows = [
        (m.id, _context(m.context_length), _price(m.prompt_price), _price(m.completion_price))
        for m in chosen
    ]
    print_table(("model", "context", "$/M in", "$/M out"), rows, right=(1, 2, 3))
    return EXIT_OK


async def _fetch(settings) -> list[ModelInfo]:
    async with make_client(settings) as client:
        return await client.models()


def _context(tokens: int | None) -> str:
    if not tokens:
        return "-"
    return f"{tokens // 1000}k" if tokens >= 1000 else str(tokens)


def _price(per_token: float | None) -> str:
    if per_token is None:
        return "-"
    if per_token == 0:
        return "free"
    return f"{per_token * 1_000_000:.2f}"
