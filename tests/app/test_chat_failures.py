"""A chat screen's background work that fails is told through the app's one handler."""

from __future__ import annotations

from tui.store import StoreError

from .test_chat import wait_until


async def test_a_model_list_that_cannot_be_read_is_told_once_and_the_chat_goes_on(build_app, store):
    async def unreadable(max_age: float | None = None) -> list:
        raise StoreError("the models cache cannot be read")

    store.cached_models = unreadable  # storage can fail at any time
    app = build_app(model="sim/echo")
    told: list[tuple[str, BaseException]] = []
    app.task_failed = lambda name, error: told.append((name, error))  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: bool(told))
        assert app.is_running  # the chat is still there to type into
    [(name, error)] = told
    assert name == "load_catalog"
    assert isinstance(error, StoreError) and "cannot be read" in str(error)
