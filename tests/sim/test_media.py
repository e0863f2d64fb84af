"""The simulator takes content parts of every kind, says what it received, cites when searching."""

from __future__ import annotations

import base64

import httpx
import pytest

from tests import samples
from tests.sim.replies import chunks, content

PNG = samples.png()
PDF = samples.pdf(pages=3)
WAV = samples.wav()


def data_url(mime: str, data: bytes) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def ask(http: httpx.Client, parts: list, *, stream: bool = True, **extra) -> httpx.Response:
    body = {
        "model": "sim/normal",
        "messages": [{"role": "user", "content": parts}],
        "stream": stream,
        **extra,
    }
    return http.post("/chat/completions", json=body)


def image_part() -> dict:
    return {"type": "image_url", "image_url": {"url": data_url("image/png", PNG)}}


def pdf_part() -> dict:
    file = {"filename": "report.pdf", "file_data": data_url("application/pdf", PDF)}
    return {"type": "file", "file": file}


def test_the_answer_says_which_image_and_pdf_arrived(http: httpx.Client) -> None:
    reply = ask(http, [{"type": "text", "text": "Look"}, image_part(), pdf_part()])
    said = content(chunks(reply.content))
    assert said.startswith(
        f"I received an image (png, {len(PNG):,} bytes) and "
        f"a PDF 'report.pdf' (3 pages, {len(PDF):,} bytes).\n\n"
    )


def test_the_answer_names_audio_and_a_text_file(http: httpx.Client) -> None:
    audio = {"type": "input_audio", "input_audio": {"data": base64.b64encode(WAV).decode()}}
    audio["input_audio"]["format"] = "wav"
    text = {"type": "text", "text": "File: notes.md\n```\n# Notes\n```"}
    reply = ask(http, [{"type": "text", "text": "Hear"}, audio, text], stream=False)
    said = reply.json()["choices"][0]["message"]["content"]
    assert said.startswith(
        f"I received audio (wav, {len(WAV):,} bytes) and "
        "a text file 'notes.md' (1 line, starting “# Notes”).\n\n"
    )


def test_plain_text_content_gets_no_receipt(http: httpx.Client) -> None:
    reply = ask(http, [{"type": "text", "text": "Just words"}])
    assert not content(chunks(reply.content)).startswith("I received")


def test_the_web_plugin_brings_url_citations_in_the_last_delta(http: httpx.Client) -> None:
    reply = ask(http, [{"type": "text", "text": "news"}], plugins=[{"id": "web", "max_results": 2}])
    items = chunks(reply.content)
    noted = [c for c in items if c["choices"] and c["choices"][0]["delta"].get("annotations")]
    assert len(noted) == 1
    annotations = noted[0]["choices"][0]["delta"]["annotations"]
    assert [a["type"] for a in annotations] == ["url_citation", "url_citation"]
    assert annotations[0]["url_citation"]["url"] == "https://search.example/1?q=919"
    # It comes after the last text and before the finish.
    assert items.index(noted[0]) > max(
        i for i, c in enumerate(items) if c["choices"] and c["choices"][0]["delta"].get("content")
    )


def test_a_whole_answer_carries_annotations_in_its_message(http: httpx.Client) -> None:
    reply = ask(http, [{"type": "text", "text": "news"}], stream=False, plugins=[{"id": "web"}])
    annotations = reply.json()["choices"][0]["message"]["annotations"]
    assert len(annotations) == 5  # OpenRouter's default number of results


def test_key_lists_usage_limits_and_periods(http: httpx.Client) -> None:
    data = http.get("/key").json()["data"]
    for name in (
        "usage",
        "usage_daily",
        "usage_weekly",
        "usage_monthly",
        "limit",
        "limit_remaining",
        "limit_reset",
        "is_free_tier",
    ):
        assert name in data
    # Money in floats: 25.0 - 2.250209 is not exactly 22.749791.
    assert data["limit"] - data["usage"] == pytest.approx(data["limit_remaining"])
