"""The command palette's chat commands: every chat action, by the names its keys use."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from textual.app import SystemCommand
from textual.screen import Screen

from tui.screens.chat import ChatScreen

# The palette offers every chat action, by the same names the key bindings use.
_PALETTE = (
    ("New chat", "Start a new conversation", "new_conversation"),
    ("Conversations", "Show or hide the list of recent conversations", "toggle_conversations"),
    ("Pick model", "Choose the model for this conversation", "pick_model"),
    ("Compare models", "Send one prompt to 2-4 models side by side", "app.compare"),
    ("Parameters", "Show or hide the request parameters", "toggle_sidebar"),
    ("Rename chat", "Give this conversation a new title", "rename"),
    ("Retry / regenerate", "Answer the last prompt again", "regenerate"),
    (
        "Retry on another model",
        "Answer the last prompt again with another model",
        "retry_other_model",
    ),
    ("Edit last prompt", "Put the last prompt back in the editor to resend it", "edit_last"),
    ("Continue answer", "Continue a cancelled or cut-off answer", "continue_last"),
    (
        "Fork chat",
        "Copy the conversation up to the selected message (else all of it) into a new chat",
        "fork_chat",
    ),
    ("Copy last answer", "Copy the last answer to the clipboard", "copy_last"),
    ("Copy code block", "Copy the last code block of the answer", "copy_code"),
    ("Search history", "Find a message in every conversation, and open it there", "search"),
    ("Attach a file", "Send a file, image, PDF or audio with the next prompt", "attach"),
    ("Web search", "Turn web search on or off for the next answers", "toggle_web"),
    ("Cancel stream", "Stop the running answer, keeping what arrived", "cancel_or_back"),
)


def chat_commands(screen: ChatScreen) -> Iterator[SystemCommand]:
    """The chat's commands for the palette (cancelling only while an answer streams)."""
    for title, help_text, action in _PALETTE:
        if action != "cancel_or_back" or screen.streaming:
            yield SystemCommand(title, help_text, _runner(screen, action))


def _runner(screen: Screen, action: str) -> Callable[[], Any]:
    async def run() -> None:
        await screen.run_action(action)

    return run
