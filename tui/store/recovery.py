"""Recovery files: an answer the database would not take, kept beside it as Markdown."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tui.store.records import FinalStatus


@dataclass(frozen=True, slots=True)
class RecoveredAnswer:
    """What a recovery file keeps: enough to read the answer and know what it answered."""

    prompt: str
    model_requested: str
    content: str
    status: FinalStatus
    model_answered: str | None = None
    reasoning: str = ""
    conversation_id: int | None = None
    message_id: int | None = None
    reason: str = ""


def recovery_dirs(db_path: Path) -> list[Path]:
    """Where to try, in order: ``recovered/`` beside the database, then a private temp folder
    (the disk that refused the database may refuse the file too)."""
    return [
        db_path.parent / "recovered",
        Path(tempfile.gettempdir()) / f"parley-recovered-{os.getuid()}",
    ]


def render(answer: RecoveredAnswer, when: float) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(when))
    facts = [
        f"- when: {stamp}",
        f"- model asked: {answer.model_requested}",
        f"- model that answered: {answer.model_answered or 'unknown'}",
        f"- status: {answer.status}",
    ]
    if answer.conversation_id is not None:
        facts.append(f"- conversation: {answer.conversation_id} (message {answer.message_id})")
    if answer.reason:
        facts.append(f"- not stored because: {answer.reason}")
    parts = [
        "# An answer Parley could not store in its history",
        "\n".join(facts),
        f"## Prompt\n\n{answer.prompt}",
    ]
    if answer.reasoning:
        parts.append(f"## Reasoning\n\n{answer.reasoning}")
    parts.append(f"## Answer\n\n{answer.content}")
    return "\n\n".join(parts) + "\n"


def _create(folder: Path, stem: str) -> tuple[Path, int]:
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    for n in range(1000):
        path = folder / (f"{stem}.md" if n == 0 else f"{stem}-{n}.md")
        try:
            # 0600 from the first byte: O_EXCL never follows a planted link or reuses a file.
            return path, os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
    raise FileExistsError(f"too many recovery files named {stem} in {folder}")


def write_recovery(db_path: Path, answer: RecoveredAnswer, when: float | None = None) -> Path:
    """Write ``recovered/<UTC time>.md`` (0600) beside ``db_path``; return where it went.

    Falls back to a private folder in the temp directory when that fails; raises
    ``OSError`` only when no place would take it.
    """
    when = time.time() if when is None else when
    stem = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime(when))
    data = render(answer, when).encode("utf-8", "surrogatepass")
    failure: OSError | None = None
    for folder in recovery_dirs(db_path):
        path: Path | None = None
        try:
            path, fd = _create(folder, stem)
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            return path
        except OSError as exc:
            failure = exc
            if path is not None:
                _remove_partial(path)
    assert failure is not None
    raise failure


def _remove_partial(path: Path) -> None:
    # Our own half-written recovery file (the disk filled up): never a user's data.
    with contextlib.suppress(OSError):
        path.unlink()
