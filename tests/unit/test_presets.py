"""Presets: saved to presets.toml beside config.toml, read back exactly, broken files explained."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tui.presets import (
    Preset,
    PresetError,
    delete_preset,
    dump_presets,
    load_presets,
    presets_path,
    save_preset,
)

RICH = Preset(
    params={
        "temperature": 0.7,
        "top_k": 40,
        "seed": -3,
        "stream": False,
        "models": ["openai/gpt-4o", "anthropic/claude-3.5-sonnet"],
        "transforms": ["middle-out"],
        "reasoning": {"effort": "high", "exclude": True},
        "provider": {"sort": "price", "allow_fallbacks": False, "data_collection": "deny"},
        "min_p": 1e-05,
    },
    system='You are "terse".\nUse \\ sparingly\t— and ünïcödé 🦜.\x7f',
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "presets.toml"


def test_presets_live_beside_config_toml(tmp_path: Path) -> None:
    assert presets_path(tmp_path / "config.toml") == tmp_path / "presets.toml"


def test_no_file_means_no_presets(path: Path) -> None:
    assert load_presets(path) == {}


def test_a_preset_round_trips_with_every_kind_of_value(path: Path) -> None:
    save_preset(path, "rich", RICH)
    assert load_presets(path) == {"rich": RICH}


@pytest.mark.parametrize(
    "name",
    ["creative writing", 'say "hi"', "back\\slash", "ünïcödé ✨ 日本語", "a.b", "[x]", "#1", "="],
)
def test_odd_names_round_trip(path: Path, name: str) -> None:
    save_preset(path, name, Preset({"temperature": 1.0}, None))
    assert list(load_presets(path)) == [name]


def test_a_preset_without_params_or_system_round_trips(path: Path) -> None:
    save_preset(path, "empty", Preset())
    assert load_presets(path) == {"empty": Preset({}, None)}


def test_an_empty_system_prompt_is_kept_distinct_from_none(path: Path) -> None:
    save_preset(path, "blank", Preset({}, ""))
    assert load_presets(path)["blank"].system == ""


def test_saving_keeps_the_other_presets_in_order(path: Path) -> None:
    for name in ("one", "two", "three"):
        save_preset(path, name, Preset({"seed": 1}, name))
    save_preset(path, "two", Preset({"seed": 2}, "again"))
    presets = load_presets(path)
    assert list(presets) == ["one", "two", "three"]
    assert presets["two"] == Preset({"seed": 2}, "again")


def test_the_name_is_trimmed(path: Path) -> None:
    save_preset(path, "  spaced  ", Preset())
    assert list(load_presets(path)) == ["spaced"]


@pytest.mark.parametrize("name", ["", "   ", "tab\there"])
def test_blank_names_and_control_characters_are_refused(path: Path, name: str) -> None:
    with pytest.raises(PresetError):
        save_preset(path, name, Preset())
    assert not path.exists()


def test_an_invalid_parameter_is_refused_naming_it(path: Path) -> None:
    with pytest.raises(PresetError, match="temperature must be a number from 0 to 2"):
        save_preset(path, "hot", Preset({"temperature": 5}))
    assert not path.exists()


def test_delete_removes_only_that_preset(path: Path) -> None:
    save_preset(path, "keep", Preset({"seed": 1}))
    save_preset(path, "drop", Preset({"seed": 2}))
    assert delete_preset(path, "drop") is True
    assert list(load_presets(path)) == ["keep"]


def test_deleting_a_missing_preset_says_so_and_writes_nothing(path: Path) -> None:
    assert delete_preset(path, "nothing") is False
    assert not path.exists()


def test_the_written_file_is_readable_toml_with_a_header(path: Path) -> None:
    save_preset(path, "rich", RICH)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Parley's parameter presets")
    assert tomllib.loads(text)["rich"]["params"]["provider"]["sort"] == "price"


def test_dump_escapes_control_characters_and_quotes() -> None:
    text = dump_presets({'q"\n': Preset({}, "\x00\x1b\x7f")})
    assert tomllib.loads(text) == {'q"\n': {"system": "\x00\x1b\x7f"}}


def test_a_lone_surrogate_is_refused_rather_than_written(path: Path) -> None:
    with pytest.raises(PresetError, match="surrogate"):
        save_preset(path, "bad\udc80", Preset())


def test_broken_toml_names_the_file_and_line(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('[ok]\nsystem = "fine"\n\n[broken\n', encoding="utf-8")
    with pytest.raises(PresetError) as caught:
        load_presets(path)
    assert str(path) in str(caught.value)
    assert "line 4" in str(caught.value)


def test_a_bad_parameter_in_the_file_names_file_line_preset_and_range(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("[a]\n\n[b]\n[b.params]\ntemperature = 9\n", encoding="utf-8")
    with pytest.raises(PresetError) as caught:
        load_presets(path)
    message = str(caught.value)
    assert f"{path}, line 3: preset 'b'" in message
    assert "temperature must be a number from 0 to 2, got 9" in message


def test_a_preset_that_is_not_a_table_is_explained(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('# presets\nhot = "yes"\n', encoding="utf-8")
    with pytest.raises(PresetError, match=r"line 2: preset 'hot' must be a table"):
        load_presets(path)


def test_an_unknown_setting_in_a_preset_is_named(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text('[p]\nsytem = "x"\n', encoding="utf-8")
    with pytest.raises(PresetError, match="unknown setting 'sytem'"):
        load_presets(path)


def test_a_non_utf8_file_is_explained(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b'[p]\nsystem = "\xff"\n')
    with pytest.raises(PresetError, match="not UTF-8"):
        load_presets(path)


def test_a_broken_file_is_never_overwritten_by_a_save(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text("[broken\n", encoding="utf-8")
    with pytest.raises(PresetError):
        save_preset(path, "new", Preset())
    assert path.read_text(encoding="utf-8") == "[broken\n"
