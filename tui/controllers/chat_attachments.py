"""What goes with the next prompt besides its text: attached files and the web-search switch."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tui.controllers.chat_state import ChatContext
from tui.sanitize import one_line
from tui.store import Message
from tui.widgets.attachment_chips import AttachmentChips

if TYPE_CHECKING:
    from tui.api.content import Attachment, WebSearch
    from tui.api.types import ModelInfo

# Reading, checking and describing files (tui.attachments) is imported when a file is first
# named, pasted or shown: the first screen has none.

REMOVE_KEY = "alt+x"
"""The key that takes the last chip off (named in the chips' hint)."""
CHOOSE_KEY = "alt+f"
"""The key that chooses a chip to take off (named in the chips' hint)."""


class ChatAttachments:
    """Reads the files the user names, keeps them as chips, and hands them to the next turn."""

    def __init__(
        self,
        ctx: ChatContext,
        *,
        chips: Callable[[], AttachmentChips],
        model_info: Callable[[], ModelInfo | None],
    ) -> None:
        self._ctx = ctx
        self._chips = chips
        self._model_info = model_info
        self.pending: list[Attachment] = []
        """The files the next prompt takes, in the order attached."""

    def ask(self) -> None:
        """Open the path prompt; the file named is read and shown as a chip."""
        self._ctx.dialogs.ask_path("Attach a file: its path (→ completes)", self._chosen)

    async def _chosen(self, path: str | None) -> None:
        self._ctx.focus_prompt()
        if path:
            self.attach(path)

    def pasted(self, text: str, start: tuple[int, int], end: tuple[int, int]) -> None:
        """A paste that names one existing file (a dropped file) is offered as an attachment;
        attaching takes the path back out of the prompt, refusing keeps it as text."""
        from tui.attachments import pasted_path

        path = pasted_path(text)
        if path is None:
            return

        async def answered(yes: bool | None) -> None:
            if yes and self.attach(str(path)):
                self._ctx.prompt().take_back(text, start, end)
            self._ctx.focus_prompt()

        name = one_line(path.name)
        self._ctx.dialogs.confirm(
            f"Attach {name}?", answered, keys="enter attach · esc keep it as text"
        )

    def attach(self, path: str) -> bool:
        """Read ``path`` and add it; a bad file or a kind the model refuses is told, not added."""
        from tui.attachments import AttachmentError, read_attachment

        try:
            item = read_attachment(path)
            warnings = [] if self._ctx.app.settings.demo else self._check(item)
        except AttachmentError as exc:
            self._ctx.app.notify(str(exc), title="Not attached", severity="error", timeout=6)
            return False
        for warning in warnings:
            self._ctx.app.notify(warning, severity="warning", timeout=6)
        self.pending.append(item)
        self._show()
        return True

    def _check(self, item: Attachment) -> list[str]:
        # The demo's simulator takes every kind (and says what it received): no check there.
        from tui.attachments import check_modalities

        info = self._model_info()
        modalities = info.input_modalities if info is not None else None
        return check_modalities([item], self._ctx.state.model, modalities)

    def remove_last(self) -> None:
        if not self.pending:
            self._ctx.app.notify("No file attached.", timeout=2)
            return
        selected = self._chips().selected  # while choosing, the chosen one
        self.remove_at(len(self.pending) - 1 if selected is None else selected)

    def choose(self) -> None:
        """Let the user pick which chip to take off (the chips row takes the focus)."""
        if not self.pending:
            self._ctx.app.notify("No file attached.", timeout=2)
            return
        self._chips().choose()

    def remove_at(self, index: int) -> None:
        """Take off the chip at ``index``; the prompt has the focus back once none is left."""
        if not 0 <= index < len(self.pending):
            return
        gone = self.pending.pop(index)
        self._show()
        self._ctx.app.notify(f"Took off {gone.name}.", timeout=2)
        if not self.pending:
            self._ctx.focus_prompt()

    def take(self) -> tuple[Attachment, ...]:
        """The files for the prompt being sent; the chips go."""
        taken, self.pending = tuple(self.pending), []
        self._show()
        return taken

    async def load_from(self, message: Message) -> None:
        """The chips become the files a stored prompt was sent with (to edit and resend it)."""
        from tui.attachments import load_attachments

        files = await load_attachments(self._ctx.app.store, [message.id])
        self.pending = list(files.get(message.id, ()))
        self._show()

    def toggle_web(self) -> None:
        """Search the web for the next answers, or stop; the status line says which."""
        state = self._ctx.state
        state.web_search = not state.web_search
        said = "on: answers search the web and cite sources" if state.web_search else "off"
        self._ctx.app.notify(f"Web search {said}.", timeout=3)
        self._ctx.refresh_status()

    def web(self) -> WebSearch | None:
        """The web search the next turn asks for, if switched on."""
        if not self._ctx.state.web_search:
            return None
        from tui.api.content import WebSearch

        return WebSearch()  # the server's number of results (5)

    def _show(self) -> None:
        shown: list[str] = []
        if self.pending:
            from tui.attachments import describe

            shown = [describe(item) for item in self.pending]
        hint = f"{REMOVE_KEY} takes the last off · {CHOOSE_KEY} chooses" if self.pending else ""
        self._chips().show(shown, hint)
