"""Reasoning details: OpenRouter's reasoning blocks parsed, merged across chunks, read safely.

A reply may carry ``reasoning`` (plain text) and ``reasoning_details``: typed blocks of
``reasoning.text`` (text, maybe a signature), ``reasoning.summary`` (a summary) and
``reasoning.encrypted`` (opaque ``data``, never readable). Streams send the blocks in pieces
that share an ``index``; :func:`merge_details` joins them back into whole blocks, which are
what a later request must carry to continue the model's reasoning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ENCRYPTED",
    "SUMMARY",
    "TEXT",
    "ReasoningDetail",
    "details_from_json",
    "details_to_json",
    "merge_details",
    "readable_text",
]

TEXT = "reasoning.text"
SUMMARY = "reasoning.summary"
ENCRYPTED = "reasoning.encrypted"
_KNOWN = frozenset(("type", "text", "summary", "data", "signature", "id", "format", "index"))


@dataclass(frozen=True, slots=True)
class ReasoningDetail:
    """One reasoning block (or, in a stream, one piece of it).

    ``text`` is the readable part: a ``reasoning.text`` block's text or a
    ``reasoning.summary`` block's summary; an encrypted block's ``data`` is never readable.
    ``extra`` keeps fields this client does not know, so a block goes back as it came.
    Every string here came from the server: show ``text`` only through the terminal
    neutraliser, and never show ``data`` or ``signature``.
    """

    type: str
    text: str = ""
    data: str = ""
    signature: str | None = None
    id: str | None = None
    format: str | None = None
    index: int | None = None
    extra: dict[str, Any] = field(default_factory=dict, hash=False)

    @property
    def readable(self) -> bool:
        """Whether ``text`` is meant for people (text and summary blocks, never encrypted)."""
        return self.type in (TEXT, SUMMARY)

    @classmethod
    def from_json(cls, value: Any) -> ReasoningDetail | None:
        """The block in ``value``, or ``None`` if it is not an object with a string type."""
        if not isinstance(value, Mapping) or not isinstance(value.get("type"), str):
            return None
        kind = value["type"]
        readable = value.get("summary") if kind == SUMMARY else value.get("text")
        index = value.get("index")
        return cls(
            type=kind,
            text=readable if isinstance(readable, str) and kind != ENCRYPTED else "",
            data=_string(value.get("data")) or "",
            signature=_string(value.get("signature")),
            id=_string(value.get("id")),
            format=_string(value.get("format")),
            index=index if isinstance(index, int) and not isinstance(index, bool) else None,
            extra={k: v for k, v in value.items() if isinstance(k, str) and k not in _KNOWN},
        )

    def to_json(self) -> dict[str, Any]:
        """The block in the API's shape, to send back with the assistant's message."""
        body: dict[str, Any] = {"type": self.type, **self.extra}
        if self.type == SUMMARY:
            body["summary"] = self.text
        elif self.type != ENCRYPTED or self.text:
            body["text"] = self.text
        if self.data or self.type == ENCRYPTED:
            body["data"] = self.data
        for name in ("signature", "id", "format", "index"):
            value = getattr(self, name)
            if value is not None:
                body[name] = value
        return body

    def joined(self, later: ReasoningDetail) -> ReasoningDetail:
        """This block with a later piece of it appended (signature and ids: the latest)."""
        return ReasoningDetail(
            type=self.type,
            text=self.text + later.text,
            data=self.data + later.data,
            signature=later.signature or self.signature,
            id=later.id or self.id,
            format=later.format or self.format,
            index=self.index,
            extra={**self.extra, **later.extra},
        )


def details_from_json(value: Any) -> tuple[ReasoningDetail, ...]:
    """The blocks of a ``reasoning_details`` list; anything else, or a bad item, is skipped."""
    if not isinstance(value, list):
        return ()
    return tuple(d for d in map(ReasoningDetail.from_json, value) if d is not None)


def details_to_json(details: Iterable[ReasoningDetail]) -> list[dict[str, Any]]:
    return [detail.to_json() for detail in details]


def readable_text(details: Iterable[ReasoningDetail]) -> str:
    """The text people may read: text and summary blocks in order; encrypted data never."""
    return "".join(detail.text for detail in details if detail.readable)


def merge_details(
    blocks: list[ReasoningDetail], pieces: Iterable[ReasoningDetail]
) -> list[ReasoningDetail]:
    """``blocks`` with streamed ``pieces`` joined in: a piece continues the block of its type
    and index (or, without an index, the last block if of its type), else starts a new one."""
    merged = list(blocks)
    for piece in pieces:
        at = _block_of(merged, piece)
        if at is None:
            merged.append(piece)
        else:
            merged[at] = merged[at].joined(piece)
    return merged


def _block_of(blocks: list[ReasoningDetail], piece: ReasoningDetail) -> int | None:
    if piece.index is None:
        last = len(blocks) - 1
        return last if blocks and blocks[last].type == piece.type else None
    for at in range(len(blocks) - 1, -1, -1):
        if blocks[at].index == piece.index and blocks[at].type == piece.type:
            return at
    return None


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None
