"""The turn's phases and the gate every turn action goes through, without an app."""

from __future__ import annotations

import asyncio

import pytest

from tui.controllers.turn_phase import BUSY_NOTE, ActionGate, TurnPhase, TurnState


class Turn:
    """A stand-in live turn: counts cancels; ends (stored, then shown) when told."""

    def __init__(self, phase: TurnPhase) -> None:
        self.phase = phase
        self.cancels: list[str | None] = []
        phase.sending(self.cancels.append)

    def end(self) -> None:
        self.phase.ending()
        self.phase.settled()


def gate_for(*phases: TurnPhase) -> tuple[ActionGate, list[str]]:
    notes: list[str] = []
    return ActionGate(lambda: phases, notes.append), notes


async def test_a_turn_goes_idle_sending_streaming_ending_idle():
    phase = TurnPhase()
    seen = [phase.state]
    turn = Turn(phase)
    seen.append(phase.state)
    phase.streaming()
    seen.append(phase.state)
    phase.ending()
    seen.append(phase.state)
    phase.settled()
    seen.append(phase.state)
    assert seen == ["idle", "sending", "streaming", "ending", "idle"]
    assert turn.cancels == []


async def test_a_second_turn_cannot_start_over_the_first():
    phase = TurnPhase()
    Turn(phase)
    with pytest.raises(RuntimeError, match="already sending"):
        Turn(phase)


async def test_a_turn_is_cancelled_once_however_often_escape_is_pressed():
    phase = TurnPhase()
    turn = Turn(phase)
    phase.streaming()
    assert phase.cancel("why") and not phase.cancel() and not phase.cancel()
    assert turn.cancels == ["why"] and phase.state is TurnState.ENDING


async def test_stop_waits_until_the_ending_is_stored_and_shown():
    phase = TurnPhase()
    turn = Turn(phase)
    stopping = asyncio.create_task(phase.stop())
    await asyncio.sleep(0)
    assert not stopping.done() and turn.cancels == [None]
    turn.end()
    await asyncio.wait_for(stopping, 1)


async def test_an_action_while_streaming_is_refused_with_a_note():
    phase = TurnPhase()
    Turn(phase).phase.streaming()
    gate, notes = gate_for(phase)
    ran = []

    async def action() -> None:
        ran.append(1)

    assert not await gate.run(action)
    assert ran == [] and notes == [BUSY_NOTE]


async def test_an_action_while_ending_waits_for_the_ending_then_runs():
    phase = TurnPhase()
    turn = Turn(phase)
    phase.cancel()
    gate, notes = gate_for(phase)
    order: list[str] = []

    async def action() -> None:
        order.append(f"action while {phase.state}")

    queued = asyncio.create_task(gate.run(action))
    await asyncio.sleep(0.01)
    assert order == [] and gate.acting
    order.append("stored")
    turn.end()
    assert await asyncio.wait_for(queued, 1)
    assert order == ["stored", "action while idle"] and notes == []


async def test_a_stopping_action_stops_the_turn_first():
    phase = TurnPhase()
    turn = Turn(phase)
    gate, _ = gate_for(phase)
    seen: list[str] = []

    async def action() -> None:
        seen.append(phase.state)

    running = asyncio.create_task(gate.run(action, busy="stop"))
    await asyncio.sleep(0.01)
    assert turn.cancels == [None] and seen == []
    turn.end()
    assert await asyncio.wait_for(running, 1)
    assert seen == ["idle"]


async def test_actions_run_one_at_a_time_in_order():
    gate, _ = gate_for(TurnPhase())
    log: list[str] = []

    async def action(name: str) -> None:
        log.append(f"{name} in")
        await asyncio.sleep(0.01)
        log.append(f"{name} out")

    await asyncio.gather(gate.run(lambda: action("a")), gate.run(lambda: action("b")))
    assert log == ["a in", "a out", "b in", "b out"]


async def test_a_closed_gate_drops_every_later_action():
    gate, notes = gate_for(TurnPhase())
    ran = []

    async def leave() -> None:
        gate.close()

    async def action() -> None:
        ran.append(1)

    results = await asyncio.gather(gate.run(leave), gate.run(action))
    assert results == [True, False] and ran == [] and notes == []
