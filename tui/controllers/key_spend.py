"""The key's spend (``GET /key``): fetched at start and after each answer, shown in the
parameter sidebar, and a warning once each time what is left falls near the limit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.controllers.chat_state import ChatContext
from tui.widgets.key_spend import KeySpend, money

if TYPE_CHECKING:
    from tui.api.types import KeyInfo

LOW_FRACTION = 0.1
"""Warn when less than this share of the key's limit is left."""


class KeySpendWatch:
    """Asks the server what the key has spent and hands the answer to the spend panel.

    A server without ``GET /key`` (a local one), or any failure to ask, hides the panel
    quietly: the spend is a courtesy, never a reason for an error dialog.
    """

    def __init__(self, ctx: ChatContext) -> None:
        self._ctx = ctx
        self.info: KeyInfo | None = None
        """What the server last said of the key (None: nothing, or no such endpoint)."""
        self._warned = False  # told of this crossing already

    def fetch(self) -> None:
        """Ask again in the background (at start, and when an answer has ended)."""
        # A callable, not a coroutine: an exclusive worker cancelled before it starts then
        # leaves no coroutine never awaited.
        self._ctx.host.run_worker(
            self._fetch, name="key spend", group="key-spend", exclusive=True, exit_on_error=False
        )

    async def _fetch(self) -> None:
        app = self._ctx.app
        client = await app.background_client()
        try:
            info = await client.key_info()
        except Exception as exc:  # any failure: hidden, as for a server with no /key
            app.log.info(f"GET /key: {type(exc).__name__}: {exc}")
            info = None
        self.use(info)

    def use(self, info: KeyInfo | None) -> None:
        """Show ``info`` and warn once when the key crosses into its last share."""
        self.info = info
        self.show()
        low = info is not None and info.running_out(LOW_FRACTION)
        if low and not self._warned and info is not None:
            left = money(info.limit_remaining or 0.0)
            limit = money(info.limit or 0.0)
            self._ctx.app.notify(
                f"The API key has {left} left of its {limit} limit.",
                title="Key nearly spent",
                severity="warning",
                timeout=10,
            )
        self._warned = low

    def show(self) -> None:
        """Hand the panel (in the sidebar, once mounted) what is known."""
        for panel in self._ctx.host.query(KeySpend):
            panel.show(self.info)
