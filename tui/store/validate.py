"""Checks on values the schema leaves open (roles, statuses, kinds, lanes), with clear errors."""

from __future__ import annotations

from tui.store.records import FINAL_STATUSES, KINDS, MAX_LANES, ROLES


def check_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown message role {role!r}; expected one of {sorted(ROLES)}")


def check_final_status(status: str) -> None:
    if status not in FINAL_STATUSES:
        raise ValueError(
            f"a finished message's status must be one of {sorted(FINAL_STATUSES)}, not {status!r}"
        )


def check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown conversation kind {kind!r}; expected one of {sorted(KINDS)}")


def check_lane(lane: int | None) -> None:
    if lane is not None and not (isinstance(lane, int) and 0 <= lane < MAX_LANES):
        raise ValueError(f"lane must be None or 0..{MAX_LANES - 1}, not {lane!r}")
