"""Reading a path into an attachment: kind from content, limits, and every bad input."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from tests import samples
from tui.attachments import (
    LIMITS,
    AttachmentError,
    check_modalities,
    describe,
    human_size,
    read_attachment,
)

KINDS = [
    ("png", samples.png(), "image", "png", "image/png"),
    ("jpeg", samples.jpeg(), "image", "jpeg", "image/jpeg"),
    ("gif", samples.gif(), "image", "gif", "image/gif"),
    ("webp", samples.webp(), "image", "webp", "image/webp"),
    ("pdf", samples.pdf(), "pdf", "pdf", "application/pdf"),
    ("wav", samples.wav(), "audio", "wav", "audio/wav"),
    ("mp3", samples.mp3(), "audio", "mp3", "audio/mpeg"),
    ("text", "def f():\n    return 'é'\n".encode(), "text", "text", "text/plain"),
]


@pytest.mark.parametrize(("label", "data", "kind", "fmt", "mime"), KINDS)
def test_the_kind_comes_from_the_content_not_the_name(tmp_path, label, data, kind, fmt, mime):
    # Every file is named .txt: only its bytes can tell what it is.
    path = samples.write(tmp_path, f"{label}.txt", data)
    item = read_attachment(path)
    assert (item.kind, item.format, item.mime) == (kind, fmt, mime)
    assert item.name == f"{label}.txt"
    assert item.size == len(data)
    assert item.sha256 == hashlib.sha256(data).hexdigest()
    assert item.data == data


def test_a_picture_named_like_text_is_still_a_picture(tmp_path: Path) -> None:
    assert read_attachment(samples.write(tmp_path, "notes.md", samples.png())).kind == "image"


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AttachmentError, match=r"nothere\.png: no such file"):
        read_attachment(tmp_path / "nothere.png")


def test_a_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AttachmentError, match="is a folder"):
        read_attachment(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    path = samples.write(tmp_path, "secret.txt", "x")
    path.chmod(0)
    with pytest.raises(AttachmentError, match="cannot read it"):
        read_attachment(path)


def test_a_file_that_cannot_be_opened_is_an_error(tmp_path, monkeypatch) -> None:
    # As root no permission bit stops a read; what the OS would refuse is refused the same.
    path = samples.write(tmp_path, "secret.txt", "x")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(AttachmentError, match=r"cannot read it \(Permission denied\)"):
        read_attachment(path)


def test_a_fifo_is_not_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    with pytest.raises(AttachmentError, match="not a regular file"):
        read_attachment(path)


def test_a_text_file_over_its_limit_is_an_error(tmp_path: Path) -> None:
    path = samples.write(tmp_path, "big.log", "a" * (LIMITS["text"] + 1))
    with pytest.raises(AttachmentError, match=r"the limit for a text file is 512\.0 KiB"):
        read_attachment(path)


def test_an_image_over_its_limit_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "huge.png"
    with path.open("wb") as handle:
        handle.write(samples.png())
        handle.truncate(LIMITS["image"] + 1)
    with pytest.raises(AttachmentError, match=r"limit for an image is 10\.0 MiB"):
        read_attachment(path)


def test_a_file_at_its_limit_is_accepted(tmp_path: Path) -> None:
    path = samples.write(tmp_path, "exact.txt", "b" * LIMITS["text"])
    assert read_attachment(path).size == LIMITS["text"]


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"PK\x03\x04rest", "ZIP archive"),
        (b"\x7fELF\x02\x01", "executable"),
        (b"\x1f\x8b\x08\x00", "gzip"),
        (b"BM\x00\x00", "BMP image"),
    ],
)
def test_a_known_binary_kind_we_cannot_send_is_named(tmp_path, data, said) -> None:
    path = samples.write(tmp_path, "thing.bin", data + b"\x00" * 20)
    with pytest.raises(AttachmentError, match=said):
        read_attachment(path)


def test_an_unknown_binary_file_is_an_error(tmp_path: Path) -> None:
    path = samples.write(tmp_path, "blob.dat", b"\x01\x02\x00\x03" * 10)
    with pytest.raises(AttachmentError, match="binary file of a kind Parley cannot send"):
        read_attachment(path)


def test_text_that_is_not_utf8_is_binary(tmp_path: Path) -> None:
    path = samples.write(tmp_path, "latin1.txt", "caf\xe9 au lait".encode("latin-1"))
    with pytest.raises(AttachmentError, match="binary"):
        read_attachment(path)


def test_a_long_text_file_cut_inside_a_character_by_the_probe_is_still_text(tmp_path) -> None:
    text = "é" * 40_000  # 80,000 bytes: the 64 KiB probe ends inside a character
    assert read_attachment(samples.write(tmp_path, "long.txt", text)).kind == "text"


def test_a_model_that_says_it_takes_no_images_refuses_one(tmp_path: Path) -> None:
    item = read_attachment(samples.write(tmp_path, "a.png", samples.png()))
    with pytest.raises(AttachmentError, match=r"m/text does not take image input \(a\.png\)"):
        check_modalities([item], "m/text", ("text",))


def test_a_model_the_catalog_says_nothing_of_only_warns(tmp_path: Path) -> None:
    item = read_attachment(samples.write(tmp_path, "a.wav", samples.wav()))
    warnings = check_modalities([item], "m/unknown", None)
    assert warnings == [
        "the model list does not say whether m/unknown takes audio input; a.wav is sent anyway"
    ]


def test_a_model_that_takes_the_kind_passes_quietly(tmp_path: Path) -> None:
    item = read_attachment(samples.write(tmp_path, "a.png", samples.png()))
    assert check_modalities([item], "m/vision", ("text", "image")) == []


def test_pdfs_go_to_any_model_unless_the_native_engine_is_asked_for(tmp_path: Path) -> None:
    item = read_attachment(samples.write(tmp_path, "r.pdf", samples.pdf()))
    assert check_modalities([item], "m/text", ("text",)) == []
    with pytest.raises(AttachmentError, match="does not take file input"):
        check_modalities([item], "m/text", ("text",), pdf_engine="native")


def test_text_files_go_to_every_model(tmp_path: Path) -> None:
    item = read_attachment(samples.write(tmp_path, "a.py", "x = 1\n"))
    assert check_modalities([item], "m/text", ("text",)) == []
    assert check_modalities([item], "m/unknown", None) == []


def test_sizes_read_exactly_when_small_and_rounded_when_large() -> None:
    assert human_size(1) == "1 byte"
    assert human_size(2048) == "2,048 bytes"
    assert human_size(20 * 1024) == "20.0 KiB"
    assert human_size(3 * 1024 * 1024 + 1) == "3.0 MiB"


def test_a_chip_line_names_the_file_its_format_and_size(tmp_path: Path) -> None:
    item = read_attachment(samples.write(tmp_path, "a.png", samples.png()))
    assert describe(item) == f"a.png · png · {item.size:,} bytes"
