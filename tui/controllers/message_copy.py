"""Copying from a chat: the message under the cursor, its last code block, the last answer."""

from __future__ import annotations

import re

from tui.controllers.chat_state import NO_SELECTION, ChatContext
from tui.store import Message

_FENCE = re.compile(r"^(```|~~~)[^\n]*\n(.*?)^\1[ \t]*$", re.DOTALL | re.MULTILINE)


def last_code_block(text: str) -> str | None:
    """The body of the last fenced code block in ``text``, if it has one."""
    blocks = _FENCE.findall(text)
    return blocks[-1][1] if blocks else None


class MessageCopy:
    """Puts what the user asks for on the clipboard, and says how much."""

    def __init__(self, ctx: ChatContext) -> None:
        self._ctx = ctx

    def _cursor_message(self) -> Message | None:
        return self._ctx.state.find(self._ctx.transcript().cursor_key)

    def _note(self, text: str) -> None:
        self._ctx.app.notify(text, timeout=3)

    def _copy(self, text: str, what: str) -> None:
        self._ctx.app.copy_text(text)
        self._ctx.app.notify(f"Copied {what} ({len(text):,} characters).", timeout=2)

    def copy_message(self) -> None:
        message = self._cursor_message()
        if message is None:
            self._note(NO_SELECTION)
            return
        text = self._ctx.transcript().message_text(message.id) or message.content
        self._copy(text, "the message")

    def copy_code(self) -> None:
        message = self._cursor_message() or self._ctx.state.last_of("assistant")
        code = last_code_block(message.content) if message else None
        if code is None:
            self._note("That message has no code block.")
            return
        self._copy(code, "the code block")

    def copy_last(self) -> None:
        message = self._ctx.state.last_of("assistant")
        if message is None or not message.content:
            self._note("No answer to copy yet.")
            return
        self._copy(message.content, "the last answer")
