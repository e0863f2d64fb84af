"""Rendering message text to terminal lines: block splitting, Markdown, code, colours."""
