"""The chats browser (f2): cost and pin on each row, sorting, paging through a long history,
filtering through the store, the spend of a chat and of recent days, its keys in help."""

from __future__ import annotations

import asyncio
import time

from tests.app.pilot_helpers import wait_until
from tests.app.test_chats_list import open_list, rows, stored_chat
from tui.controllers.chat_list import PAGE
from tui.screens.help import HelpScreen
from tui.store import ImportedConversation, ImportedMessage
from tui.widgets.conversations import PIN_MARK

DEMO = "openai/gpt-4o"


async def priced_chat(store, title: str, cost: float | None, model: str = DEMO, **usage) -> int:
    chat = await store.create_conversation(title, model=model)
    await store.add_message(chat.id, "user", f"{title}?")
    await store.add_message(
        chat.id, "assistant", "An answer", model_requested=model, cost=cost, **usage
    )
    return chat.id


async def many_chats(store, count: int, title=lambda n: f"Chat {n}") -> None:
    """``count`` chats (two messages each) in one go, the last one newest."""
    start = time.time() - count - 10
    await store.import_conversations(
        ImportedConversation(
            [
                ImportedMessage("user", f"question {n}", created_at=start + n),
                ImportedMessage("assistant", "answer", created_at=start + n, model_requested=DEMO),
            ],
            title=title(n),
            model=DEMO,
            created_at=start + n,
            updated_at=start + n,
        )
        for n in range(count)
    )


def titles(app) -> list[str]:
    return [row.split(" | ")[0].strip() for row in rows(app)]


def panel_text(app, selector: str) -> str:
    return str(app.screen.query_one(selector).render())


# -- what a row says -------------------------------------------------------------------------


async def test_rows_show_the_cost_and_leave_it_blank_when_unpriced(build_app, store):
    priced = await priced_chat(store, "Priced", 0.0123)
    free = await priced_chat(store, "Free", None)
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_list(pilot)
        by_id = {row.split("#")[1].split(" ")[0]: row for row in rows(app)}
        assert " · $0.0123 · 2 msgs · " in by_id[str(priced)]
        assert "$" not in by_id[str(free)]


async def test_sorting_by_cost_keeps_pinned_chats_first_and_says_so(build_app, store):
    cheap = await priced_chat(store, "Cheap", 0.001)
    await priced_chat(store, "Dear", 0.5)
    await priced_chat(store, "Newest", 0.01)
    await store.set_pinned(cheap, True)
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        panel = await open_list(pilot)
        assert titles(app) == [f"{PIN_MARK} Cheap", "Newest", "Dear"]
        assert "^s by cost" in panel_text(app, "#chats-keys")
        assert "newest first" in panel_text(app, "#chats-filter")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: titles(app)[1] == "Dear")
        assert titles(app) == [f"{PIN_MARK} Cheap", "Dear", "Newest"]
        assert "^s by date" in panel_text(app, "#chats-keys")
        assert "costliest first" in panel_text(app, "#chats-filter")
        assert panel.rows.highlighted_id == cheap  # the highlight stays on its chat
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: titles(app)[1] == "Newest")


# -- a long history, a page at a time --------------------------------------------------------


async def test_a_long_history_is_read_a_page_at_a_time_as_the_highlight_nears_the_end(
    build_app, store
):
    await many_chats(store, PAGE * 2 + 30)
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        panel = await open_list(pilot)
        assert panel.rows.option_count == PAGE  # not the whole history
        assert f"Chats {PAGE}+" in panel_text(app, "#chats-filter")
        await pilot.press("end")
        await wait_until(pilot, lambda: panel.rows.option_count == PAGE * 2)
        assert panel.rows.highlighted == PAGE - 1  # the highlight did not jump
        await pilot.press("end")
        await wait_until(pilot, lambda: panel.rows.option_count == PAGE * 2 + 30)
        await pilot.press("end")
        await pilot.pause()
        assert titles(app)[-1] == "Chat 0"
        assert f"Chats {PAGE * 2 + 30} ·" in panel_text(app, "#chats-filter")


async def test_typing_finds_chats_beyond_the_rows_read_so_far(build_app, store):
    await many_chats(store, PAGE * 3, title=lambda n: "Needle in the hay" if n == 3 else f"Hay {n}")
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        panel = await open_list(pilot)
        assert "Needle in the hay" not in titles(app)
        await pilot.press(*"hay need")
        await wait_until(pilot, lambda: titles(app) == ["Needle in the hay"])
        await pilot.press("ctrl+u")
        await wait_until(pilot, lambda: panel.rows.option_count == PAGE)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.conversation is not None)
        assert app.screen.conversation.title == f"Hay {PAGE * 3 - 1}"


