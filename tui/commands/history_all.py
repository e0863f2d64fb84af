"""``parley history export --all``: every conversation as JSON lines, or a folder of Markdown,
one conversation in memory at a time."""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, TextIO

from tui.commands.exits import EXIT_FAILURE, EXIT_OK, UsageError
from tui.commands.history_extras import Extras, json_extras, load_extras, write_files
from tui.commands.history_format import path_markdown, tree_json, tree_markdown
from tui.commands.output import dumps_for
from tui.store import Store

_PAGE = 200
_NAME_LENGTH = 60
_UNSAFE = re.compile(r"\W+")


def file_stem(conversation_id: int, title: str) -> str:
    """A conversation's file name (without ``.md``): its id, then its title made safe.

    Only letters, digits and ``_`` of the title survive, joined by ``-``: no separator, no
    dot, no control or bidi character can reach a file name; the id keeps names unique.
    """
    slug = _UNSAFE.sub("-", title).strip("-_")[:_NAME_LENGTH].strip("-_")
    return f"{conversation_id}-{slug or 'untitled'}"


async def export_all(store: Store, args: argparse.Namespace) -> int:
    if args.format == "json":
        return await _json_lines(store, args)
    if not args.output:
        raise UsageError("--all with Markdown writes a folder of files: give -o DIR")
    return await _markdown_folder(store, args, Path(args.output))


async def _ids(store: Store) -> AsyncIterator[tuple[int, str]]:
    after = 0
    while page := await store.conversation_index(after, _PAGE):
        for item in page:
            yield item
        after = page[-1][0]


async def _json_lines(store: Store, args: argparse.Namespace) -> int:
    """Each conversation on one line: its whole tree, chosen path, files (base64) and sources."""
    target = Path(args.output) if args.output else None
    if target is not None and not args.force:
        _refuse_to_replace(target)
    try:
        stream: TextIO = target.open("w", encoding="utf-8") if target else sys.stdout
    except OSError as exc:
        print(f"parley: cannot write {target}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILURE
    counts = [0, 0]
    try:
        async for conversation_id, _ in _ids(store):
            data = await _tree(store, conversation_id)
            if data is None:
                continue  # deleted while we went
            # A file gets the exact text; a terminal gets escapes (the same JSON value).
            line = json.dumps(data, ensure_ascii=False) if target else dumps_for(stream, data)
            stream.write(line + "\n")
            counts[0] += 1
            counts[1] += len(data["messages"])
    except BrokenPipeError:
        raise  # the reader of stdout left: the CLI ends quietly
    except OSError as exc:
        print(f"parley: cannot write {target or 'stdout'}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        if target is not None:
            stream.close()
    where = target if target else "stdout"
    print(f"Wrote {_count(counts[0], counts[1])} to {where}", file=sys.stderr)
    return EXIT_OK


async def _tree(store: Store, conversation_id: int) -> dict[str, Any] | None:
    conversation = await store.get_conversation(conversation_id)
    if conversation is None:
        return None
    chosen = await store.chosen_path(conversation_id)
    messages = await store.messages(conversation_id)
    extras = await load_extras(store, [m.id for m in messages])
    data = tree_json(conversation, messages, chosen)
    for message in data["messages"]:
        message.update(await json_extras(store, extras, message["id"], inline=True))
    return data


async def _markdown_folder(store: Store, args: argparse.Namespace, folder: Path) -> int:
    _refuse_a_file(folder)
    if not args.force:
        # Before anything is written: a refusal leaves the folder as it was.
        async for conversation_id, title in _ids(store):
            _refuse_to_replace(folder / (file_stem(conversation_id, title) + ".md"))
    counts = [0, 0]
    try:
        await asyncio.to_thread(folder.mkdir, parents=True, exist_ok=True)
        async for conversation_id, title in _ids(store):
            written = await _write_markdown(store, args, folder, file_stem(conversation_id, title))
            counts[0] += written > 0
            counts[1] += max(written, 0)
    except OSError as exc:
        print(f"parley: cannot write to {folder}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILURE
    print(f"Wrote {_count(counts[0], counts[1])} to {folder}", file=sys.stderr)
    return EXIT_OK


async def _write_markdown(store: Store, args: argparse.Namespace, folder: Path, stem: str) -> int:
    """Write one conversation (and its files beside it); return its message count, or -1."""
    conversation_id = int(stem.split("-", 1)[0])
    conversation = await store.get_conversation(conversation_id)
    if conversation is None:
        return -1
    chosen = await store.chosen_path(conversation_id)
    messages = list(chosen.messages)
    if args.branches == "all":
        messages = await store.messages(conversation_id)
    extras = await load_extras(store, [m.id for m in messages])
    files = stem + ".files"
    if extras.files:
        extras = Extras(extras.files, extras.citations, files)
        await write_files(store, extras, folder / files)
    if args.branches == "all":
        text = tree_markdown(conversation, messages, chosen, extras)
    else:
        text = path_markdown(conversation, chosen, extras)
    await asyncio.to_thread((folder / (stem + ".md")).write_text, text, encoding="utf-8")
    return len(messages)


def _refuse_a_file(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file: --all with Markdown writes a folder")


def _refuse_to_replace(path: Path) -> None:
    if path.exists():
        raise UsageError(f"{path} exists: give --force to replace it")


def _count(conversations: int, messages: int) -> str:
    noun = "conversation" if conversations == 1 else "conversations"
    return f"{conversations:,} {noun} ({messages:,} message{'' if messages == 1 else 's'})"
