"""The model picker and parameter sidebar in the chat: what is picked and set is what is sent."""

from __future__ import annotations

from tests.app.pilot_helpers import ask, catalog_loaded, last_chat, wait_until
from tui.presets import load_presets, presets_path
from tui.screens.picker import ModelPicker
from tui.widgets.sidebar import ParamSidebar


async def test_a_model_picked_by_typing_part_of_its_name_is_asked_and_stored(
    build_app, store, simulator
):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await catalog_loaded(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelPicker))
        await pilot.press(*"claude 3.5")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.model == "anthropic/claude-3.5-sonnet"
        await ask(pilot, "hello")
        assert last_chat(simulator).body["model"] == "anthropic/claude-3.5-sonnet"
        conversation = await store.get_conversation(screen.conversation.id)
        assert conversation.model == "anthropic/claude-3.5-sonnet"
        assert (await store.model_marks()).recent[0] == "anthropic/claude-3.5-sonnet"


async def test_sidebar_parameters_reach_the_request_and_the_stored_message(
    build_app, store, simulator
):
    app = build_app(model="meta-llama/llama-3.1-8b-instruct:free")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await catalog_loaded(pilot)
        # A wide terminal shows the sidebar by default, mounted just after the first paint.
        await wait_until(pilot, lambda: screen.sidebar_widget is not None)
        await wait_until(pilot, lambda: screen.sidebar.has_class("-open"))
        screen.sidebar.set_values({"temperature": 0.3, "top_k": 5}, "Be brief.")
        await ask(pilot, "hello")
        body = last_chat(simulator).body
        assert (body["temperature"], body["top_k"]) == (0.3, 5)
        assert body["messages"][0] == {"role": "system", "content": "Be brief."}
        answer = (await store.messages(screen.conversation.id))[-1]
        assert answer.params["temperature"] == 0.3 and answer.params["top_k"] == 5


async def test_a_parameter_the_model_does_not_support_is_left_out(build_app, simulator):
    app = build_app(model="openai/gpt-4o")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = await catalog_loaded(pilot)
        await screen.ensure_sidebar()
        screen.sidebar.set_values({"temperature": 0.5, "top_k": 5}, None)
        screen.apply_model_support()
        assert screen.sidebar.excluded() == ["top_k"]
        await ask(pilot, "hello")
        body = last_chat(simulator).body
        assert body["temperature"] == 0.5 and "top_k" not in body


async def test_parameters_persist_with_the_conversation_and_come_back_on_resume(build_app, store):
    app = build_app(model="sim/echo")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = pilot.app.screen
        await screen.ensure_sidebar()
        screen.sidebar.set_values({"temperature": 1.2, "seed": 7}, "Talk like a pirate.")
        screen = await ask(pilot, "ahoy")
        conversation_id = screen.conversation.id
    stored = await store.get_conversation(conversation_id)
    assert stored.params == {"temperature": 1.2, "seed": 7}
    assert stored.system == "Talk like a pirate."
    again = build_app(conversation_id=conversation_id)
    async with again.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await again.screen.ensure_sidebar()
        params, system = again.screen.sidebar.values(include_unsupported=True)
        assert params == {"temperature": 1.2, "seed": 7}
        assert system == "Talk like a pirate."
        assert again.screen.model == "sim/echo"


async def test_a_preset_saved_from_the_sidebar_can_be_applied_again(build_app, settings):
    app = build_app()
    async with app.run_test(size=(160, 40)) as pilot:
        screen = pilot.app.screen
        sidebar = await screen.ensure_sidebar()
        sidebar.post_message(
            ParamSidebar.PresetSaveRequested("terse", {"temperature": 0.1}, "One line.")
        )
        await pilot.pause()
        saved = load_presets(presets_path(settings.config_path))
        assert saved["terse"].params == {"temperature": 0.1}
        sidebar.set_values({}, None)
        sidebar.post_message(ParamSidebar.PresetChosen("terse"))
        await wait_until(pilot, lambda: sidebar.values()[0] == {"temperature": 0.1})
        assert sidebar.values()[1] == "One line."


async def test_the_picker_opens_with_a_clear_note_when_models_cannot_be_fetched(build_app, client):
    app = build_app(base_url="http://127.0.0.1:9/v1")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = pilot.app.screen
        screen.app.client = type(client)("http://127.0.0.1:9/v1")
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelPicker))
        await wait_until(
            pilot, lambda: "could not" in app.screen.note.lower() or screen.catalog_note
        )
        await pilot.press(*"my/custom-model")
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert screen.model == "my/custom-model"
        await screen.app.client.aclose()


async def favourite(store, model_id: str) -> bool:
    return model_id in (await store.model_marks()).favourites


async def test_a_model_starred_in_the_picker_is_kept(build_app, store):
    app = build_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await catalog_loaded(pilot)
        await pilot.press("f4")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelPicker))
        await pilot.press(*"gpt-4o-mini", "ctrl+f")
        await wait_until(pilot, lambda: favourite(store, "openai/gpt-4o-mini"))
    assert "openai/gpt-4o-mini" in (await store.model_marks()).favourites


async def test_parameters_are_sent_before_the_sidebar_was_ever_opened(build_app, store, simulator):
    conversation = await store.create_conversation("tuned", model="openai/gpt-4o")
    await store.update_conversation(conversation.id, params={"temperature": 0.2, "top_k": 3})
    app = build_app(conversation_id=conversation.id)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await catalog_loaded(pilot)
        assert screen.sidebar_widget is None  # narrow: not mounted until opened
        await ask(pilot, "hello")
        body = last_chat(simulator).body
        assert body["temperature"] == 0.2 and "top_k" not in body  # gpt-4o has no top_k


async def test_a_model_listing_include_reasoning_gets_the_reasoning_object(
    build_app, store, simulator
):
    # sim/reasoning-summary lists only the older include_reasoning flag.
    conversation = await store.create_conversation("thinking", model="sim/reasoning-summary")
    await store.update_conversation(
        conversation.id, params={"reasoning": {"effort": "high"}, "top_a": 0.1}
    )
    app = build_app(conversation_id=conversation.id, model="sim/reasoning-summary")
    async with app.run_test(size=(100, 30)) as pilot:
        await catalog_loaded(pilot)
        await ask(pilot, "hello")
        body = last_chat(simulator).body
        assert body["reasoning"] == {"effort": "high"}
        assert "top_a" not in body  # what it does not list is still left out
