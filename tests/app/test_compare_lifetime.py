"""A comparison's streams, settlings and timers end with its screen; their failures are told."""

from __future__ import annotations

from tests.app.pilot_helpers import wait_until
from tui.screens.compare import CompareScreen
from tui.widgets.prompt import PromptEditor

STREAMING = ("sim/slow:tps=40,tokens=4000", "sim/slow:tps=30,tokens=4000")


async def open_and_send(pilot, models, text: str) -> CompareScreen:
    screen = CompareScreen(models)
    await pilot.app.push_screen(screen)
    await wait_until(pilot, lambda: screen.window and screen.prompt.has_focus)
    editor = screen.query_one(PromptEditor)
    editor.load(text)
    editor.action_send()
    await wait_until(pilot, lambda: all(lane.live is not None for lane in screen.lanes))
    return screen


async def test_a_comparison_whose_screen_goes_while_its_columns_stream_stores_them_interrupted(
    build_app, store
):
    # Not the quit key (which stops streams itself): the app torn down under the streams.
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_and_send(pilot, STREAMING, "long answers")
        await wait_until(
            pilot, lambda: all(lane.progress and lane.progress.deltas > 3 for lane in screen.lanes)
        )
        assert screen.comparison.turns.ticking
        conversation = screen.conversation.id
        app.exit()
    answers = [m for m in await store.messages(conversation) if m.role == "assistant"]
    assert sorted(m.lane for m in answers) == [0, 1]
    for answer in answers:
        assert answer.status == "interrupted"
        assert answer.content  # what arrived is kept
    assert screen.tasks.running == 0
    turns = screen.comparison.turns
    assert not turns.ticking and not turns.timing


async def test_a_failure_to_show_a_columns_ending_is_told_once(build_app, monkeypatch):
    # A store that fails on reading an answer back cannot be had otherwise: the read is faked.
    told: list[tuple[str, BaseException]] = []
    app = build_app()
    monkeypatch.setattr(app, "task_failed", lambda name, error: told.append((name, error)))
    async with app.run_test(size=(120, 40)) as pilot:

        async def unreadable(message_id: int) -> None:
            raise OSError("disk gone")

        monkeypatch.setattr(app.store, "get_message", unreadable)
        screen = await open_and_send(pilot, ("sim/echo", "openai/gpt-4o"), "hello")
        for lane in screen.lanes:
            await lane.live.wait()
        await screen.settled()
        await pilot.pause()
        assert all(lane.turn.idle for lane in screen.lanes)  # the next prompt may go
    assert sorted(name for name, _ in told) == ["settle openai/gpt-4o", "settle sim/echo"]
    assert all(isinstance(error, OSError) for _, error in told)


async def test_a_model_picker_that_fails_to_open_is_told_and_the_comparison_goes_on(
    build_app, monkeypatch
):
    told: list[tuple[str, BaseException]] = []
    app = build_app()
    monkeypatch.setattr(app, "task_failed", lambda name, error: told.append((name, error)))

    async def broken(app, current, **options):
        raise RuntimeError("catalog unreadable")

    monkeypatch.setattr("tui.screens.model_choice.model_picker", broken)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = CompareScreen(("sim/echo", "openai/gpt-4o"))
        await app.push_screen(screen)
        await wait_until(pilot, lambda: screen.window and screen.prompt.has_focus)
        await pilot.press("alt+a")
        await wait_until(pilot, lambda: told)
        assert app.screen is screen and app.is_running
    assert [(name, str(error)) for name, error in told] == [
        ("the model picker", "catalog unreadable")
    ]


async def test_a_signal_while_the_columns_stream_stores_them_interrupted(build_app, store):
    # What SIGTERM or SIGHUP runs on the loop: the comparison's streams are cut at once.
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_and_send(pilot, STREAMING, "long answers")
        await wait_until(
            pilot, lambda: all(lane.progress and lane.progress.deltas > 3 for lane in screen.lanes)
        )
        conversation = screen.conversation.id
        app._interrupted()
        await app.workers.wait_for_complete()
    answers = [m for m in await store.messages(conversation) if m.role == "assistant"]
    assert sorted(m.lane for m in answers) == [0, 1]
    assert all(answer.status == "interrupted" and answer.content for answer in answers)


async def test_the_columns_refresh_once_a_second_once_every_column_has_text(build_app):
    app = build_app()
    models = ("sim/keepalive:keepalives=3,keepalive_interval=0.3,tokens=4000,tps=40", STREAMING[1])
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_and_send(pilot, models, "long answers")
        turns = screen.comparison.turns
        await wait_until(pilot, lambda: screen.lanes[0].progress.keepalives > 0)
        assert turns.tick_interval == 0.25  # a column still waits: its spinner turns
        await wait_until(
            pilot, lambda: all(lane.progress and lane.progress.deltas > 3 for lane in screen.lanes)
        )
        await wait_until(pilot, lambda: turns.tick_interval == 1.0)
        # No spinner that would turn once a second: the mark holds still while text flows.
        assert screen.lanes[0].column.stats.state.startswith("● streaming")
        await screen.comparison.stop()
        await screen.comparison.turns.settled()
        assert turns.tick_interval is None
