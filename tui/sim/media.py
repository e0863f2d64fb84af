"""What a request brought besides text (images, PDFs, audio, files) and its web plugin."""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any

_FILE_HEADER = re.compile(r"\AFile: (?P<name>[^\n]*)\n(?P<fence>`{3,})\n")
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_KINDS = {"image": "an image", "pdf": "a PDF", "audio": "audio", "text": "a text file"}
MAX_CITATIONS = 10


@dataclass(frozen=True, slots=True)
class Received:
    """One non-text part of the last user message, as the simulator understood it."""

    kind: str
    format: str
    size: int
    name: str = ""
    pages: int | None = None
    opening: str | None = None
    """A text file's first line (cut short): the answer quotes it, so the file is seen read."""

    def describe(self) -> str:
        named = f" '{self.name}'" if self.name else ""
        if self.opening is not None:
            # Lines, not bytes: the fence cannot tell whether the file ended with a newline.
            lines = f"{self.size} line{'s' if self.size != 1 else ''}"
            return f"{_KINDS[self.kind]}{named} ({lines}, starting “{self.opening}”)"
        details = [self.format] if self.kind != "pdf" else []
        if self.pages is not None:
            details.append(f"{self.pages} page{'s' if self.pages != 1 else ''}")
        details.append(f"{self.size:,} bytes")
        return f"{_KINDS[self.kind]}{named} ({', '.join(details)})"


@dataclass(frozen=True, slots=True)
class WebAsk:
    """The request's ``web`` plugin."""

    max_results: int
    engine: str | None


def received(messages: Any) -> list[Received]:
    """The attachments of the last user message, in order (the first text part is the prompt)."""
    if not isinstance(messages, list):
        return []
    last = next(
        (m for m in reversed(messages) if isinstance(m, dict) and m.get("role") == "user"), None
    )
    parts = last.get("content") if last else None
    if not isinstance(parts, list):
        return []
    found = []
    for index, part in enumerate(parts):
        item = _part(part, first=index == 0)
        if item is not None:
            found.append(item)
    return found


def _part(part: Any, *, first: bool) -> Received | None:
    if not isinstance(part, dict):
        return None
    kind = part.get("type")
    if kind == "image_url":
        url = (part.get("image_url") or {}).get("url", "")
        mime, data = _data_url(url)
        return Received("image", mime.rpartition("/")[2] or "unknown", len(data))
    if kind == "file":
        body = part.get("file") or {}
        mime, data = _data_url(body.get("file_data", ""))
        name = str(body.get("filename", ""))
        pages = len(_PAGE.findall(data)) if mime == "application/pdf" else None
        return Received("pdf", "pdf", len(data), name, pages)
    if kind == "input_audio":
        body = part.get("input_audio") or {}
        data = _b64(body.get("data", ""))
        return Received("audio", str(body.get("format", "unknown")), len(data))
    if kind == "text" and not first:
        text = str(part.get("text", ""))
        header = _FILE_HEADER.match(text)
        if header is None:
            return None
        body = text[header.end() : len(text) - len(header["fence"])].removesuffix("\n")
        lines = body.split("\n")
        first = lines[0] if len(lines[0]) <= 40 else lines[0][:39] + "…"
        return Received("text", "text", len(lines), header["name"], opening=first)
    return None


def is_file_part(part: dict[str, Any], *, first: bool) -> bool:
    """Whether a text part is an attached text file (``File: name`` and a fence), not prompt."""
    text = part.get("text")
    return not first and isinstance(text, str) and _FILE_HEADER.match(text) is not None


def _data_url(url: Any) -> tuple[str, bytes]:
    if not isinstance(url, str) or not url.startswith("data:"):
        return "", b""
    head, _, payload = url.partition(",")
    return head[5:].removesuffix(";base64"), _b64(payload)


def _b64(text: Any) -> bytes:
    try:
        return base64.b64decode(text, validate=True) if isinstance(text, str) else b""
    except (binascii.Error, ValueError):
        return b""


def received_sentence(items: list[Received]) -> str:
    """``I received an image (png, 2,048 bytes) and a PDF 'a.pdf' (3 pages, 9,000 bytes).``,
    a paragraph of its own (the answer after it may open with a heading)."""
    if not items:
        return ""
    said = [item.describe() for item in items]
    listed = said[0] if len(said) == 1 else ", ".join(said[:-1]) + " and " + said[-1]
    return f"I received {listed}.\n\n"


def web_ask(body: dict[str, Any]) -> WebAsk | None:
    """The web plugin the request asks for, if any."""
    plugins = body.get("plugins")
    if not isinstance(plugins, list):
        return None
    for plugin in plugins:
        if isinstance(plugin, dict) and plugin.get("id") == "web":
            count = plugin.get("max_results")
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                count = 5
            engine = plugin.get("engine")
            return WebAsk(min(count, MAX_CITATIONS), engine if isinstance(engine, str) else None)
    return None


def citations(ask: WebAsk, prompt: str, answer: str) -> list[dict[str, Any]]:
    """``url_citation`` annotations for a searched answer: one per result, each citing a span
    of the answer."""
    topic = " ".join(prompt.split()[:6]) or "the question"
    step = max(1, len(answer) // ask.max_results)
    found = []
    for n in range(1, ask.max_results + 1):
        start = min((n - 1) * step, max(0, len(answer) - 1))
        found.append(
            {
                "type": "url_citation",
                "url_citation": {
                    "url": f"https://search.example/{n}?q={n * 7919 % 1000}",
                    "title": f"Result {n} on {topic}",
                    "content": f"What source {n} says about {topic}.",
                    "start_index": start,
                    "end_index": min(start + step, len(answer)),
                },
            }
        )
    return found
