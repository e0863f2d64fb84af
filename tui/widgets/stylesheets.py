"""Stylesheets read when what they style is first shown, not before the first screen.

Parsing a stylesheet costs start-up time, so the app reads only those of its first screen.
A screen's own ``CSS_PATH`` is read by Textual when the screen is first pushed; a widget
family mounted later into a screen (the parameter sidebar) has its file read here first.
"""

from __future__ import annotations

from textual.app import App

from tui import paths


def stylesheet_path(name: str) -> str:
    """The shipped ``name.tcss``, as Textual keys its sources."""
    return str(paths.styles_dir() / f"{name}.tcss")


def ensure_stylesheet(app: App, name: str) -> None:
    """Read ``name.tcss`` into the app's styles unless it is there already (as Textual does
    for a screen's ``CSS_PATH``: parse again, then restyle what is mounted)."""
    path = stylesheet_path(name)
    stylesheet = app.stylesheet
    if stylesheet.has_source(path):
        return
    stylesheet.read(path)
    stylesheet.reparse()
    stylesheet.update(app)
