"""A search's result opened in the chat: the conversation at the match, its hits marked,
n and N stepping through them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable

from tui.controllers.chat_state import ChatContext
from tui.store import SearchHit
from tui.store.errors import NotFoundError
from tui.store.snippets import matcher

NO_SEARCH = "No search to step through: ctrl+f searches every conversation."
OTHER_VERSION = (
    "The match is in another version of this conversation, shown now ([ and ] step through "
    "the versions)."
)


class ChatSearch:
    """Opens a hit where it is (another chat, another version of this one) and marks the
    query's words in every message shown; the message cursor goes from hit to hit."""

    def __init__(
        self,
        ctx: ChatContext,
        *,
        load: Callable[[int], Awaitable[None]],
        show_path: Callable[[], Awaitable[None]],
    ) -> None:
        self._ctx = ctx
        self._load = load
        self._show_path = show_path
        self._query: str | None = None

    @property
    def query(self) -> str | None:
        """The query whose hits are marked (None when none are)."""
        return self._query if self._ctx.transcript().marking else None

    def _note(self, text: str, timeout: float = 4) -> None:
        self._ctx.app.notify(text, timeout=timeout)

    async def open_hit(self, hit: SearchHit, query: str) -> None:
        """Show the conversation of ``hit`` with the cursor on its message, the words marked.

        A hit in a version of the conversation not shown makes that version the chosen
        one, as ``[`` and ``]`` would; a chat answering now is stopped and stored first.
        """
        state = self._ctx.state
        if state.find(hit.message_id) is None:
            if not hit.on_chosen_path and not await self._choose(hit.message_id):
                return
            if state.conversation_id == hit.conversation_id:
                await self._ctx.gate.run(self._show_path, busy="stop")
            else:
                await self._load(hit.conversation_id)
        if state.conversation_id != hit.conversation_id:
            return  # a comparison reopened as one, or the chat is gone (loading said so)
        if state.find(hit.message_id) is None:
            self._note("That message is no longer in its conversation.")
            return
        self._mark(query, hit.message_id)
        if not hit.on_chosen_path:
            self._note(OTHER_VERSION, timeout=6)

    async def _choose(self, message_id: int) -> bool:
        try:
            await self._ctx.app.store.choose(message_id)
        except NotFoundError:
            self._note("That message was deleted since the search.")
            return False
        return True

    def _mark(self, query: str, current: int) -> None:
        self._query = query
        keys = self._hit_keys()
        transcript = self._ctx.transcript()
        transcript.set_marks(matcher(query), [*keys, current], current)
        transcript.cursor_key = current
        transcript.focus()
        self._tell(current, keys)

    def _hit_keys(self) -> list[int]:
        """The shown messages the query matches, in order."""
        if self._query is None:
            return []
        finder = matcher(self._query)
        return [m.id for m in self._ctx.state.messages if finder(m.content)]

    def step(self, by: int) -> None:
        """Move the cursor and the strong mark to the next (``by`` 1) or previous (-1) hit,
        round to the first after the last."""
        if self.query is None:
            self._note(NO_SEARCH, timeout=3)
            return
        keys = self._hit_keys()
        transcript = self._ctx.transcript()
        if not keys:
            self._note(f"No message shown matches “{self._query}” any more.", timeout=3)
            return
        here = transcript.cursor_key
        if here in keys:
            target = keys[(keys.index(here) + by) % len(keys)]
        else:  # the cursor moved off the hits: the nearest one in that direction
            target = _nearest(transcript.message_keys(), keys, here, by)
        transcript.set_marks(matcher(self._query), keys, target)
        transcript.cursor_key = target
        self._tell(target, keys)

    def clear(self) -> bool:
        """Stop marking the hits (True when some were marked)."""
        transcript = self._ctx.transcript()
        marking = transcript.marking
        transcript.clear_marks()
        self._query = None
        return marking

    def _tell(self, current: int, keys: list[int]) -> None:
        where = f"Match {keys.index(current) + 1} of {len(keys)}" if current in keys else "Match"
        self._note(f"{where} · n next · N previous · esc done", timeout=3)


def _nearest(order: list[Hashable], keys: list[int], here: Hashable | None, by: int) -> int:
    """The first hit after ``here`` (``by`` 1) or before it (-1) in ``order``, wrapping."""
    position = order.index(here) if here in order else (-1 if by > 0 else len(order))
    ranked = sorted(keys, key=lambda key: order.index(key) if key in order else 0)
    after = [k for k in ranked if (order.index(k) - position) * by > 0 if k in order]
    if not after:
        return ranked[0] if by > 0 else ranked[-1]
    return after[0] if by > 0 else after[-1]
