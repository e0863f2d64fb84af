"""What the simulator saw: one record per request, shared safely between its thread and tests."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class RecordedRequest:
    """One request as the simulator received and answered it.

    Times are ``time.monotonic()`` values. ``finished_at`` is set the moment before the last
    byte of the reply is written (or the connection is deliberately dropped), so a client
    that has read a whole reply always finds it set; ``disconnected_at`` is the moment the
    client went away before the reply was complete, and stays ``None`` otherwise.
    """

    id: int
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    raw_body: bytes
    received_at: float
    first_byte_at: float | None = None
    finished_at: float | None = None
    disconnected_at: float | None = None
    status: int | None = None


class Recorder:
    """Thread-safe list of records; every change wakes the threads waiting on it."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._records: list[RecordedRequest] = []
        self._next_id = 1  # never reset, so ids stay unique across ``clear()``

    def add(
        self, method: str, path: str, query: dict[str, str], headers: dict[str, str], raw: bytes
    ) -> RecordedRequest:
        with self._cond:
            record = RecordedRequest(
                id=self._next_id,
                method=method,
                path=path,
                query=query,
                headers=headers,
                body=_parse_json(raw),
                raw_body=raw,
                received_at=time.monotonic(),
            )
            self._next_id += 1
            self._records.append(record)
            self._cond.notify_all()
            return record

    def update(self, record: RecordedRequest, **changes: Any) -> None:
        with self._cond:
            for name, value in changes.items():
                setattr(record, name, value)
            self._cond.notify_all()

    def first_byte(self, record: RecordedRequest) -> None:
        if record.first_byte_at is None:
            self.update(record, first_byte_at=time.monotonic())

    def finished(self, record: RecordedRequest) -> None:
        self.update(record, finished_at=time.monotonic())

    def disconnected(self, record: RecordedRequest, when: float | None = None) -> None:
        """The client went away; ignored once the whole reply has been written."""
        when = time.monotonic() if when is None else when
        with self._cond:
            if record.finished_at is None and record.disconnected_at is None:
                record.disconnected_at = when
                self._cond.notify_all()

    def unfinish(self, record: RecordedRequest) -> None:
        """The last write failed after ``finished`` was recorded: the client had gone."""
        with self._cond:
            if record.disconnected_at is None:
                record.disconnected_at = record.finished_at or time.monotonic()
            record.finished_at = None
            self._cond.notify_all()

    def snapshot(self) -> list[RecordedRequest]:
        with self._cond:
            return [dataclasses.replace(r) for r in self._records]

    def clear(self) -> None:
        with self._cond:
            self._records.clear()
            self._cond.notify_all()

    def wait_for_count(self, n: int, timeout: float) -> list[RecordedRequest]:
        with self._cond:
            self._cond.wait_for(lambda: len(self._records) >= n, timeout)
            return [dataclasses.replace(r) for r in self._records]

    def wait_for_disconnect(self, req_id: int, timeout: float) -> float | None:
        """Block until request ``req_id`` is disconnected (its time) or finished (``None``)."""

        def settled() -> bool:
            record = self._find(req_id)
            return record is not None and (
                record.disconnected_at is not None or record.finished_at is not None
            )

        with self._cond:
            self._cond.wait_for(settled, timeout)
            record = self._find(req_id)
            return None if record is None else record.disconnected_at

    def _find(self, req_id: int) -> RecordedRequest | None:
        for record in reversed(self._records):
            if record.id == req_id:
                return record
        return None


def _parse_json(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None
