"""Where ``parley history`` takes a message's attached files and citations from."""

from __future__ import annotations

from tui.exporting.extras import (
    Extras,
    exported_name,
    flat_name,
    json_extras,
    load_extras,
    write_files,
)

__all__ = ["Extras", "exported_name", "flat_name", "json_extras", "load_extras", "write_files"]
