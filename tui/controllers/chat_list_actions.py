"""The chats browser's actions on one chat: export it to a file, duplicate it, pin it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.markup import escape

from tui.controllers.chat_state import ChatContext
from tui.sanitize import one_line
from tui.store.errors import NotFoundError
from tui.widgets.conversations import ChatsPanel

# The exporter (tui.exporting) is imported by the first export, not by the first screen.

EXPORT_TITLE = "Export the chat to (.md Markdown, .json JSON with every branch)"


def export_target(typed: str, conversation_id: int, title: str | None, cwd: Path) -> Path:
    """The file an export writes for what was typed: ``~`` expanded, relative to ``cwd``;
    a folder gets the default name inside it."""
    path = Path(typed.strip()).expanduser()
    if not path.is_absolute():
        path = cwd / path
    if path.is_dir():
        from tui.exporting.one import export_name

        path = path / export_name(conversation_id, title, "md")
    return path


def shown_path(path: Path) -> str:
    """``path`` as a person reads it: ``~`` for the home folder."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


class ChatsActions:
    """Export, duplicate and pin, each on the chat the browser highlights."""

    def __init__(
        self,
        ctx: ChatContext,
        *,
        panel: Callable[[], ChatsPanel],
        refresh: Callable[[], Awaitable[None]],
    ) -> None:
        self._ctx = ctx
        self._panel = panel
        self._refresh = refresh

    async def run(self, action: str, conversation_id: int) -> None:
        handler = {"export": self.export, "duplicate": self.duplicate, "pin": self.pin}[action]
        try:
            await handler(conversation_id)
        except NotFoundError:
            self._ctx.app.notify("That chat is gone (deleted elsewhere?).", severity="warning")
            await self._refresh()

    # -- pin -------------------------------------------------------------------------------

    async def pin(self, conversation_id: int) -> None:
        pinned = not self._panel().pinned(conversation_id)
        await self._ctx.app.store.set_pinned(conversation_id, pinned)
        await self._refresh()
        self._panel().highlight(conversation_id)

    # -- duplicate ---------------------------------------------------------------------------

    async def duplicate(self, conversation_id: int) -> None:
        copy = await self._ctx.app.store.duplicate_conversation(conversation_id)
        await self._refresh()
        panel = self._panel()
        panel.highlight(copy)
        title = panel.title_of(copy) or "(untitled)"
        self._ctx.app.notify(f"Duplicated as #{copy} “{one_line(title)}” · enter opens it.")

    # -- export ------------------------------------------------------------------------------

    async def export(self, conversation_id: int) -> None:
        title = self._panel().title_of(conversation_id)
        stored = await self._ctx.app.store.get_conversation(conversation_id)
        if stored is None:
            raise NotFoundError(f"no conversation {conversation_id}")
        from tui.exporting.one import export_name

        default = shown_path(Path.cwd() / export_name(conversation_id, stored.title, "md"))

        async def typed(answer: str | None) -> None:
            if not answer or not answer.strip():
                self._panel().focus_rows()
                return
            path = export_target(answer, conversation_id, stored.title, Path.cwd())
            if path.exists():
                self._ctx.dialogs.confirm(
                    f"{escape(one_line(str(path)))} exists. Replace it?",
                    lambda yes: self._export_if(yes, conversation_id, path, title),
                )
                return
            await self._write(conversation_id, path, title)

        self._ctx.dialogs.ask_text(EXPORT_TITLE, default, typed)

    async def _export_if(
        self, yes: bool | None, conversation_id: int, path: Path, title: str
    ) -> None:
        if yes:
            await self._write(conversation_id, path, title)
        else:
            self._ctx.app.notify("Not exported: the file was left as it was.", timeout=3)
            self._panel().focus_rows()

    async def _write(self, conversation_id: int, path: Path, title: str) -> None:
        from tui.exporting.one import export_conversation

        shown = one_line(str(path))
        try:
            done = await export_conversation(self._ctx.app.store, conversation_id, path)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self._ctx.app.notify(f"Cannot write {shown}: {reason}", severity="error", timeout=8)
            return
        finally:
            self._panel().focus_rows()
        files = ""
        if done.files and done.files_folder is not None:
            many = "s" if done.files != 1 else ""
            files = f" and {done.files} attached file{many} to {one_line(str(done.files_folder))}"
        self._ctx.app.notify(f"Exported “{one_line(title or '(untitled)')}” to {shown}{files}.")
