"""How the parameter sidebar looks: each snapshot reviewed by eye before it was accepted."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.pilot import Pilot
from textual.widgets import Footer, Input, Static

from tui.paths import styles_dir
from tui.widgets.sidebar import ParamSidebar

PARAMS = {
    "temperature": 0.7,
    "top_p": 0.9,
    "max_tokens": 1024,
    "top_a": 0.1,
    "reasoning": {"effort": "high"},
    "provider": {"sort": "price"},
}
# A model that takes neither top_a nor min_p: top_a is set, so it is left out.
SUPPORTED = ("temperature", "top_p", "top_k", "max_tokens", "seed", "reasoning", "stop")


class SidebarApp(App[None]):
    """A transcript stand-in with the sidebar on its right, as the chat screen shows it."""

    CSS = """
    #transcript { width: 1fr; padding: 1 2; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__(css_path=styles_dir() / "sidebar.tcss")

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static("The conversation goes here.", id="transcript")
            yield ParamSidebar(presets=["creative", "précis"])
        yield Footer()

    def on_mount(self) -> None:
        sidebar = self.query_one(ParamSidebar)
        sidebar.set_values(PARAMS, "You are a terse assistant. Answer in one paragraph.")
        sidebar.set_supported(SUPPORTED)


async def _type_an_out_of_range_temperature(pilot: Pilot) -> None:
    field = pilot.app.query_one(ParamSidebar).field("temperature")
    control = field.query_one(Input)
    control.focus()
    control.select_all()
    await pilot.press("3")
    await pilot.pause()


def test_sidebar_with_an_invalid_value_at_120x40(snap_compare) -> None:
    """You should see, on the right, "Parameters" with an amber "not applied (invalid):
    temperature" line and a note that top_a is left out (not supported by this model); the
    preset row; the system prompt; temperature holding 3 on a red field with the red message
    "temperature must be a number from 0 to 2, got 3 — not applied; still 0.7" under it;
    top_p 0.9 and max_tokens 1024 set, top_a struck through with "not supported by this model
    — left out", min_p struck through; unset fields dim with their ranges ("unset · 0..1");
    the Reasoning section with effort "high"; the footer offers ↑↓ Nudge and alt+u Unset."""
    assert snap_compare(
        SidebarApp(), terminal_size=(120, 40), run_before=_type_an_out_of_range_temperature
    )


def test_sidebar_with_an_invalid_value_at_80x24(snap_compare) -> None:
    """You should see the same sidebar, 36 columns wide beside a narrower transcript,
    scrolled so that the red temperature field (holding 3) and its message "temperature must
    be a number from 0 to 2, got 3 — not applied; still 0.7" are in view."""
    assert snap_compare(
        SidebarApp(), terminal_size=(80, 24), run_before=_type_an_out_of_range_temperature
    )
