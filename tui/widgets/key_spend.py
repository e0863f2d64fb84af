"""What the API key has spent and may still spend, as ``GET /key`` last told it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from tui.sanitize import one_line

if TYPE_CHECKING:
    from tui.api.types import KeyInfo


def money(dollars: float) -> str:
    """Dollars as people read them: cents from a dollar up, tenths of a cent below."""
    return f"${dollars:,.2f}" if abs(dollars) >= 1 else f"${dollars:.4f}"


def spend_lines(info: KeyInfo) -> list[str]:
    """The panel's lines: the key, spent of the limit, what is left, and spend by period."""
    lines = [f"Key {one_line(info.label or '')}".rstrip()]
    used = money(info.usage or 0.0)
    if info.limit is None:
        lines.append(f"{used} spent · no limit")
    else:
        reset = f" ({one_line(info.limit_reset)})" if info.limit_reset else ""
        lines.append(f"{used} spent of {money(info.limit)}{reset}")
        if info.limit_remaining is not None:
            lines.append(f"{money(info.limit_remaining)} left")
    periods = [
        (name, value)
        for name, value in (
            ("today", info.usage_daily),
            ("week", info.usage_weekly),
            ("month", info.usage_monthly),
        )
        if value is not None
    ]
    if periods:
        lines.append(" · ".join(f"{name} {money(value)}" for name, value in periods))
    return lines


class KeySpend(Static):
    """A few lines on the key's spend; hidden when the server says nothing of its key."""

    DEFAULT_CSS = """
    KeySpend { height: auto; color: $text-muted; margin-bottom: 1; display: none; }
    KeySpend.-shown { display: block; }
    KeySpend.-low { color: $text-warning; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.info: KeyInfo | None = None
        """The key's spend as last shown (None: hidden)."""

    def show(self, info: KeyInfo | None) -> None:
        """Show ``info``; None hides the panel (local servers have no key to tell of)."""
        self.info = info
        self.set_class(info is not None, "-shown")
        self.set_class(info is not None and info.running_out(), "-low")
        if info is not None:
            self.update(Text("\n".join(spend_lines(info)), end=""))
