"""A stored conversation written out as Markdown or JSON: by ``parley history`` and the app."""
