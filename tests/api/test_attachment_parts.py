"""The exact JSON sent for each kind of attachment, plugins, ``:online`` and deprecated fields."""

from __future__ import annotations

import base64

from tests import samples
from tui.api.content import Attachment, FileParser, WebSearch
from tui.api.types import ChatMessage, ChatRequest

PNG = samples.png()
PDF = samples.pdf()
WAV = samples.wav()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def image() -> Attachment:
    return Attachment("shot.png", "image", "png", "image/png", PNG)


def report() -> Attachment:
    return Attachment("report.pdf", "pdf", "pdf", "application/pdf", PDF)


def voice() -> Attachment:
    return Attachment("voice.wav", "audio", "wav", "audio/wav", WAV)


def notes() -> Attachment:
    return Attachment("notes.py", "text", "text", "text/plain", b"print('hi')\n")


async def send(client, simulator, request: ChatRequest) -> dict:
    async for _ in client.stream_chat(request):
        pass
    return simulator.last_request().body


async def test_an_image_goes_as_an_image_url_data_url_after_the_text(client, simulator):
    message = ChatMessage("user", "What is this?", attachments=(image(),))
    body = await send(client, simulator, ChatRequest("sim/normal", (message,)))
    assert body["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What is this?"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64," + b64(PNG)}},
            ],
        }
    ]


async def test_a_pdf_goes_as_a_file_with_its_name_and_a_data_url(client, simulator):
    message = ChatMessage("user", "Sum it up", attachments=(report(),))
    body = await send(client, simulator, ChatRequest("sim/normal", (message,)))
    assert body["messages"][0]["content"][1] == {
        "type": "file",
        "file": {
            "filename": "report.pdf",
            "file_data": "data:application/pdf;base64," + b64(PDF),
        },
    }


async def test_audio_goes_as_input_audio_with_its_format(client, simulator):
    message = ChatMessage("user", "Transcribe", attachments=(voice(),))
    body = await send(client, simulator, ChatRequest("sim/normal", (message,)))
    assert body["messages"][0]["content"][1] == {
        "type": "input_audio",
        "input_audio": {"data": b64(WAV), "format": "wav"},
    }


async def test_a_text_file_goes_as_a_fenced_text_part_named_for_the_file(client, simulator):
    message = ChatMessage("user", "Review", attachments=(notes(),))
    body = await send(client, simulator, ChatRequest("sim/normal", (message,)))
    assert body["messages"][0]["content"][1] == {
        "type": "text",
        "text": "File: notes.py\n```\nprint('hi')\n```",
    }


def test_a_fence_inside_a_text_file_cannot_close_its_fence() -> None:
    inner = Attachment("doc.md", "text", "text", "text/plain", b"a\n```\nb\n````\n")
    text = inner.to_part()["text"]
    assert text.startswith("File: doc.md\n`````\n") and text.endswith("\n`````")


async def test_several_kinds_go_in_the_order_given_text_first(client, simulator):
    files = (image(), report(), voice(), notes())
    message = ChatMessage("user", "All of these", attachments=files)
    body = await send(client, simulator, ChatRequest("sim/normal", (message,)))
    parts = body["messages"][0]["content"]
    assert [p["type"] for p in parts] == ["text", "image_url", "file", "input_audio", "text"]
    assert parts[0] == {"type": "text", "text": "All of these"}


async def test_a_message_without_attachments_keeps_plain_string_content(client, simulator):
    body = await send(client, simulator, ChatRequest("sim/normal", (ChatMessage("user", "hi"),)))
    assert body["messages"] == [{"role": "user", "content": "hi"}]


async def test_web_search_is_the_web_plugin_with_its_results_and_engine(client, simulator):
    request = ChatRequest(
        "sim/normal",
        (ChatMessage("user", "news?"),),
        plugins=(WebSearch(max_results=3, engine="exa"),),
    )
    body = await send(client, simulator, request)
    assert body["plugins"] == [{"id": "web", "max_results": 3, "engine": "exa"}]
    assert body["model"] == "sim/normal"


async def test_the_pdf_engine_is_the_file_parser_plugin(client, simulator):
    message = ChatMessage("user", "Read", attachments=(report(),))
    request = ChatRequest("sim/normal", (message,), plugins=(FileParser("mistral-ocr"),))
    body = await send(client, simulator, request)
    assert body["plugins"] == [{"id": "file-parser", "pdf": {"engine": "mistral-ocr"}}]


async def test_an_online_model_id_is_sent_as_the_model_and_the_web_plugin(client, simulator):
    request = ChatRequest("sim/normal:online", (ChatMessage("user", "news?"),))
    body = await send(client, simulator, request)
    assert body["model"] == "sim/normal"
    assert body["plugins"] == [{"id": "web"}]


async def test_an_online_model_id_with_a_web_plugin_sends_that_plugin_once(client, simulator):
    request = ChatRequest(
        "sim/normal:online", (ChatMessage("user", "q"),), plugins=(WebSearch(max_results=2),)
    )
    body = await send(client, simulator, request)
    assert body["plugins"] == [{"id": "web", "max_results": 2}]


async def test_online_fallback_models_lose_the_suffix(client, simulator):
    request = ChatRequest(
        "sim/normal:online", (ChatMessage("user", "q"),), models=("openai/gpt-4o:online",)
    )
    body = await send(client, simulator, request)
    assert body["models"] == ["openai/gpt-4o"]


async def test_raw_plugins_stay_beside_typed_ones_and_typed_ones_win(client, simulator):
    raw = [{"id": "web", "max_results": 9}, {"id": "moderation"}]
    request = ChatRequest(
        "sim/normal",
        (ChatMessage("user", "q"),),
        {"plugins": raw},
        plugins=(WebSearch(max_results=1),),
    )
    body = await send(client, simulator, request)
    assert body["plugins"] == [{"id": "moderation"}, {"id": "web", "max_results": 1}]


async def test_deprecated_usage_include_is_never_sent_and_transforms_still_are(client, simulator):
    request = ChatRequest(
        "sim/normal",
        (ChatMessage("user", "q"),),
        {"usage": {"include": True}, "transforms": ["middle-out"]},
    )
    body = await send(client, simulator, request)
    assert "usage" not in body
    assert body["transforms"] == ["middle-out"]


async def test_usage_still_arrives_without_asking(client, simulator):
    from tui.api.events import UsageReport

    request = ChatRequest("sim/normal", (ChatMessage("user", "q"),))
    events = [e async for e in client.stream_chat(request)]
    assert any(isinstance(e, UsageReport) and e.usage.cost is not None for e in events)


def test_an_attachment_knows_its_size_and_sha256() -> None:
    import hashlib

    item = image()
    assert item.size == len(PNG)
    assert item.sha256 == hashlib.sha256(PNG).hexdigest()
