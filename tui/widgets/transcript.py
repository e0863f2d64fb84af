"""The conversation view: every message a region of lines in one line-based scroll view."""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import replace
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.message import Message
from textual.reactive import var
from textual.strip import Strip
from textual.timer import Timer

from tui.render.lines import unpack
from tui.widgets.transcript_layout import MessageRegion, MessageView, check_view
from tui.widgets.transcript_marks import MARK_CLASSES, TranscriptMarks
from tui.widgets.transcript_pacing import frame_clock
from tui.widgets.transcript_paint import COMPONENT_CLASSES
from tui.widgets.transcript_scrollbar import flush_scrollbar

__all__ = ["MessageView", "Transcript"]

_CHANGEABLE = frozenset(
    {"title", "footer", "status", "detail", "text", "mark", "thought", "reasoning", "branch"}
)


class Transcript(TranscriptMarks, can_focus=True):
    """The whole conversation in one widget, however many messages it holds.

    Messages are regions of lines drawn with the Line API; no widget is mounted per message
    or per Markdown block, so layout cost stays flat as the conversation grows. Streamed
    text is buffered by :meth:`append_text` and drawn at a pace set by what drawing costs;
    only the unfinished tail of a growing answer is ever rendered again. Model text is
    sanitized before it is rendered.

    A message that reasoned shows a thinking block above its text: open while the model
    reasons live, folded to one line otherwise (see :class:`TranscriptFolding`).

    Keys: up/down move the message cursor, home goes to the first message, end follows the
    end again; t opens or folds the thinking of the message under the cursor, T all of it.
    Scrolling up stops following new text; scrolling back to the end resumes.
    Colours come from the component classes below (see ``styles/transcript.tcss``).
    """

    DEFAULT_CSS = """
    Transcript {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
        & > .transcript--user { color: $accent; }
        & > .transcript--assistant { color: $primary; }
        & > .transcript--system { color: $success; }
        & > .transcript--notice { color: $text-muted; }
        & > .transcript--error { color: $error; }
        & > .transcript--cursor { background: $primary 8%; }
        &:focus > .transcript--cursor { background: $primary 16%; }
        & > .transcript--footer { color: $text-muted; }
        & > .transcript--rule { color: $foreground 18%; }
        & > .transcript--detail { color: $text-muted; }
        & > .transcript--detail-error { color: $text-error; }
        & > .transcript--streaming { color: $text-muted; text-style: italic; }
        & > .transcript--stopped { color: $text-warning; }
        & > .transcript--failed { color: $text-error; }
        & > .transcript--notice-text { color: $text-muted; text-style: italic; }
        & > .transcript--error-text { color: $text-error; }
        & > .transcript--thinking { color: $text-muted; }
        & > .transcript--thinking-label { color: $text-muted; text-style: italic; }
        & > .transcript--match { background: $warning 30%; }
        & > .transcript--match-current { background: $warning; color: $background; }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = set(COMPONENT_CLASSES | MARK_CLASSES)

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Previous message", show=False, id="transcript.cursor_up"),
        Binding("down", "cursor_down", "Next message", show=False, id="transcript.cursor_down"),
        Binding("home", "cursor_first", "First message", show=False, id="transcript.first"),
        Binding("end", "follow_end", "Follow the end", show=False, id="transcript.follow_end"),
        Binding(
            "t", "toggle_thinking", "Open or fold thinking", show=False, id="transcript.thinking"
        ),
        Binding(
            "T",
            "toggle_all_thinking",
            "Open or fold all thinking",
            show=False,
            id="transcript.thinking_all",
        ),
    ]

    resize_debounce: float = 0.1
    """Seconds the width must hold still before messages are rendered again at it."""

    cursor_key: var[Hashable | None] = var(None, init=False)
    """The key of the message under the cursor (highlighted), or None."""

    class CursorMoved(Message):
        """The message cursor moved (``key`` is None when it was cleared)."""

        def __init__(self, transcript: Transcript, key: Hashable | None) -> None:
            super().__init__()
            self.transcript = transcript
            self.key = key

        @property
        def control(self) -> Transcript:
            return self.transcript

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._resize_timer: Timer | None = None

    # -- messages -----------------------------------------------------------------------

    def set_messages(self, views: Iterable[MessageView]) -> None:
        """Show exactly ``views``, in order, following the end (rendered lazily, visible
        ones first, the rest in the background)."""
        self._reset()
        for view in views:
            self._layout.append(self._new_region(view))
            self._stale.add(view.key)
        self._after_bulk_change()

    def add_message(self, view: MessageView) -> None:
        """Append a message (drawn at the next update). KeyError if the key is taken."""
        self._layout.append(self._new_region(view))
        self._dirty.add(view.key)
        self._schedule()

    def update_message(self, key: Hashable, **changes: str) -> None:
        """Change a message's ``title``, ``footer``, ``status``, ``detail``, ``mark``,
        ``thought``, ``text``, ``reasoning`` or ``branch``.

        A status other than "streaming" is drawn at once: the end of an answer shows
        without waiting for the next budgeted update.
        """
        region = self._region(key)
        if unknown := set(changes) - _CHANGEABLE:
            raise TypeError(f"cannot change {', '.join(sorted(unknown))} of a message")
        was_streaming = region.view.status == "streaming"
        fields = {k: v for k, v in changes.items() if k not in ("text", "reasoning")}
        view = check_view(replace(region.view, **fields))
        if view == region.view and "text" not in changes and "reasoning" not in changes:
            return  # e.g. the same model named again by every chunk
        region.view = view
        if view.thought or "reasoning" in changes:
            thinking = region.add_thinking(self._block_renderer(view))
            if "reasoning" in changes:
                thinking.set_text(changes["reasoning"], self._block_renderer(view), finished=False)
                self._layout.changed(self._layout.index(key) or 0)
        if "text" in changes:
            region.set_text(changes["text"], self._block_renderer(region.view))
            region.estimate(self._render_width)
            self._layout.changed(self._layout.index(key) or 0)  # its lines are gone
        elif was_streaming and region.view.status != "streaming":
            region.finish()
        region.chrome_width = 0
        self._dirty.add(key)
        if region.view.status == "streaming":
            self._schedule()
        else:
            self._render_dirty()
            if was_streaming and not self._growing_text():
                self._settle()
            if was_streaming and self.show_vertical_scrollbar:
                flush_scrollbar(self.vertical_scrollbar)  # the thumb as the answer ends

    def remove_message(self, key: Hashable) -> None:
        """Remove a message; a cursor on it moves to its neighbour."""
        index = self._layout.index(key)
        if index is None:
            raise KeyError(key)
        self._layout.remove(key)
        self._dirty.discard(key)
        self._stale.discard(key)
        if self.cursor_key == key:
            keys = self._layout.keys()
            self.cursor_key = keys[min(index, len(keys) - 1)] if keys else None
        self._after_bulk_change()

    def replace_from(self, key: Hashable, views: Iterable[MessageView]) -> None:
        """Show ``views`` in place of message ``key`` and every message after it (another
        branch of a conversation); the messages above keep their rendered lines, and those
        that come back as they were shown before keep theirs too."""
        index = self._layout.index(key)
        if index is None:
            raise KeyError(key)
        anchor = self._anchor()
        self._park(self._layout.truncate(index))
        for view in views:
            region = self._unpark(view)
            if region is None:
                region = self._new_region(view)
                self._stale.add(view.key)
            self._layout.append(region)
        self._after_bulk_change()
        if anchor is not None and self._layout.index(anchor[0]) is not None:
            self._restore(anchor)
        if self.cursor_key is not None and self._layout.index(self.cursor_key) is None:
            keys = self._layout.keys()  # the cursor's message went: it takes its place
            self.cursor_key = keys[min(index, len(keys) - 1)] if keys else None

    def clear(self) -> None:
        """Remove every message."""
        self._reset()
        self._after_bulk_change()

    def append_text(self, key: Hashable, piece: str) -> None:
        """Add streamed text to a message. Cheap: it is buffered and drawn when due."""
        self._region(key).append(piece)
        self._dirty.add(key)
        self._schedule()

    def _growing_text(self) -> bool:
        layout = self._layout  # the growing message is nearly always the last: look there first
        return any(layout[i].view.status == "streaming" for i in range(len(layout) - 1, -1, -1))

    def flush(self) -> None:
        """Draw all buffered text and changes now rather than at the next budgeted update."""
        self._render_dirty()

    def message_text(self, key: Hashable) -> str:
        """The text of a message, as it was given (not sanitized)."""
        return self._region(key).text

    def message_keys(self) -> list[Hashable]:
        """The keys of all messages, in order."""
        return self._layout.keys()

    def message_view(self, key: Hashable) -> MessageView:
        """A message as last given (title, footer, status, detail; ``text`` as streamed)."""
        region = self._region(key)
        return replace(region.view, text=region.text)

    def message_lines(self, key: Hashable) -> list[Strip]:
        """A message's lines as last rendered (header, text, detail, footer; no gutter)."""
        region = self._region(key)
        thinking = region.thinking.lines(bool(region.body.lines)) if region.thinking else []
        lines = (*region.header, *thinking, *region.body.lines, *region.trailer)
        return [Strip(unpack(line)) for line in lines]

    @property
    def settled(self) -> bool:
        """True when no message awaits rendering (buffered text, or rendering again after
        a resize, a theme change or :meth:`set_messages`)."""
        return not self._dirty and not self._stale

    @property
    def updates(self) -> int:
        """How many budgeted redraws the app's transcripts have had (for benchmarks)."""
        return frame_clock(self.app).budget.updates

    # -- the cursor -----------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        """Move the cursor to the previous message (from none: to the last)."""
        self._move_cursor(-1)

    def action_cursor_down(self) -> None:
        """Move the cursor to the next message (from none: to the last)."""
        self._move_cursor(+1)

    def action_cursor_first(self) -> None:
        keys = self._layout.keys()
        self.cursor_key = keys[0] if keys else None

    def action_cursor_last(self) -> None:
        keys = self._layout.keys()
        self.cursor_key = keys[-1] if keys else None

    def clear_cursor(self) -> None:
        self.cursor_key = None

    def _move_cursor(self, step: int) -> None:
        keys = self._layout.keys()
        index = None if self.cursor_key is None else self._layout.index(self.cursor_key)
        if index is not None:
            self.cursor_key = keys[max(0, min(len(keys) - 1, index + step))]
        elif keys:
            self.cursor_key = keys[-1]

    def on_focus(self) -> None:
        self._repaint_cursor()

    def on_blur(self) -> None:
        self._repaint_cursor()

    def _repaint_cursor(self) -> None:
        # The cursor's highlight differs with focus; a focus change updates no styles.
        self._palette = None
        self._painter.clear()
        self._refresh_message(self.cursor_key)

    def watch_cursor_key(self, old: Hashable | None, new: Hashable | None) -> None:
        # The highlight is applied as lines are painted: nothing is rendered again.
        for key in (old, new):
            self._refresh_message(key)
        index = None if new is None else self._layout.index(new)
        if index is not None and self._width:
            self._ensure_fresh(index)
            self._scroll_into_view(index)
        self.post_message(self.CursorMoved(self, new))

    # -- drawing --------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        palette = self._get_palette()
        width = self._width or self.size.width
        located = self._layout.locate(self.scroll_offset.y + y)
        if located is None:
            return self._painter.blank(width, palette.base)
        region = self._layout[located[0]]
        content = region.line(located[1])
        if content is None:
            return self._painter.blank(width, palette.base)
        selected = region.view.key == self.cursor_key
        reasoning = region.thinking is not None and region.is_reasoning(located[1])
        strip = self._painter.paint(content, region.view.role, selected, width, palette, reasoning)
        return self._mark_line(strip, region, located[1])

    def on_resize(self, event: Resize) -> None:
        width = self.scrollable_content_region.width
        if width == self._width:  # only the height changed
            self._ensure_visible_fresh()
            self._restore(None)
            return
        first = not self._width
        self._width = width
        if self._resize_timer is not None:
            self._resize_timer.stop()
        if first or self.resize_debounce <= 0:
            self._rewidth()
        else:  # render again once the terminal stops changing size
            self._resize_timer = self.set_timer(self.resize_debounce, self._rewidth)

    def _rewidth(self) -> None:
        self._resize_timer = None
        self._invalidate_all(keep_lines=True)
        self._schedule()  # text that arrived before the width was known

    def _schedule(self) -> None:
        if self._width:
            frame_clock(self.app).request(self)

    def _redraw(self) -> float | None:
        """Draw what is due (called by the frame clock): None if nothing was, else the CPU
        seconds spent on finished blocks, which are rendered once whatever the pace."""
        if not self._dirty or not self._width:
            return None
        self._freeze_seconds = 0.0
        self._render_dirty()
        return self._freeze_seconds

    # -- internals ------------------------------------------------------------------------

    def _reset(self) -> None:
        self._layout.clear()
        self._parked.clear()
        self._dirty.clear()
        self._stale.clear()
        self.clear_marks()  # they belonged to the messages shown before
        self.cursor_key = None
        self.follow = True

    def _new_region(self, view: MessageView) -> MessageRegion:
        view = check_view(view)
        region = MessageRegion(view, self._block_renderer(view))
        if view.reasoning or view.thought:
            thinking = region.add_thinking(self._block_renderer(view))
            thinking.set_text(view.reasoning, self._block_renderer(view), finished=False)
        region.set_text(view.text, self._block_renderer(view))
        region.estimate(self._render_width)
        return region
