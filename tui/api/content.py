"""Multimodal content parts, request plugins (web search, PDF parsing) and url citations."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

from tui.api.pdf_engines import PDF_ENGINES

__all__ = [
    "ONLINE_SUFFIX",
    "PDF_ENGINES",
    "Attachment",
    "Citation",
    "FileParser",
    "Plugin",
    "WebSearch",
    "citations_from_json",
    "content_parts",
    "merge_plugins",
    "split_online",
]

AttachmentKind = Literal["image", "pdf", "audio", "text"]

ONLINE_SUFFIX = ":online"
"""The deprecated model-id shorthand for the web plugin (``openai/gpt-4o:online``)."""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with a user message, its kind told from its content.

    ``format`` is the subtype the API names (``png``, ``jpeg``, ``pdf``, ``wav``, ``mp3`` …,
    or ``text``); ``mime`` is what a data URL carries.
    """

    name: str
    kind: AttachmentKind
    format: str
    mime: str
    data: bytes = field(repr=False)
    sha256: str = ""

    def __post_init__(self) -> None:
        if not self.sha256:
            object.__setattr__(self, "sha256", hashlib.sha256(self.data).hexdigest())

    @property
    def size(self) -> int:
        return len(self.data)

    def data_url(self) -> str:
        return f"data:{self.mime};base64,{base64.b64encode(self.data).decode('ascii')}"

    def text(self) -> str:
        """The contents of a text file (BOM dropped, undecodable bytes replaced)."""
        return self.data.decode("utf-8-sig", errors="replace")

    def to_part(self) -> dict[str, Any]:
        """The content part OpenRouter's multimodal reference gives for this kind."""
        if self.kind == "image":
            return {"type": "image_url", "image_url": {"url": self.data_url()}}
        if self.kind == "pdf":
            return {"type": "file", "file": {"filename": self.name, "file_data": self.data_url()}}
        if self.kind == "audio":
            encoded = base64.b64encode(self.data).decode("ascii")
            return {"type": "input_audio", "input_audio": {"data": encoded, "format": self.format}}
        return {"type": "text", "text": fenced_text(self.name, self.text())}


def fenced_text(name: str, text: str) -> str:
    """A text file as one text part: its name, then its contents in a fence longer than any
    run of backticks inside, so the file cannot close the fence early."""
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * max(3, longest + 1)
    body = text if text.endswith("\n") or not text else text + "\n"
    return f"File: {name}\n{fence}\n{body}{fence}"


def content_parts(text: str, attachments: tuple[Attachment, ...]) -> str | list[dict[str, Any]]:
    """A user message's ``content``: plain text alone, else the text part first, then one part
    per attachment in the order given."""
    if not attachments:
        return text
    return [{"type": "text", "text": text}, *(a.to_part() for a in attachments)]


@dataclass(frozen=True, slots=True)
class WebSearch:
    """The ``web`` plugin: search the web and ground the answer, with citations."""

    max_results: int | None = None
    engine: str | None = None
    """``native``, ``exa`` …; None lets OpenRouter choose."""

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"id": "web"}
        if self.max_results is not None:
            body["max_results"] = self.max_results
        if self.engine:
            body["engine"] = self.engine
        return body


@dataclass(frozen=True, slots=True)
class FileParser:
    """The ``file-parser`` plugin: which engine reads PDFs (``mistral-ocr``, ``native`` …)."""

    engine: str

    def to_json(self) -> dict[str, Any]:
        return {"id": "file-parser", "pdf": {"engine": self.engine}}


Plugin = WebSearch | FileParser


def split_online(model: str) -> tuple[str, bool]:
    """``model`` without the deprecated ``:online`` suffix, and whether it had it."""
    if model.endswith(ONLINE_SUFFIX) and len(model) > len(ONLINE_SUFFIX):
        return model[: -len(ONLINE_SUFFIX)], True
    return model, False


def merge_plugins(given: Any, plugins: tuple[Plugin, ...]) -> list[dict[str, Any]]:
    """The ``plugins`` list: typed plugins replace any raw entry (``-p plugins=…``) with the
    same id; other raw entries stay, in their order."""
    typed = [p.to_json() for p in plugins]
    ids = {p["id"] for p in typed}
    raw = given if isinstance(given, list) else []
    kept = [p for p in raw if not (isinstance(p, dict) and p.get("id") in ids)]
    return [*kept, *typed]


@dataclass(frozen=True, slots=True)
class Citation:
    """A ``url_citation`` annotation: a source the answer cites.

    Every string is the server's, unchecked: whoever shows one neutralises it first.
    ``start_index``/``end_index`` mark the cited span of the answer, when given.
    """

    url: str
    title: str = ""
    content: str = ""
    start_index: int | None = None
    end_index: int | None = None


def citations_from_json(annotations: Any) -> tuple[Citation, ...]:
    """The url citations among ``annotations`` (a delta's or a message's); others are skipped."""
    if not isinstance(annotations, list):
        return ()
    found = []
    for item in annotations:
        if not isinstance(item, dict) or item.get("type") != "url_citation":
            continue
        body = item.get("url_citation")
        body = body if isinstance(body, dict) else item  # some servers flatten it
        url = body.get("url")
        if not isinstance(url, str) or not url:
            continue
        found.append(
            Citation(
                url=url,
                title=_text(body.get("title")),
                content=_text(body.get("content")),
                start_index=_index(body.get("start_index")),
                end_index=_index(body.get("end_index")),
            )
        )
    return tuple(found)


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _index(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return None
