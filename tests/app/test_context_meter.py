"""The context meter: how full the model's context is, a warning near the end, and a choice
instead of the server's refusal when a prompt would not fit."""

from __future__ import annotations

from tests.app.pilot_helpers import (
    catalog_loaded,
    chat_requests,
    dialog_text,
    last_chat,
    send,
    settle,
    status_text,
    wait_until,
)
from tui.screens.chat import ChatScreen
from tui.screens.dialogs import ChoiceDialog
from tui.sim.scenarios import SMALL_CONTEXT
from tui.widgets.prompt import PromptEditor

SMALL = "sim/small-context"  # listed with a 4,000-token context, and refuses more


def tokens(n: int, word: str = "fox") -> str:
    """About ``n`` tokens of text, for the meter (four characters each) and the simulator
    (a word each) alike."""
    return " ".join([word] * (n * 4 // (len(word) + 1)))


async def long_chat(store, turns: int, size: int) -> int:
    """A stored conversation of ``turns`` prompts and answers of about ``size`` tokens each."""
    conversation = await store.create_conversation(model=SMALL)
    for n in range(turns):
        await store.add_message(conversation.id, "user", f"question {n}: " + tokens(size))
        await store.add_message(conversation.id, "assistant", f"answer {n}: " + tokens(size))
    return conversation.id


def notes(app) -> list[str]:
    return [f"{n.title} {n.message}" for n in app._notifications]


async def test_the_status_line_shows_how_full_the_context_is(build_app, store):
    conversation_id = await long_chat(store, turns=2, size=300)
    app = build_app(conversation_id=conversation_id, model=SMALL)
    async with app.run_test(size=(140, 30)) as pilot:
        await catalog_loaded(pilot)
        await wait_until(pilot, lambda: "ctx" in status_text(app))
        # Four messages of ~300 tokens (and a few more each), no usage yet: an estimate.
        assert "ctx ≈3" in status_text(app) and "of 4,000" in status_text(app)
        await send(pilot, "and one more")
        await settle(pilot)
        # The simulator's usage now counts what was sent: the figure is the server's.
        await wait_until(pilot, lambda: "ctx ≈" not in status_text(app))
        assert "ctx " in status_text(app) and "% of 4,000" in status_text(app)


async def test_nearly_full_warns_once_with_what_to_do(build_app, store):
    conversation_id = await long_chat(store, turns=3, size=520)  # ~3,150 of 4,000
    app = build_app(conversation_id=conversation_id, model=SMALL)
    async with app.run_test(size=(140, 30)) as pilot:
        await catalog_loaded(pilot)
        await send(pilot, "a short one")
        await settle(pilot)
        await wait_until(pilot, lambda: any("Context nearly full" in n for n in notes(app)))
        warning = next(n for n in notes(app) if "Context nearly full" in n)
        assert "4,000" in warning and "oldest turns" in warning
        await send(pilot, "another")
        await settle(pilot)
        assert sum("Context nearly full" in n for n in notes(app)) == 1


async def over_the_limit(pilot, app) -> str:
    """Send a prompt that would overflow the context: the choice it brings."""
    prompt = "the big one: " + tokens(900)
    await send(pilot, prompt)
    await wait_until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
    return prompt


async def test_a_prompt_over_the_context_is_not_sent_until_the_user_chooses(
    build_app, store, simulator
):
    conversation_id = await long_chat(store, turns=3, size=520)
    app = build_app(conversation_id=conversation_id, model=SMALL)
    async with app.run_test(size=(140, 30)) as pilot:
        await catalog_loaded(pilot)
        before = len(chat_requests(simulator))
        prompt = await over_the_limit(pilot, app)
        question = dialog_text(app)
        assert "over sim/small-context's 4,000 context" in question
        assert "m  let the server compress the middle" in question
        assert "o  leave out the oldest" in question
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ChatScreen))
        assert len(chat_requests(simulator)) == before  # nothing went
        assert app.screen.query_one(PromptEditor).text == prompt  # nothing lost


async def test_leaving_out_the_oldest_turns_sends_what_fits(build_app, store, simulator):
    conversation_id = await long_chat(store, turns=3, size=520)
    app = build_app(conversation_id=conversation_id, model=SMALL)
    async with app.run_test(size=(140, 30)) as pilot:
        await catalog_loaded(pilot)
        prompt = await over_the_limit(pilot, app)
        await pilot.press("o")
        await settle(pilot)
        sent = last_chat(simulator).body["messages"]
        assert sent[-1]["content"] == prompt
        assert len(sent) < 7 and not sent[0]["content"].startswith("question 0")
        assert last_chat(simulator).status == 200  # it fitted: no refusal
        assert "transforms" not in last_chat(simulator).body
        # Left out of the request only: every message is still stored and shown.
        stored = await store.messages(conversation_id)
        assert [m.content.split(":")[0] for m in stored[:2]] == ["question 0", "answer 0"]
        assert stored[-1].status == "complete"


async def test_middle_out_is_turned_on_for_the_chat_and_kept(build_app, store, simulator):
    conversation_id = await long_chat(store, turns=3, size=520)
    app = build_app(conversation_id=conversation_id, model=SMALL)
    async with app.run_test(size=(140, 30)) as pilot:
        await catalog_loaded(pilot)
        await over_the_limit(pilot, app)
        await pilot.press("m")
        await settle(pilot)
        request = last_chat(simulator)
        assert request.body["transforms"] == ["middle-out"]
        assert len(request.body["messages"]) == 7  # all of it: the server compresses, not Parley
        assert request.status == 200
        conversation = await store.get_conversation(conversation_id)
        assert conversation.params["transforms"] == ["middle-out"]
        # From now on nothing is asked: the server fits what it is sent.
        await send(pilot, "again: " + tokens(900))
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceDialog)
        assert last_chat(simulator).body["transforms"] == ["middle-out"]


async def test_the_simulator_refuses_what_its_context_cannot_hold(client):
    from tui.api.errors import ApiError
    from tui.api.types import ChatMessage, ChatRequest

    big = (ChatMessage("user", tokens(SMALL_CONTEXT + 200)),)
    try:
        await client.chat(ChatRequest(SMALL, big))
    except ApiError as error:
        assert error.status == 400 and "middle-out" in error.message
    else:
        raise AssertionError("the request over the context was answered")
    answer = await client.chat(ChatRequest(SMALL, big, params={"transforms": ["middle-out"]}))
    assert answer.content


async def test_the_choice_shows_a_model_id_as_it_is_never_as_markup(build_app):
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        question = "over odd[/]model[b]'s 4,000 context"
        answers: list[str | None] = []
        app.push_screen(ChoiceDialog(question, [("m", "[red]x[/red]")]), answers.append)
        await wait_until(pilot, lambda: "escape cancel" in dialog_text(app))
        assert question in dialog_text(app) and "m  [red]x[/red]" in dialog_text(app)
        await pilot.press("m")
        await wait_until(pilot, lambda: answers == ["m"])
