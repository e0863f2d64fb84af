"""``parley history``: list, show, search, export, rename and delete stored conversations."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tui.commands.common import open_store, settings_from
from tui.commands.exits import EXIT_FAILURE, EXIT_OK, UsageError
from tui.commands.history_all import export_all
from tui.commands.history_extras import Extras, json_extras, load_extras, write_files
from tui.commands.history_format import (
    flat,
    path_json,
    path_markdown,
    thinking_block,
    tree_json,
    tree_markdown,
)
from tui.commands.output import dumps_for, local_time, print_json, print_table
from tui.store import Conversation, Store

__all__ = ["run_history", "thinking_block"]


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
            "import": _import,
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


async def _conversation(store: Store, conversation_id: int) -> Conversation:
    conversation = await store.get_conversation(conversation_id)
    if conversation is None:
        raise UsageError(f"no conversation {conversation_id} (see parley history list)")
    return conversation


async def _show(store: Store, args: argparse.Namespace) -> int:
    conversation = await _conversation(store, args.id)
    chosen = await store.chosen_path(conversation.id)
    extras = await load_extras(store, [m.id for m in chosen.messages])
    if args.json:
        data = path_json(conversation, chosen)
        await _add_json_extras(store, data["messages"], extras, inline=False)
        print_json(data)
        return EXIT_OK
    sys.stdout.write(path_markdown(conversation, chosen, extras))
    return EXIT_OK


async def _add_json_extras(
    store: Store, messages: list[dict[str, Any]], extras: Extras, *, inline: bool
) -> None:
    for message in messages:
        message.update(await json_extras(store, extras, message["id"], inline=inline))


def _files_folder(args: argparse.Namespace) -> Path | None:
    """Where a Markdown export's files go: a folder beside the output file."""
    if args.format != "md" or not args.output:
        return None
    output = Path(args.output)
    return output.with_name(output.stem + ".files")


async def _rendered(
    store: Store, conversation: Conversation, args: argparse.Namespace
) -> tuple[Any, Extras]:
    """What export writes (the chosen path, or every branch with ``--branches all``) and
    the files and citations it names."""
    chosen = await store.chosen_path(conversation.id)
    messages = chosen.messages
    if args.branches == "all":
        messages = await store.messages(conversation.id)
    extras = await load_extras(store, [m.id for m in messages])
    folder = _files_folder(args)
    if folder is not None and extras.files:
        extras = Extras(extras.files, extras.citations, folder.name)
    if args.format == "json":
        if args.branches == "all":
            data = tree_json(conversation, messages, chosen)
        else:
            data = path_json(conversation, chosen)
        await _add_json_extras(store, data["messages"], extras, inline=True)
        return data, extras
    if args.branches == "all":
        return tree_markdown(conversation, messages, chosen, extras), extras
    return path_markdown(conversation, chosen, extras), extras


async def _search(store: Store, args: argparse.Namespace) -> int:
    hits = await store.search(" ".join(args.query), limit=args.limit)
    if _json_or_nothing(hits, args.json, "No matches."):
        return EXIT_OK
    for hit in hits:
        title = flat(hit.conversation_title or "(untitled)")
        where = "" if hit.on_chosen_path else f" · in another branch (#{hit.message_id})"
        print(f"#{hit.conversation_id} {title} · {hit.role} · {local_time(hit.created_at)}{where}")
        print(f"    {flat(hit.marked('«', '»'))}")
    return EXIT_OK


async def _export(store: Store, args: argparse.Namespace) -> int:
    if args.all == (args.id is not None):
        raise UsageError("export takes a conversation id, or --all for every conversation")
    if args.all:
        return await export_all(store, args)
    conversation = await _conversation(store, args.id)
    rendered, extras = await _rendered(store, conversation, args)
    if args.format == "json":
        # A file gets the exact text; a terminal gets escapes (the same JSON value).
        if args.output:
            text = json.dumps(rendered, indent=2, ensure_ascii=False) + "\n"
        else:
            text = dumps_for(sys.stdout, rendered, indent=2) + "\n"
    else:
        text = rendered
    if args.output:
        try:
            await asyncio.to_thread(Path(args.output).write_text, text, encoding="utf-8")
        except OSError as exc:
            print(f"parley: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return EXIT_FAILURE
        print(f"Wrote {args.output}", file=sys.stderr)
        return await _export_files(store, extras, args)
    sys.stdout.write(text)
    if extras.files and args.format == "md":
        print(
            "parley: the attached files were not written: give -o FILE to write them beside it",
            file=sys.stderr,
        )
    return EXIT_OK


async def _export_files(store: Store, extras: Extras, args: argparse.Namespace) -> int:
    folder = _files_folder(args)
    if folder is None or not extras.files:
        return EXIT_OK
    try:
        count = await write_files(store, extras, folder)
    except OSError as exc:
        print(
            f"parley: cannot write the attached files to {folder}: {exc.strerror}", file=sys.stderr
        )
        return EXIT_FAILURE
    print(f"Wrote {count} attached file{'s' if count != 1 else ''} to {folder}", file=sys.stderr)
    return EXIT_OK


async def _import(store: Store, args: argparse.Namespace) -> int:
    # Imported here: the readers are needed by this one action only (start-up time).
    from tui.commands.history_import import import_history

    return await import_history(store, args)


async def _rename(store: Store, args: argparse.Namespace) -> int:
    await _conversation(store, args.id)
    title = " ".join(args.title).strip()
    if not title:
        raise UsageError("the new title is empty")
    await store.rename_conversation(args.id, title)
    return EXIT_OK


async def _delete(store: Store, args: argparse.Namespace) -> int:
    conversation = await _conversation(store, args.id)
    messages = await store.messages(conversation.id)
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
    await store.prune_blobs()  # no undo here: the files only it sent go with it
    print(f"Deleted conversation {conversation.id}.", file=sys.stderr)
    return EXIT_OK