# -- spend -----------------------------------------------------------------------------------


async def test_the_highlighted_chats_spend_shows_its_total_tokens_and_models(build_app, store):
    mixed = await priced_chat(store, "Mixed", 0.02, prompt_tokens=1200, completion_tokens=300)
    await store.add_message(mixed, "user", "again?")
    await store.add_message(
        mixed,
        "assistant",
        "From another model",
        model_requested="anthropic/claude-3.5-sonnet",
        cost=0.005,
        prompt_tokens=100,
        completion_tokens=50,
    )
    await store.add_message(mixed, "user", "and once more?")
    await store.add_message(
        mixed, "assistant", "No cost said", model_requested=DEMO, total_tokens=80
    )
    unpriced = await priced_chat(store, "Unpriced", None, total_tokens=40)
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await open_list(pilot)
        assert panel.rows.highlighted_id == unpriced
        await wait_until(pilot, lambda: "no cost reported" in panel_text(app, "#chats-spend"))
        assert "1 answer unpriced" in panel_text(app, "#chats-spend")
        await pilot.press("down")
        await wait_until(pilot, lambda: "This chat $0.0250" in panel_text(app, "#chats-spend"))
        spend = panel_text(app, "#chats-spend")
        assert "This chat $0.0250 · 1,300 in · 350 out tokens · 1 answer unpriced" in spend
        assert "gpt-4o $0.0200 · 1 answer" in spend
        assert "claude-3.5-sonnet $0.0050 · 1 answer" in spend


async def test_spend_by_day_sums_today_the_last_7_and_the_last_30_days(build_app, store):
    day = 86_400
    chat = await priced_chat(store, "Today", 0.25)
    for cost, days_ago in ((0.5, 3), (2.0, 20), (9.0, 45)):
        await store.add_message(
            chat, "assistant", "old", cost=cost, created_at=time.time() - days_ago * day
        )
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(pilot)
        await wait_until(pilot, lambda: "Spent" in panel_text(app, "#chats-spend"))
        assert "Spent today $0.2500 · 7 days $0.7500 · 30 days $2.7500" in panel_text(
            app, "#chats-spend"
        )


# -- help ------------------------------------------------------------------------------------


async def test_help_from_the_browser_lists_every_key_it_has(build_app, store):
    await stored_chat(store, "Anything")
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_list(pilot)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        entries = {e.binding_id: e.key for _, group in app.screen.groups for e in group}
        for binding_id, key in {
            "chats.export": "^e",
            "chats.duplicate": "^d",
            "chats.pin": "^k",
            "chats.sort": "^s",
            "chats.rename": "^t",
            "chats.delete": "del",
            "chats.undo": "^z",
        }.items():
            assert entries[binding_id] == key


async def test_typing_an_id_finds_that_chat_however_old(build_app, store):
    await many_chats(store, PAGE * 2)
    rows_by_age = await store.browse_conversations(limit=PAGE * 2)
    old = next(row for row in rows_by_age[PAGE:] if len(str(row.id)) == 2)
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await open_list(pilot)
        assert old.title not in titles(app)  # beyond the first page
        await pilot.press(*f"#{old.id}")
        await wait_until(pilot, lambda: titles(app) == [old.title])
        assert f"#{old.id} ·" in rows(app)[0]


async def test_a_page_asked_for_while_the_rows_are_read_again_is_not_added_twice(build_app, store):
    await many_chats(store, PAGE * 3)
    app = build_app()
    async with app.run_test(size=(120, 30)) as pilot:
        panel = await open_list(pilot)
        chats = app.screen.parts.chats
        # The next page asked twice (the highlight near the end, a filter filling the
        # list) and a new filter's rows, at once.
        await asyncio.gather(chats.more(), chats.more(), chats._filter_now("chat"))
        await asyncio.gather(chats._filter_now("chat 1"), chats.more(), chats.more())
        await pilot.pause()
        shown = [panel.rows.get_option_at_index(i).id for i in range(panel.rows.option_count)]
        assert len(shown) == len(set(shown)) == len(chats.rows)
        expected = await store.browse_conversations(text="chat 1", limit=len(shown), words=True)
        assert shown == [str(row.id) for row in expected]
