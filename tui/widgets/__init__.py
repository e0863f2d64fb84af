"""Parley's widgets: they render what they are given and post messages upward."""

from tui.widgets.transcript import MessageView, Transcript

__all__ = ["MessageView", "Transcript"]
