"""``parley history``: list, show, search, export, rename and delete stored conversations."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tui.commands.common import open_store, settings_from
from tui.commands.exits import EXIT_FAILURE, EXIT_OK, UsageError
from tui.commands.output import dumps_for, local_time, print_json, print_table
from tui.store import Conversation, Message, Store


def run_history(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    return asyncio.run(_dispatch(args, settings))


async def _dispatch(args: argparse.Namespace, settings) -> int:
    store = await open_store(settings)
    try:
        handler = {
            "list": _list,
            "show": _show,
            "search": _search,
            "export": _export,
            "rename": _rename,
            "delete": _delete,
        }[args.action]
        return await handler(store, args)
    finally:
        await store.close()


async def _list(store: Store, args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    conversations = await store.list_conversations(limit=args.limit)
    nothing = "No conversations yet. Start one with: parley ask 'hello'"
    if _json_or_nothing(conversations, args.json, nothing):
        return EXIT_OK
    rows = [
        (
            str(c.id),
            local_time(c.updated_at),
            c.kind,
            c.model or "-",
            str(c.message_count),
            c.title or "(untitled)",
        )
        for c in conversations
    ]
    print_table(("id", "updated", "kind", "model", "msgs", "title"), rows, right=(0, 4))
    return EXIT_OK


def _json_or_nothing(records: Sequence[Any], as_json: bool, nothing: str) -> bool:
    """Print ``records`` as JSON (``--json``), or say ``nothing`` when there are none: True
    when that is all there is to print."""
    if as_json:
        print_json([asdict(record) for record in records])
        return True
    if not records:
        print(nothing, file=sys.stderr)
        return True
    return False


async def _conversation(store: Store, conversation_id: int) -> tuple[Conversation, list[Message]]:
    conversation = await store.get_conversation(conversation_id)
    if conversation is None:
        raise UsageError(f"no conversation {conversation_id} (see parley history list)")
    return conversation, await store.messages(conversation_id)


async def _show(store: Store, args: argparse.Namespace) -> int:
    conversation, messages = await _conversation(store, args.id)
    if args.json:
        print_json(_as_json(conversation, messages))
        return EXIT_OK
    sys.stdout.write(to_markdown(conversation, messages))
    return EXIT_OK


async def _search(store: Store, args: argparse.Namespace) -> int:
    hits = await store.search(" ".join(args.query), limit=args.limit)
    if _json_or_nothing(hits, args.json, "No matches."):
        return EXIT_OK
    for hit in hits:
        title = _flat(hit.conversation_title or "(untitled)")
        print(f"#{hit.conversation_id} {title} · {hit.role} · {local_time(hit.created_at)}")
        print(f"    {_flat(hit.marked('«', '»'))}")
    return EXIT_OK


async def _export(store: Store, args: argparse.Namespace) -> int:
    conversation, messages = await _conversation(store, args.id)
    if args.format == "json":
        data = _as_json(conversation, messages)
        # A file gets the exact text; a terminal gets escapes (the same JSON value).
        if args.output:
            text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        else:
            text = dumps_for(sys.stdout, data, indent=2) + "\n"
    else:
        text = to_markdown(conversation, messages)
    if args.output:
        try:
            await asyncio.to_thread(Path(args.output).write_text, text, encoding="utf-8")
        except OSError as exc:
            print(f"parley: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return EXIT_FAILURE
        print(f"Wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


async def _rename(store: Store, args: argparse.Namespace) -> int:
    await _conversation(store, args.id)
    title = " ".join(args.title).strip()
    if not title:
        raise UsageError("the new title is empty")
    await store.rename_conversation(args.id, title)
    return EXIT_OK


async def _delete(store: Store, args: argparse.Namespace) -> int:
    conversation, messages = await _conversation(store, args.id)
    if not args.yes and sys.stdin is not None and sys.stdin.isatty():
        answer = await asyncio.to_thread(
            input,
            f"Delete conversation {conversation.id} “{conversation.title}” "
            f"({len(messages)} messages)? [y/N] ",
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Kept.", file=sys.stderr)
            return EXIT_OK
    await store.delete_conversation(conversation.id)
    print(f"Deleted conversation {conversation.id}.", file=sys.stderr)
    return EXIT_OK


def _flat(text: str) -> str:
    # Not str.splitlines(): it would also swallow \x1c-\x1e and U+0085, which must show.
    return text.replace("\r\n", " ").replace("\n", " ")


def _as_json(conversation: Conversation, messages: list[Message]) -> dict[str, Any]:
    return {"conversation": asdict(conversation), "messages": [asdict(m) for m in messages]}


def to_markdown(conversation: Conversation, messages: list[Message]) -> str:
    """A conversation as a Markdown document a person can read and share.

    Each message is a ``## Role`` heading with its text quoted under it (every line starts
    with ``>``). Text cannot leave a block quote, so an answer's own ``##`` headings, rules or
    unclosed fences stay inside its message and never pass for the next one.
    """
    lines = [f"# {conversation.title or 'Untitled conversation'}", ""]
    lines.append(f"_{local_time(conversation.created_at)} · {conversation.model or 'no model'}_")
    lines.append("")
    for message in messages:
        lines.extend(_message_markdown(message))
    return "\n".join(lines).rstrip() + "\n"


def quoted(text: str) -> list[str]:
    """``text`` as the lines of a Markdown block quote."""
    return [f"> {line}" if line.strip() else ">" for line in text.split("\n")]


_DETAILS_END = re.compile(r"</(details)", re.IGNORECASE)


def thinking_block(reasoning: str) -> list[str]:
    """The model's thinking as a folded ``<details>`` block, its text quoted inside.

    A ``</details`` in the text is written ``&lt;/details``: the quote keeps Markdown in,
    but an HTML end tag would close the block early and spill the rest of the thinking.
    """
    text = _DETAILS_END.sub(r"&lt;/\1", reasoning.strip("\n"))
    return [
        "<details><summary>Thinking</summary>",
        "",
        *quoted(text.rstrip()),
        "",
        "</details>",
        "",
    ]


def _message_markdown(message: Message) -> list[str]:
    heading = message.role.capitalize()
    if message.role == "assistant":
        heading += f" · {_flat(message.model_answered or message.model_requested or '?')}"
    lines = [f"## {heading}", ""]
    if message.reasoning:
        lines += thinking_block(message.reasoning)
    if message.content:
        lines += [*quoted(message.content.rstrip()), ""]
    if message.status not in ("complete", None) and message.role == "assistant":
        note = f"**{message.status}**"
        if message.error_message:
            note += f": {_flat(message.error_message)}"
        lines += [note, ""]
    return lines
