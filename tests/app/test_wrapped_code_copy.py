"""At 80x24 a long code line wraps between words, marked, and ``y`` copies the code as sent."""

from __future__ import annotations

import re

from tests.app.pilot_helpers import ask
from tui.render.code import MARKER
from tui.widgets.transcript import Transcript

CODE = (
    "response = client.chat_completions.create(model=selected_model_identifier, "
    "messages=conversation_history, temperature=sampling_temperature)\n"
)


async def test_a_wrapped_code_line_shows_a_marker_and_copies_unwrapped(build_app):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await ask(pilot, f"```python\n{CODE}```")
        transcript = screen.query_one(Transcript)
        key = transcript.message_keys()[-1]
        rows = [strip.text for strip in transcript.message_lines(key)]
        code_rows = [row for row in rows if "response" in row or MARKER in row]
        assert len(code_rows) >= 2 and MARKER in code_rows[1]
        words = set(re.findall(r"\w+", CODE))
        for row in code_rows:
            assert set(re.findall(r"\w+", row)) <= words, row
        transcript.focus()
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == CODE
