"""Files a user attaches to a prompt: read, told apart by content, checked before any request."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tui.api.content import Attachment, AttachmentKind
from tui.store.attachments import AttachmentStore, NewAttachment

__all__ = [
    "LIMITS",
    "Attachment",
    "AttachmentError",
    "check_modalities",
    "describe",
    "human_size",
    "load_attachments",
    "pasted_path",
    "read_attachment",
    "sniff",
    "to_stored",
]

MIB = 1024 * 1024
LIMITS: dict[AttachmentKind, int] = {
    "image": 10 * MIB,
    "pdf": 32 * MIB,
    "audio": 25 * MIB,
    "text": 512 * 1024,
}
"""The largest file of each kind Parley sends: base64 makes a request a third bigger again,
and a text file goes into the prompt whole."""

MODALITY: dict[AttachmentKind, str] = {
    "image": "image",
    "pdf": "file",
    "audio": "audio",
    "text": "text",
}
"""The ``architecture.input_modalities`` entry a model lists when it takes each kind."""

_HEAD = 64
_TEXT_PROBE = 64 * 1024


class AttachmentError(ValueError):
    """A file that cannot be attached; the message names it and says why."""


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What the first bytes say a file is."""

    kind: AttachmentKind | None
    format: str
    mime: str


# (offset, magic, kind, format, mime); RIFF and ftyp containers are told apart below.
_MAGIC: tuple[tuple[int, bytes, AttachmentKind, str, str], ...] = (
    (0, b"\x89PNG\r\n\x1a\n", "image", "png", "image/png"),
    (0, b"\xff\xd8\xff", "image", "jpeg", "image/jpeg"),
    (0, b"GIF87a", "image", "gif", "image/gif"),
    (0, b"GIF89a", "image", "gif", "image/gif"),
    (0, b"%PDF-", "pdf", "pdf", "application/pdf"),
    (0, b"ID3", "audio", "mp3", "audio/mpeg"),
    (0, b"fLaC", "audio", "flac", "audio/flac"),
    (0, b"OggS", "audio", "ogg", "audio/ogg"),
)
# Binary formats recognised only to name them in the refusal.
_UNSENDABLE: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\x7fELF", "an executable (ELF)"),
    (b"MZ", "a Windows executable"),
    (b"BM", "a BMP image (send PNG or JPEG)"),
    (b"II*\x00", "a TIFF image (send PNG or JPEG)"),
    (b"MM\x00*", "a TIFF image (send PNG or JPEG)"),
    (b"SQLite format 3\x00", "an SQLite database"),
)


def sniff(head: bytes) -> Sniffed | str:
    """The kind of a file from its first bytes, or why it cannot be sent (a description)."""
    for offset, magic, kind, fmt, mime in _MAGIC:
        if head[offset : offset + len(magic)] == magic:
            return Sniffed(kind, fmt, mime)
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return Sniffed("audio", "wav", "audio/wav")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed("image", "webp", "image/webp")
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return Sniffed("audio", "aiff", "audio/aiff")
    if head[4:8] == b"ftyp" and head[8:11] == b"M4A":
        return Sniffed("audio", "m4a", "audio/mp4")
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return Sniffed("audio", "mp3", "audio/mpeg")  # an MPEG audio frame, no ID3 tag
    for magic, description in _UNSENDABLE:
        if head.startswith(magic):
            return description
    return Sniffed(None, "text", "text/plain")


def _is_text(sample: bytes, whole: bool) -> bool:
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A probe may end inside a character; only an error before its last bytes counts.
        return not whole and exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data"
    return True


def read_attachment(path: str | os.PathLike[str]) -> Attachment:
    """Read ``path`` into an :class:`Attachment`, or raise :class:`AttachmentError` saying why:
    missing, a folder, unreadable, over its kind's limit (:data:`LIMITS`), or a binary kind
    the API cannot take."""
    file = Path(path).expanduser()
    shown = str(path)
    try:
        info = file.stat()
    except FileNotFoundError:
        raise AttachmentError(f"{shown}: no such file") from None
    except OSError as exc:
        raise AttachmentError(f"{shown}: cannot read it ({exc.strerror or exc})") from None
    if file.is_dir():
        raise AttachmentError(f"{shown} is a folder: attach the files in it one by one")
    if not file.is_file():
        raise AttachmentError(f"{shown} is not a regular file")
    try:
        with file.open("rb") as handle:
            head = handle.read(_HEAD)
            found = sniff(head)
            if isinstance(found, str):
                raise AttachmentError(f"{shown} is {found}: Parley cannot send that kind of file")
            kind = found.kind or "text"
            _check_size(shown, kind, info.st_size)
            data = head + handle.read(LIMITS[kind] + 1 - len(head))
    except OSError as exc:
        raise AttachmentError(f"{shown}: cannot read it ({exc.strerror or exc})") from None
    _check_size(shown, kind, len(data))  # the file may have grown since stat
    if found.kind is None and not _is_text(data[:_TEXT_PROBE], len(data) <= _TEXT_PROBE):
        raise AttachmentError(
            f"{shown} is a binary file of a kind Parley cannot send "
            "(images: png, jpeg, webp, gif; PDF; audio: wav, mp3, flac, ogg, m4a, aiff; "
            "or UTF-8 text)"
        )
    return Attachment(file.name, kind, found.format, found.mime, data)


