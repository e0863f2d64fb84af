"""How a thinking block looks, folded and open: each snapshot reviewed by eye."""

from __future__ import annotations

REASONING = """The user asks why the sky is blue. I should explain **Rayleigh scattering** \
without equations first, then give the one formula that matters.

Shorter wavelengths scatter more: the intensity goes as 1/λ⁴, so blue light scatters about \
five times as much as red. Why not violet, then? The sun emits less violet, and our eyes are \
less sensitive to it.

I will keep it to three short paragraphs."""

ANSWER = """Sunlight is scattered by the molecules of the air, and **short wavelengths scatter
far more** than long ones (Rayleigh scattering goes as 1/λ⁴).

So blue light reaches your eyes from every direction of the sky, while the red and yellow
mostly travel straight on. At sunset the light crosses much more air, the blue is scattered
away before it reaches you, and the sky turns orange."""


def _thinker(snap_exchange) -> int:
    return snap_exchange(
        "deepseek/deepseek-r1",
        "Why is the sky blue?",
        ANSWER,
        model_answered="deepseek/deepseek-r1",
        reasoning=REASONING,
        reasoning_ms=12_400.0,
        reasoning_tokens=1_240,
        completion_tokens=1_420,
    )


def test_a_folded_thinking_block(snap_compare, snap_app, snap_exchange):
    """You should see the question, then deepseek/deepseek-r1's answer whose first line under
    the header is one dim italic line "▸ thought for 12 s · 1,240 tokens", a blank line, and
    the answer about Rayleigh scattering; no reasoning text is shown."""
    app = snap_app(conversation_id=_thinker(snap_exchange), model="deepseek/deepseek-r1")
    assert snap_compare(app, terminal_size=(100, 30))


def test_an_open_thinking_block(snap_compare, snap_app, snap_exchange):
    """You should see the same answer with its thinking opened by alt+t: "▾ thought for 12 s
    · 1,240 tokens", then the reasoning set in by two cells and dimmed (three paragraphs,
    "Rayleigh scattering" in bold), a blank line, and the answer in its usual colours."""

    async def before(pilot):
        await pilot.press("alt+t")
        await pilot.pause()

    app = snap_app(conversation_id=_thinker(snap_exchange), model="deepseek/deepseek-r1")
    assert snap_compare(app, terminal_size=(100, 30), run_before=before)
