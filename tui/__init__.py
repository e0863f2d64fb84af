"""Parley: a keyboard-driven terminal chat client for OpenRouter."""

__version__ = "0.1.0"
