"""The Markdown export: message boundaries that an answer's own Markdown cannot fake."""

from __future__ import annotations

from markdown_it import MarkdownIt

# An answer with everything that looked like, or could swallow, the next message's heading.
TRICKY = (
    "## User\n\nNot really a new message.\n\n---\n\n# Top heading\n\n"
    "<details>\n\n- a list\n\n```python\nprint('an unclosed fence')"
)


def _tokens(text: str) -> list:
    return MarkdownIt("commonmark").parse(text)


def _shape(tokens: list) -> list[tuple[str, str, str]]:
    return [(t.type, t.tag, t.content) for t in tokens]


def _top_level_headings(tokens: list) -> list[str]:
    return [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.level == 0
    ]


def _quotes(tokens: list) -> list[list]:
    """The tokens inside each top-level block quote."""
    quotes, depth, current = [], 0, []
    for token in tokens:
        if token.type == "blockquote_open":
            depth += 1
            if depth == 1:
                current = []
                continue
        elif token.type == "blockquote_close":
            depth -= 1
            if depth == 0:
                quotes.append(current)
                continue
        if depth:
            current.append(token)
    return quotes


def test_each_message_is_a_top_level_heading_whatever_its_text_holds(parley):
    assert parley("ask", "-m", "sim/echo", TRICKY).code == 0
    assert parley("ask", "--continue", "-m", "sim/echo", "second").code == 0
    exported = parley("history", "export", "1")
    assert exported.code == 0
    headings = _top_level_headings(_tokens(exported.out))
    assert headings[1:] == ["User", "Assistant · sim/echo"] * 2


def test_each_message_renders_as_its_own_text_did(parley):
    assert parley("ask", "-m", "sim/echo", TRICKY).code == 0
    exported = parley("history", "export", "1").out
    quotes = _quotes(_tokens(exported))
    assert len(quotes) == 2  # the prompt and its echo
    alone = _shape(_tokens(TRICKY + "\n"))  # a document ends its last line
    for quote in quotes:
        assert _shape(quote) == alone


def test_a_failed_answer_notes_its_status_outside_the_quote(parley):
    parley("ask", "-m", "sim/mid-error", "fail please")
    exported = parley("history", "export", "1").out
    assert "\n**error**: " in exported
