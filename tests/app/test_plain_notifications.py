"""Every notification is plain text, whoever raises it (widgets ask for markup by default)."""

from __future__ import annotations

from tests.app.pilot_helpers import settle


async def test_every_notification_is_plain_text(build_app):
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        chat = await settle(pilot)
        app.notify("a [b]bold[/b] claim", markup=True)
        chat.notify("odd [/] model")  # Widget.notify passes markup=True
        await pilot.pause()
        assert [(n.message, n.markup) for n in app._notifications][-2:] == [
            ("a [b]bold[/b] claim", False),
            ("odd [/] model", False),
        ]
        assert app.is_running
