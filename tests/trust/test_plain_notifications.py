"""Notifications quote what people typed and servers sent as plain text: never markup."""

from __future__ import annotations

from tests.trust.terminal import PtyProcess

# A stray closing tag made Textual's markup parser raise while the toast was drawn (the app
# crashed); [@click=…] would have been an action a click runs.
TITLE = "odd [/] title [@click=app.quit]x[/]"


def test_a_toast_quoting_a_title_with_markup_shows_it_and_the_app_goes_on():
    process = PtyProcess("--demo", rows=30, columns=110)
    try:
        process.wait_for("Ask anything")
        process.send(TITLE.encode() + b"\r")
        process.wait_for("first token")  # the answer's footer: it has ended
        process.settle()
        process.send(b"\x1bOQ")  # f2: the chats
        process.wait_for("newest first")
        process.send(b"\x1b[3~")  # delete: the toast names the chat
        process.wait_for("Deleted")
        process.settle()
        assert process.proc.poll() is None, process.output[-600:]
        assert b"MarkupError" not in process.output
    finally:
        process.close()
