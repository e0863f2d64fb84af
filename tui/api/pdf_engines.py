"""The PDF engines of the ``file-parser`` plugin: a name of their own, for the command line
to offer without loading the content types (and hashlib) before the first screen."""

from __future__ import annotations

__all__ = ["PDF_ENGINES"]

PDF_ENGINES = ("cloudflare-ai", "mistral-ocr", "native", "pdf-text")
"""The ``file-parser`` plugin's PDF engines (``pdf-text``: the older name of a free one)."""
