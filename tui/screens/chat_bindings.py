"""The chat screen's keys: each with a stable id, so a keymap can rebind it by name."""

from __future__ import annotations

from textual.binding import Binding, BindingType

# Single letters act on the message under the transcript's cursor (see CURSOR_ACTIONS).
CHAT_BINDINGS: list[BindingType] = [
    Binding("escape", "cancel_or_back", "Cancel", id="chat.cancel"),
    Binding("ctrl+n", "new_conversation", "New chat", id="chat.new"),
    Binding("f2", "toggle_conversations", "Chats", id="chat.conversations"),
    Binding("f4", "pick_model", "Model", id="chat.pick_model"),
    Binding("f5", "toggle_sidebar", "Parameters", id="chat.parameters"),
    Binding("ctrl+r", "regenerate", "Retry", id="chat.regenerate"),
    Binding("f8", "attach", "Attach", id="chat.attach"),
    Binding("f9", "toggle_web", "Web search", id="chat.web"),
    Binding("ctrl+f", "search", "Search history", id="chat.search"),
    Binding("ctrl+o", "retry_other_model", "Other model", show=False, id="chat.retry_other"),
    Binding("ctrl+l", "edit_last", "Edit last prompt", show=False, id="chat.edit_last"),
    Binding("f3", "copy_last", "Copy last answer", show=False, id="chat.copy_last"),
    Binding("ctrl+t", "rename", "Rename chat", show=False, id="chat.rename"),
    Binding("ctrl+g", "continue_last", "Continue the last answer", show=False, id="chat.continue"),
    Binding("c", "copy_message", "Copy this message", show=False, id="chat.copy_message"),
    Binding("y", "copy_code", "Copy its code block", show=False, id="chat.copy_code"),
    Binding(
        "r", "regenerate_here", "Regenerate this answer", show=False, id="chat.regenerate_here"
    ),
    Binding("e", "edit_message", "Edit this prompt", show=False, id="chat.edit_message"),
    Binding("x", "continue_message", "Continue this answer", show=False, id="chat.continue_here"),
    Binding("d,delete", "delete_message", "Delete this message", show=False, id="chat.delete"),
    Binding(
        "D", "delete_branch", "Delete it and all below it", show=False, id="chat.delete_branch"
    ),
    Binding(
        "left_square_bracket",
        "sibling(-1)",
        "Previous version",
        show=False,
        id="chat.sibling_previous",
    ),
    Binding(
        "right_square_bracket", "sibling(1)", "Next version", show=False, id="chat.sibling_next"
    ),
    Binding("f", "fork", "Fork a new chat from here", show=False, id="chat.fork"),
    # alt+…, priority: the prompt keeps the focus, and a terminal may send alt+x as "x".
    Binding(
        "alt+x",
        "detach_last",
        "Take the last attached file off",
        show=False,
        priority=True,
        id="chat.detach",
    ),
    Binding(
        "alt+f",
        "choose_attachment",
        "Pick which file to take off",
        show=False,
        priority=True,
        id="chat.pick_file",
    ),
    # alt+…, priority: the prompt keeps the focus, and a terminal may send alt+t as "t".
    Binding(
        "alt+t",
        "toggle_all_thinking",
        "Open or fold all thinking",
        show=False,
        priority=True,
        id="chat.thinking",
    ),
    # After a search: the hits of its query in this chat (the conversation has the focus).
    Binding("n", "search_step(1)", "Next match of the search", show=False, id="chat.search_next"),
    Binding(
        "N",
        "search_step(-1)",
        "Previous match of the search",
        show=False,
        id="chat.search_previous",
    ),
    # Priority: the prompt keeps the focus and would take page up and down for itself.
    Binding(
        "pageup",
        "scroll_transcript('up')",
        "Scroll the conversation up",
        show=False,
        priority=True,
        id="chat.scroll_up",
    ),
    Binding(
        "pagedown",
        "scroll_transcript('down')",
        "Scroll the conversation down",
        show=False,
        priority=True,
        id="chat.scroll_down",
    ),
    Binding(
        "ctrl+home",
        "scroll_transcript('top')",
        "Scroll to the first message",
        show=False,
        priority=True,
        id="chat.scroll_top",
    ),
    Binding(
        "ctrl+end",
        "scroll_transcript('end')",
        "Scroll to the end and follow it",
        show=False,
        priority=True,
        id="chat.scroll_end",
    ),
]