def _check_size(shown: str, kind: AttachmentKind, size: int) -> None:
    limit = LIMITS[kind]
    if size > limit:
        raise AttachmentError(
            f"{shown} is {human_size(size)}; the limit for {_KIND_NAMES[kind]} is "
            f"{human_size(limit)}"
        )


_KIND_NAMES: dict[AttachmentKind, str] = {
    "image": "an image",
    "pdf": "a PDF",
    "audio": "audio",
    "text": "a text file",
}


def check_modalities(
    attachments: Iterable[Attachment],
    model: str,
    input_modalities: tuple[str, ...] | None,
    *,
    pdf_engine: str | None = None,
) -> list[str]:
    """Warnings for kinds the catalog does not vouch for; :class:`AttachmentError` for a kind
    it says ``model`` does not take.

    A PDF goes to any model (OpenRouter parses it for those that cannot read files), unless
    the ``native`` engine is asked for. Text files are prompt text: every model takes them.
    """
    warnings: list[str] = []
    for item in attachments:
        needed = MODALITY[item.kind]
        if needed == "text" or (item.kind == "pdf" and pdf_engine != "native"):
            continue
        if input_modalities is None:
            warnings.append(
                f"the model list does not say whether {model} takes {needed} input; "
                f"{item.name} is sent anyway"
            )
        elif needed not in input_modalities:
            takes = ", ".join(input_modalities) or "nothing listed"
            raise AttachmentError(
                f"{model} does not take {needed} input ({item.name}); it takes: {takes}"
            )
    return warnings


def human_size(size: int) -> str:
    """``2,048 bytes``, ``1.5 MiB``: exact below ten kibibytes, rounded above."""
    if size < 10 * 1024:
        return f"{size:,} byte{'s' if size != 1 else ''}"
    if size < MIB:
        return f"{size / 1024:.1f} KiB"
    return f"{size / MIB:.1f} MiB"


def describe(item: Attachment) -> str:
    """One line for a chip or a listing: ``report.pdf · pdf · 3.1 MiB``."""
    return f"{item.name} · {item.format} · {human_size(item.size)}"


# -- between the wire and the store -------------------------------------------------------


def to_stored(item: Attachment) -> NewAttachment:
    return NewAttachment(item.name, item.kind, item.format, item.mime, item.data)


async def load_attachments(
    store: AttachmentStore, message_ids: Iterable[int]
) -> dict[int, tuple[Attachment, ...]]:
    """The files each stored message was sent with, bytes and all, ready to send again."""
    linked = await store.attachments_of(message_ids)
    found: dict[int, tuple[Attachment, ...]] = {}
    for message_id, items in linked.items():
        files = []
        for item in items:
            data = await store.blob(item.sha256)
            if data is not None and item.kind in LIMITS:
                kind: AttachmentKind = item.kind  # type: ignore[assignment]  # checked above
                files.append(Attachment(item.name, kind, item.format, item.mime, data, item.sha256))
        found[message_id] = tuple(files)
    return found


_ESCAPED = re.compile(r"\\(.)")


def pasted_path(text: str) -> Path | None:
    """The existing file a paste names, if the whole paste is one path; else None.

    Terminals paste a dropped file as its path: quoted, with backslash-escaped spaces, or as
    a ``file://`` URL. Anything else (text with a path in it, a bare word, a folder, a missing
    file) is None, so an ordinary paste is never taken for a file.
    """
    raw = text.strip()
    if not raw or "\n" in raw or len(raw) > 4096:
        return None
    if len(raw) > 1 and raw[0] == raw[-1] and raw[0] in "'\"":
        raw = raw[1:-1]
    elif raw.lower().startswith("file://"):
        parts = urlsplit(raw)
        if parts.netloc not in ("", "localhost"):
            return None
        raw = unquote(parts.path)
    elif "\\" in raw and os.sep == "/":
        raw = _ESCAPED.sub(r"\1", raw)
    try:
        path = Path(raw).expanduser()
        # Only what reads as a path: a word that happens to name a file here is text.
        if not (path.is_absolute() or raw.startswith(("./", "../"))):
            return None
        return path if path.is_file() else None
    except (OSError, ValueError):  # a name too long or with a NUL is no file to attach
        return None
