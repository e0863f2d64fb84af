"""``async with`` for the services that must be closed: the history and the API client."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class AsyncClosing:
    """Entering gives the object itself; leaving, however it is left, awaits ``aclose()``."""

    async def aclose(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
