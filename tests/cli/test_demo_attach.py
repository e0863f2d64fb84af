"""`parley --demo` as a real process: a file attached with f8 goes to the built-in simulator,
whose answer says what it received."""

from __future__ import annotations

from pathlib import Path

from tests.trust.terminal import PtyProcess, assert_inert

F8 = b"\x1b[19~"


def test_the_demo_describes_an_attached_file(isolated_env: Path):
    notes = isolated_env / "groceries.txt"
    notes.write_text("Grocery list:\n- milk\n- eggs\n")
    process = PtyProcess("--demo", rows=40, columns=120)
    try:
        process.wait_for("Ask anything")
        process.send(F8)
        process.wait_for("Attach a file")
        process.send(str(notes).encode() + b"\r")
        process.wait_for("groceries.txt · text · 28 bytes")
        process.send(b"What is in this file?\r")
        process.wait_for("“Grocery list:”")
        process.settle()
        process.send(b"\x11")  # ctrl+q
        assert process.finish() == 0
    finally:
        process.close()
    text = assert_inert(process.output)
    assert "I received a text file 'groceries.txt' (3 lines, starting" in text.replace("\n", "")
