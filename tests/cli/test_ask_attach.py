"""`parley ask -a FILE`, `--web` and `--pdf-engine`: what is sent, stored, and refused before."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest

from tests import samples


def chat_requests(simulator) -> list:
    return [r for r in simulator.requests() if r.path.endswith("/chat/completions")]


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    return {
        "png": samples.write(tmp_path, "shot.png", samples.png()),
        "pdf": samples.write(tmp_path, "report.pdf", samples.pdf()),
        "wav": samples.write(tmp_path, "voice.wav", samples.wav()),
        "py": samples.write(tmp_path, "tool.py", "print('hi')\n"),
    }


def test_each_kind_goes_as_its_content_part_text_first(parley, simulator, files) -> None:
    args = ["ask", "-m", "sim/normal", "What are these?"]
    for name in ("png", "pdf", "wav", "py"):
        args += ["-a", str(files[name])]
    result = parley(*args)
    assert result.code == 0, result.err
    body = simulator.last_request().body
    png, pdf, wav = samples.png(), samples.pdf(), samples.wav()
    assert body["messages"] == [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "What are these?"},
                {
                    "type": "image_url",
                    "image_url": {"url": "data:image/png;base64," + base64.b64encode(png).decode()},
                },
                {
                    "type": "file",
                    "file": {
                        "filename": "report.pdf",
                        "file_data": "data:application/pdf;base64,"
                        + base64.b64encode(pdf).decode(),
                    },
                },
                {
                    "type": "input_audio",
                    "input_audio": {"data": base64.b64encode(wav).decode(), "format": "wav"},
                },
                {"type": "text", "text": "File: tool.py\n```\nprint('hi')\n```"},
            ],
        }
    ]
    assert result.out.startswith("I received an image (png, ")


def test_the_files_are_stored_with_the_prompt(parley, history, files) -> None:
    result = parley("ask", "-m", "sim/normal", "Look", "--attach", str(files["png"]))
    assert result.code == 0, result.err
    linked = history(lambda store: store.attachments_of([1]))
    assert [(a.name, a.kind, a.size) for a in linked[1]] == [
        ("shot.png", "image", len(samples.png()))
    ]


def test_continue_sends_the_earlier_files_again(parley, simulator, files) -> None:
    parley("ask", "-m", "sim/normal", "Look", "-a", str(files["png"]))
    result = parley("ask", "-m", "sim/normal", "--continue", "And now?")
    assert result.code == 0, result.err
    user_messages = [m for m in simulator.last_request().body["messages"] if m["role"] == "user"]
    assert [type(m["content"]).__name__ for m in user_messages] == ["list", "str"]
    assert user_messages[0]["content"][1]["type"] == "image_url"


def bad_inputs(tmp_path: Path) -> list[tuple[list[str], str]]:
    folder = tmp_path / "pictures"
    folder.mkdir()
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (512 * 1024 + 1))
    zipped = samples.write(tmp_path, "a.zip", b"PK\x03\x04" + b"\x00" * 30)
    blob = samples.write(tmp_path, "a.bin", b"\x00\x01\x02" * 10)
    png = samples.write(tmp_path, "a.png", samples.png())
    return [
        (["-a", str(tmp_path / "missing.png")], "missing.png: no such file"),
        (["-a", str(folder)], "is a folder"),
        (["-a", str(big)], "the limit for a text file is 512.0 KiB"),
        (["-a", str(zipped)], "ZIP archive"),
        (["-a", str(blob)], "binary file of a kind Parley cannot send"),
        (["-a", str(png), "--completion"], "--completion sends a raw prompt"),
        (["--web-results", "11"], "--web-results must be from 1 to 10"),
        (["--web", "--completion"], "--web needs a chat request"),
    ]


@pytest.mark.parametrize("case", range(8))
def test_bad_input_exits_2_before_any_request(parley, simulator, tmp_path, case) -> None:
    extra, said = bad_inputs(tmp_path)[case]
    result = parley("ask", "-m", "sim/normal", "hi", *extra)
    assert result.code == 2
    assert said in result.err
    assert simulator.requests() == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_exits_2_before_any_request(parley, simulator, tmp_path) -> None:
    path = samples.write(tmp_path, "secret.txt", "x")
    path.chmod(0)
    result = parley("ask", "hi", "-a", str(path))
    assert result.code == 2 and "cannot read it" in result.err
    assert simulator.requests() == []


def test_an_unknown_pdf_engine_is_a_usage_error(parley, simulator, files, capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        parley("ask", "hi", "-a", str(files["pdf"]), "--pdf-engine", "magic")
    assert exited.value.code == 2
    assert "--pdf-engine: invalid choice: 'magic'" in capsys.readouterr().err
    assert simulator.requests() == []


def test_a_model_that_takes_no_images_refuses_one_before_the_prompt_leaves(
    parley, simulator, files
) -> None:
    result = parley("ask", "-m", "mistralai/mistral-large", "hi", "-a", str(files["png"]))
    assert result.code == 2
    assert "mistralai/mistral-large does not take image input (shot.png)" in result.err
    assert chat_requests(simulator) == []  # only the model list was read


def test_a_model_the_list_does_not_know_gets_a_warning_and_the_file(
    parley, simulator, files
) -> None:
    result = parley("ask", "-m", "someone/new-model", "hi", "-a", str(files["wav"]))
    assert result.code == 0, result.err
    assert "warning: the model list does not say whether someone/new-model takes audio" in (
        result.err
    )
    assert chat_requests(simulator)[-1].body["messages"][0]["content"][1]["type"] == "input_audio"


def test_a_pdf_goes_to_a_text_model_unless_the_native_engine_is_asked(
    parley, simulator, files
) -> None:
    ok = parley("ask", "-m", "mistralai/mistral-large", "hi", "-a", str(files["pdf"]))
    assert ok.code == 0, ok.err
    refused = parley(
        "ask", "-m", "mistralai/mistral-large", "hi", "-a", str(files["pdf"]),
        "--pdf-engine", "native",
    )  # fmt: skip
    assert refused.code == 2 and "does not take file input" in refused.err


def test_the_pdf_engine_is_sent_as_the_file_parser_plugin(parley, simulator, files) -> None:
    result = parley("ask", "-m", "sim/normal", "hi", "-a", str(files["pdf"]), "--pdf-engine",
                    "mistral-ocr")  # fmt: skip
    assert result.code == 0, result.err
    plugins = simulator.last_request().body["plugins"]
    assert plugins == [{"id": "file-parser", "pdf": {"engine": "mistral-ocr"}}]


def test_web_sends_the_web_plugin_and_lists_the_sources_after_the_answer(
    parley, simulator, history
) -> None:
    result = parley("ask", "-m", "sim/normal", "--web", "--web-results", "2", "--raw", "news?")
    assert result.code == 0, result.err
    assert simulator.last_request().body["plugins"] == [{"id": "web", "max_results": 2}]
    tail = result.out.rstrip("\n").split("\n")[-3:]
    assert tail == [
        "Sources:",
        "1. Result 1 on news? <https://search.example/1?q=919>",
        "2. Result 2 on news? <https://search.example/2?q=838>",
    ]
    cited = history(lambda store: store.citations_of([2]))
    assert [c.url for c in cited[2]] == [
        "https://search.example/1?q=919",
        "https://search.example/2?q=838",
    ]


def test_web_citations_are_in_the_json_output(parley) -> None:
    result = parley("ask", "-m", "sim/normal", "--web", "--web-results", "1", "--json", "q")
    data = json.loads(result.out)
    assert data["citations"] == [
        {
            "url": "https://search.example/1?q=919",
            "title": "Result 1 on q",
            "content": "What source 1 says about q.",
            "start_index": 0,
            "end_index": len(data["content"]),
        }
    ]


def test_an_online_model_id_is_sent_as_the_web_plugin(parley, simulator) -> None:
    result = parley("ask", "-m", "sim/normal:online", "news?")
    assert result.code == 0, result.err
    body = simulator.last_request().body
    assert (body["model"], body["plugins"]) == ("sim/normal", [{"id": "web"}])


def test_deprecated_usage_include_is_accepted_but_not_sent(parley, simulator) -> None:
    result = parley("ask", "-m", "sim/normal", "-p", "usage={\"include\": true}", "-p",
                    "transforms=middle-out", "hi")  # fmt: skip
    assert result.code == 0, result.err
    body = simulator.last_request().body
    assert "usage" not in body and body["transforms"] == ["middle-out"]


def test_sources_a_model_cites_unasked_go_to_stderr(parley) -> None:
    result = parley("ask", "-m", "sim/tools", "--raw", "weather?")
    assert result.code == 0, result.err
    assert "Sources:" not in result.out
    assert "1. API Streaming <https://openrouter.ai/docs/api-reference/streaming>" in result.err


def test_the_demo_describes_an_attached_picture_without_a_warning(parley, files) -> None:
    result = parley("ask", "--demo", "--raw", "What is this?", "-a", str(files["png"]))
    assert result.code == 0, result.err
    assert result.out.startswith(f"I received an image (png, {len(samples.png()):,} bytes).\n\n")
    assert "warning" not in result.err
