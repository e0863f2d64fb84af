"""What history show and export add to a message: its attached files and its citations."""

from __future__ import annotations

import asyncio
import base64
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from tui.store import Store, StoredAttachment, StoredCitation

_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True, slots=True)
class Extras:
    """The files and citations of the messages being shown, and where exported files went."""

    files: dict[int, list[StoredAttachment]] = field(default_factory=dict)
    citations: dict[int, list[StoredCitation]] = field(default_factory=dict)
    folder: str | None = None
    """The folder (relative to the Markdown file) the files were written to, if they were."""

    def file_lines(self, message_id: int) -> list[str]:
        """``Attached:`` and one line per file (a link when written beside the export)."""
        files = self.files.get(message_id, [])
        if not files:
            return []
        lines = ["Attached:", ""]
        for item in files:
            about = f"({item.kind}, {item.format}, {_size(item.size)})"
            name = flat_name(item.name)
            if self.folder is not None:
                lines.append(f"- [{name}](<{self.folder}/{exported_name(item)}>) {about}")
            else:
                lines.append(f"- {name} {about}")
        return [*lines, ""]

    def citation_lines(self, message_id: int) -> list[str]:
        """``Sources:`` and the citations as numbered references: title, then the URL."""
        cited = self.citations.get(message_id, [])
        if not cited:
            return []
        lines = ["Sources:", ""]
        for number, citation in enumerate(cited, 1):
            title = _one_line(citation.title) or _one_line(citation.url)
            lines.append(f"{number}. {title} <{_one_line(citation.url)}>")
        return [*lines, ""]


async def load_extras(store: Store, message_ids: Iterable[int]) -> Extras:
    ids = list(message_ids)
    return Extras(await store.attachments_of(ids), await store.citations_of(ids))


def flat_name(name: str) -> str:
    return _one_line(name) or "file"


def exported_name(item: StoredAttachment) -> str:
    """A file's name in the export folder: unique per message and position, nothing that
    could climb out of the folder or hide (no separators, no leading dot)."""
    safe = _UNSAFE_NAME.sub("_", item.name).strip(" .") or "file"
    return f"{item.message_id}-{item.position + 1}-{safe}"


async def write_files(store: Store, extras: Extras, folder: Path) -> int:
    """Write every file of ``extras`` into ``folder``; return how many."""
    count = 0
    for items in extras.files.values():
        for item in items:
            data = await store.blob(item.sha256)
            if data is None:
                continue
            await asyncio.to_thread(_write, folder / exported_name(item), data)
            count += 1
    return count


async def json_extras(
    store: Store, extras: Extras, message_id: int, *, inline: bool
) -> dict[str, Any]:
    """A message's files (with their bytes in base64 when ``inline``) and citations."""
    files = []
    for item in extras.files.get(message_id, []):
        entry: dict[str, Any] = {
            "name": item.name,
            "kind": item.kind,
            "format": item.format,
            "mime": item.mime,
            "size": item.size,
            "sha256": item.sha256,
        }
        if inline:
            data = await store.blob(item.sha256) or b""
            entry["data_base64"] = base64.b64encode(data).decode("ascii")
        files.append(entry)
    cited = [asdict(c) for c in extras.citations.get(message_id, [])]
    return {"attachments": files, "citations": cited}


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _one_line(text: str) -> str:
    return " ".join(text.replace("\r", " ").split("\n")).strip()


def _size(size: int) -> str:
    return f"{size:,} byte{'s' if size != 1 else ''}"
