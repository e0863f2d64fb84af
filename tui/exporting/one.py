"""One conversation exported to a file: Markdown (the chosen path) or JSON (every branch)."""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tui.exporting.extras import Extras, json_extras, load_extras, write_files
from tui.exporting.format import path_markdown, tree_json
from tui.store import Store
from tui.store.errors import NotFoundError

ExportFormat = Literal["md", "json"]
_UNSAFE = re.compile(r"\W+")
_NAME_LENGTH = 60


@dataclass(frozen=True, slots=True)
class Exported:
    """What an export wrote: the file, and how many attached files went beside it."""

    path: Path
    files: int
    files_folder: Path | None


def export_name(conversation_id: int, title: str | None, fmt: ExportFormat) -> str:
    """A file name for a conversation: its id, then its title made safe (letters, digits
    and ``_`` joined by ``-``), so no separator, dot or control character reaches it."""
    slug = _UNSAFE.sub("-", title or "").strip("-_")[:_NAME_LENGTH].strip("-_")
    return f"parley-{conversation_id}-{slug or 'untitled'}.{fmt}"


def format_of(path: Path) -> ExportFormat:
    """JSON for a ``.json`` file, Markdown for anything else."""
    return "json" if path.suffix.lower() == ".json" else "md"


def files_folder(path: Path) -> Path:
    """Where a Markdown export's attached files go: a folder beside it."""
    return path.with_name(path.stem + ".files")


async def render(
    store: Store, conversation_id: int, fmt: ExportFormat, folder: str | None = None
) -> tuple[str, Extras]:
    """The text of the export and the attached files it names.

    JSON holds every branch, the chosen path and the files' bytes (what an import reads
    back whole); Markdown holds the chosen path, for reading, its files linked into
    ``folder`` (relative to the Markdown file) when given.
    Raises ``NotFoundError`` for a missing conversation.
    """
    conversation = await store.get_conversation(conversation_id)
    if conversation is None:
        raise NotFoundError(f"no conversation {conversation_id}")
    chosen = await store.chosen_path(conversation_id)
    if fmt == "json":
        messages = await store.messages(conversation_id)
        extras = await load_extras(store, [m.id for m in messages])
        data = tree_json(conversation, messages, chosen)
        for message in data["messages"]:
            message.update(await json_extras(store, extras, message["id"], inline=True))
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n", extras
    extras = await load_extras(store, [m.id for m in chosen.messages])
    if folder is not None and extras.files:
        extras = Extras(extras.files, extras.citations, folder)
    return path_markdown(conversation, chosen, extras), extras


async def export_conversation(store: Store, conversation_id: int, path: Path) -> Exported:
    """Write a conversation to ``path`` (its format from the suffix), replacing the file;
    a Markdown export's attached files go to a folder beside it, linked from the text.

    Raises ``NotFoundError`` for a missing conversation, ``OSError`` when it cannot write.
    """
    fmt = format_of(path)
    folder = files_folder(path)
    text, extras = await render(store, conversation_id, fmt, folder.name)
    await asyncio.to_thread(path.write_text, text, encoding="utf-8")
    if fmt == "md" and extras.files:
        return Exported(path, await write_files(store, extras, folder), folder)
    return Exported(path, 0, None)
