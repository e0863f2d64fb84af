"""The one-shot commands: ``ask``, ``models``, ``history`` (and the app launcher)."""
