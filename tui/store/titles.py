"""Conversation titles: made from the first prompt, or cleaned up when given."""

from __future__ import annotations

TITLE_LENGTH = 60
"""Longest title made from a prompt, ellipsis included."""

_ELLIPSIS = "…"


def clean_title(text: str) -> str:
    """``text`` on one line: runs of whitespace (newlines included) become one space."""
    return " ".join(text.split())


def title_from_prompt(prompt: str, limit: int = TITLE_LENGTH) -> str | None:
    """The first non-blank line of ``prompt``, tidied and cut at a word near ``limit``.

    ``None`` when the prompt has no visible text, so the conversation stays untitled until
    a prompt that has some.
    """
    line = next((clean_title(line) for line in prompt.splitlines() if line.strip()), "")
    if not line:
        return None
    if len(line) <= limit:
        return line
    cut = line[: limit - len(_ELLIPSIS) + 1]
    # Prefer ending at a word, unless that throws away most of the room.
    space = cut.rfind(" ")
    cut = cut[:space] if space >= limit // 2 else cut[:-1]
    return cut.rstrip(" ,;:.-–—") + _ELLIPSIS
