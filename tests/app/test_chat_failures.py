"""A chat screen's background work that fails is told through the app's one handler."""

from __future__ import annotations

from tests.app.pilot_helpers import ask, wait_until
from tui.store import StoreError, StoreFullError


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


async def test_a_full_disk_when_the_parameters_are_kept_is_told_and_the_answer_comes(
    build_app, store, tmp_path
):
    async def full(conversation_id: int, **changes) -> None:
        raise StoreFullError(tmp_path / "history.db")

    store.update_conversation = full  # the disk fills between the prompt and its parameters
    app = build_app(model="sim/echo")
    told: list[tuple[str, BaseException]] = []
    app.task_failed = lambda name, error: told.append((name, error))  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ask(pilot, "hello")
        assert app.is_running
        assert screen.messages[-1].status == "complete"
    [(name, error)] = told
    assert name == "saving the parameters"
    assert isinstance(error, StoreFullError)


async def test_a_store_error_is_told_as_the_file_what_and_what_to_do(build_app, tmp_path):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(100, 30)) as pilot:
        app.task_failed("saving the parameters", StoreFullError(tmp_path / "history.db"))
        await pilot.pause()
        [note] = list(app._notifications)
    assert "no space left" in note.message and str(tmp_path / "history.db") in note.message
    assert "Free some disk space" in note.message
