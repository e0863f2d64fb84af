"""A turn stores a prompt's files once and sends them again whenever that prompt is sent again;
a searched answer's citations are stored with it."""

from __future__ import annotations

import hashlib
from contextlib import aclosing
from pathlib import Path

from tests import samples
from tui.api.content import WebSearch
from tui.attachments import read_attachment
from tui.store import Store
from tui.turn import TurnRunner
from tui.turn_spec import TurnFinished, TurnSpec

MODEL = "sim/normal"


async def run(runner: TurnRunner, spec: TurnSpec):
    async with aclosing(runner.run(spec)) as events:
        finished = [event async for event in events if isinstance(event, TurnFinished)]
    return finished[-1].outcome


def user_parts(simulator) -> list:
    """Each user message's content in the last request (a string or its parts' types)."""
    body = simulator.last_request().body
    found = []
    for message in body["messages"]:
        if message["role"] == "user":
            content = message["content"]
            found.append(content if isinstance(content, str) else [p["type"] for p in content])
    return found


def files(tmp_path: Path):
    image = read_attachment(samples.write(tmp_path, "shot.png", samples.png()))
    report = read_attachment(samples.write(tmp_path, "report.pdf", samples.pdf()))
    return image, report


async def first_turn(client, store, tmp_path):
    image, report = files(tmp_path)
    runner = TurnRunner(client, store)
    spec = TurnSpec(MODEL, "Describe these", attachments=(image, report))
    return runner, await run(runner, spec), (image, report)


async def test_the_files_are_stored_with_the_prompt(client, store: Store, tmp_path) -> None:
    _, outcome, (image, report) = await first_turn(client, store, tmp_path)
    path = await store.active_path(outcome.conversation_id)
    linked = await store.attachments_of([path[0].id])
    stored = linked[path[0].id]
    assert [(a.name, a.kind, a.format, a.size) for a in stored] == [
        ("shot.png", "image", "png", image.size),
        ("report.pdf", "pdf", "pdf", report.size),
    ]
    assert await store.blob(stored[0].sha256) == image.data
    assert stored[1].sha256 == hashlib.sha256(report.data).hexdigest()


async def test_the_answer_says_what_the_simulator_received(client, store, tmp_path) -> None:
    _, outcome, (image, report) = await first_turn(client, store, tmp_path)
    assert outcome.content.startswith(
        f"I received an image (png, {image.size:,} bytes) and a PDF '{report.name}' (3 pages, "
    )


async def test_the_same_file_twice_is_stored_once(client, store: Store, tmp_path) -> None:
    runner, outcome, (image, _) = await first_turn(client, store, tmp_path)
    again = read_attachment(samples.write(tmp_path, "copy-of-shot.png", samples.png()))
    spec = TurnSpec(
        MODEL, "And this?", conversation_id=outcome.conversation_id, attachments=(again, image)
    )
    await run(runner, spec)
    path = await store.active_path(outcome.conversation_id)
    linked = await store.attachments_of([path[2].id])
    assert [a.name for a in linked[path[2].id]] == ["copy-of-shot.png", "shot.png"]
    assert await store.blob_count() == 2  # the png once, the pdf once


async def test_answering_again_sends_the_prompts_files_again(client, store, simulator, tmp_path):
    runner, outcome, _ = await first_turn(client, store, tmp_path)
    path = await store.active_path(outcome.conversation_id)
    await run(
        runner,
        TurnSpec(MODEL, None, conversation_id=outcome.conversation_id, parent_id=path[0].id),
    )
    assert user_parts(simulator) == [["text", "image_url", "file"]]
    body = simulator.last_request().body
    assert body["messages"][0]["content"][0] == {"type": "text", "text": "Describe these"}


async def test_continuing_an_answer_sends_the_prompts_files_again(
    client, store, simulator, tmp_path
):
    runner, outcome, _ = await first_turn(client, store, tmp_path)
    spec = TurnSpec(
        MODEL,
        None,
        conversation_id=outcome.conversation_id,
        continue_message_id=outcome.message_id,
    )
    await run(runner, spec)
    assert user_parts(simulator) == [["text", "image_url", "file"]]
    assert simulator.last_request().body["messages"][-1]["role"] == "assistant"


async def test_a_later_prompt_sends_the_earlier_files_and_its_own_text(
    client, store, simulator, tmp_path
):
    runner, outcome, _ = await first_turn(client, store, tmp_path)
    await run(runner, TurnSpec(MODEL, "Thanks", conversation_id=outcome.conversation_id))
    assert user_parts(simulator) == [["text", "image_url", "file"], "Thanks"]


async def test_a_fork_keeps_the_files(client, store: Store, simulator, tmp_path) -> None:
    runner, outcome, _ = await first_turn(client, store, tmp_path)
    fork = await store.fork(outcome.message_id)
    await run(runner, TurnSpec(MODEL, "Go on", conversation_id=fork.id))
    assert user_parts(simulator) == [["text", "image_url", "file"], "Go on"]
    assert await store.blob_count() == 2


async def test_web_search_citations_are_stored_with_the_answer(client, store, simulator) -> None:
    runner = TurnRunner(client, store)
    spec = TurnSpec(MODEL, "What is new?", web=WebSearch(max_results=2))
    outcome = await run(runner, spec)
    assert simulator.last_request().body["plugins"] == [{"id": "web", "max_results": 2}]
    assert [c.url for c in outcome.citations] == [
        "https://search.example/1?q=919",
        "https://search.example/2?q=838",
    ]
    stored = await store.citations_of([outcome.message_id])
    assert [(c.url, c.title) for c in stored[outcome.message_id]] == [
        (c.url, c.title) for c in outcome.citations
    ]
    message = await store.get_message(outcome.message_id)
    assert message is not None and message.params["plugins"] == [{"id": "web", "max_results": 2}]


async def test_the_pdf_engine_goes_as_the_file_parser_plugin(client, store, simulator, tmp_path):
    _, report = files(tmp_path)
    spec = TurnSpec(MODEL, "Read", attachments=(report,), pdf_engine="native")
    await run(TurnRunner(client, store), spec)
    body = simulator.last_request().body
    assert body["plugins"] == [{"id": "file-parser", "pdf": {"engine": "native"}}]


async def test_files_go_even_when_nothing_is_saved(client, simulator, tmp_path) -> None:
    image, _ = files(tmp_path)
    spec = TurnSpec(MODEL, "Look", attachments=(image,), save=False)
    outcome = await run(TurnRunner(client, None), spec)
    assert user_parts(simulator) == [["text", "image_url"]]
    assert outcome.status == "complete"


async def test_unlinked_files_are_pruned_only_when_asked(client, store: Store, tmp_path) -> None:
    _, outcome, _ = await first_turn(client, store, tmp_path)
    await store.delete_conversation_for_undo(outcome.conversation_id)
    assert await store.blob_count() == 2  # kept for an undo
    assert await store.prune_blobs() == 2
    assert await store.blob_count() == 0
