"""The multi-line prompt editor at the bottom of the chat screen."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import TextArea

__all__ = ["PLACEHOLDER", "PromptEditor"]

PLACEHOLDER = "Ask anything · enter to send · ctrl+j new line"

# The history bindings took up/down from TextArea; these keep moving the cursor when a keymap
# moves the history walk elsewhere.
_CURSOR_KEYS = {"up": "action_cursor_up", "down": "action_cursor_down"}


class PromptEditor(TextArea):
    """A soft-wrapping editor that sends its text on enter and recalls earlier prompts.

    enter posts :class:`PromptEditor.Submitted` and clears the editor (a blank prompt sends
    nothing); ctrl+j, or shift+enter where the terminal reports it, starts a new line; pasted
    text is inserted as it is, newlines included. up on the first line walks back through the
    prompts given by :meth:`set_history`, down on the last line walks forward and finally
    brings back the draft typed before the walk. escape is left to the screen.

    The height follows the wrapped text, from one row up to :attr:`MAX_HEIGHT` rows (border
    included) and never more than a third of the terminal. Colours and the ``-busy`` state
    live in ``styles/prompt.tcss``.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "send", "Send", id="prompt.send"),
        Binding("ctrl+j,shift+enter", "newline", "New line", id="prompt.newline"),
        Binding("up", "history_back", "Previous prompt", show=False, id="prompt.history_back"),
        Binding("down", "history_forward", "Next prompt", show=False, id="prompt.history_forward"),
    ]

    MAX_HEIGHT: ClassVar[int] = 10
    """The tallest the editor grows, in rows, border included."""

    busy: reactive[bool] = reactive(False, toggle_class="-busy")
    """True while an answer streams; the editor stays editable and still sends."""

    def on_mount(self) -> None:
        self._update_blink()

    def watch_busy(self, busy: bool) -> None:
        self._update_blink()

    def _update_blink(self) -> None:
        # A blinking cursor repaints twice a second: while an answer streams, that is a
        # fifth of the app's whole drawing budget, for a cursor nobody is looking at. Headless
        # (tests, snapshots) it never blinks, so a frame does not depend on when it is taken.
        self.cursor_blink = not self.busy and not self.app.is_headless

    class Submitted(Message):
        """The user sent a prompt: ``text`` exactly as typed, never blank."""

        def __init__(self, text: str, editor: PromptEditor | None = None) -> None:
            super().__init__()
            self.text = text
            self.editor = editor

        @property
        def control(self) -> PromptEditor | None:
            return self.editor

    class Pasted(Message):
        """Text was pasted (and inserted) between ``start`` and ``end``: it may be a path."""

        def __init__(self, text: str, start: tuple[int, int], end: tuple[int, int]) -> None:
            super().__init__()
            self.text, self.start, self.end = text, start, end

    def __init__(
        self,
        text: str = "",
        *,
        placeholder: str = PLACEHOLDER,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder=placeholder,
            name=name,
            id=id,
            classes=classes,
            disabled=disabled,
        )
        self._prompts: list[str] = []
        # None while the user edits the draft; otherwise the index of the recalled prompt.
        self._walk: int | None = None
        self._draft = ""
        # Edits made to recalled prompts during one walk, so walking on loses nothing.
        self._edits: dict[int, str] = {}

    # -- what the screen calls -----------------------------------------------------------

    def set_history(self, prompts: list[str]) -> None:
        """Replace the prompts that up/down walk through (oldest first); the text stays."""
        self._prompts = [prompt for prompt in prompts if prompt.strip()]
        self._end_walk()

    def remember(self, prompt: str) -> None:
        """Append a sent prompt to the history (blank ones and repeats of the newest are not)."""
        if prompt.strip() and (not self._prompts or self._prompts[-1] != prompt):
            self._prompts.append(prompt)

    @property
    def prompts(self) -> list[str]:
        """A copy of the prompts that up/down walk through, oldest first."""
        return list(self._prompts)

    def load(self, text: str) -> None:
        """Show ``text`` with the cursor at its end (undo brings back what it replaced)."""
        self._end_walk()
        self._set_text(text)

    def take_back(self, text: str, start: tuple[int, int], end: tuple[int, int]) -> bool:
        """Remove ``text`` from ``start``–``end`` if it is still there as pasted."""
        try:
            if self.get_text_range(start, end) != text:
                return False
        except (IndexError, ValueError):  # edited meanwhile: the range is gone
            return False
        self.delete(start, end)
        return True

    async def _on_paste(self, event: events.Paste) -> None:
        # TextArea's own insertion, then word of where the text went (it may name a file).
        event.prevent_default()
        event.stop()
        if self.read_only:
            return
        start = min(self.selection)
        if result := self._replace_via_keyboard(event.text, *self.selection):
            self.move_cursor(result.end_location)
            self.focus()
            self.post_message(self.Pasted(event.text, start, result.end_location))

    # -- keys ----------------------------------------------------------------------------

    async def _on_key(self, event: events.Key) -> None:
        # TextArea turns enter into a newline before any binding is looked at; keys bound
        # here (including those a user keymap moved here) are left to the bindings instead.
        active = self.screen.active_bindings.get(event.key)
        if active is not None and active.node is self:
            event.prevent_default()
        elif event.key in _CURSOR_KEYS:
            event.stop()
            event.prevent_default()
            getattr(self, _CURSOR_KEYS[event.key])()

    def action_send(self) -> None:
        """Post the text and clear the editor (or bring back the draft a recall replaced)."""
        text = self.text
        if not text.strip():
            self.app.bell()
            return
        self.post_message(self.Submitted(text, self))
        after = self._draft if self._walk is not None else ""
        self._end_walk()
        self._set_text(after)

    def action_newline(self) -> None:
        """Insert a line break at the cursor, replacing any selection."""
        if not self.read_only:
            self.replace("\n", *self.selection, maintain_selection_offset=False)

    def action_history_back(self) -> None:
        """On the first line: show the previous prompt. Elsewhere: move the cursor up."""
        newest = len(self._prompts) - 1
        target = newest if self._walk is None else self._walk - 1
        if not self._on_first_line() or target < 0:
            self.action_cursor_up()
            return
        self._walk_to(target)

    def action_history_forward(self) -> None:
        """On the last line of a recalled prompt: show the next one, or the draft after the
        newest. Elsewhere: move the cursor down."""
        if self._walk is None or not self._on_last_line():
            self.action_cursor_down()
            return
        self._walk_to(self._walk + 1)

    # -- height --------------------------------------------------------------------------

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        lines = super().get_content_height(container, viewport, width)
        return max(1, min(lines, self._max_content_rows()))

    def _max_content_rows(self) -> int:
        tallest = min(self.MAX_HEIGHT, self.app.size.height // 3)
        return tallest - self.styles.gutter.height

    # -- helpers -------------------------------------------------------------------------

    def _walk_to(self, target: int) -> None:
        """Keep the shown text (draft or edited recall), then show ``target`` (len = draft)."""
        text = self.text
        if self._walk is None:
            self._draft = text
        elif text != self._prompts[self._walk]:
            self._edits[self._walk] = text
        else:
            self._edits.pop(self._walk, None)
        if target >= len(self._prompts):
            self._walk = None
            self._set_text(self._draft)
        else:
            self._walk = target
            self._set_text(self._edits.get(target, self._prompts[target]))

    def _end_walk(self) -> None:
        self._walk = None
        self._draft = ""
        self._edits.clear()

    def _set_text(self, text: str) -> None:
        # An edit rather than load_text(), so undo can still bring back the replaced text.
        self.replace(text, (0, 0), self.document.end, maintain_selection_offset=False)
        self.move_cursor(self.document.end)

    def _cursor_line(self) -> int:
        """The wrapped (on-screen) line of the document the cursor is on."""
        return self.wrapped_document.location_to_offset(self.cursor_location).y

    def _on_first_line(self) -> bool:
        return self._cursor_line() == 0

    def _on_last_line(self) -> bool:
        return self._cursor_line() >= self.wrapped_document.height - 1
