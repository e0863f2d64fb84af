"""The reasoning parameter as the reference has it, and which models take it."""

from __future__ import annotations

import pytest

from tui.api.params import PARAMS, ParamError, supported_params, validate_params


def test_reasoning_has_effort_max_tokens_exclude_and_enabled() -> None:
    assert [f.name for f in PARAMS["reasoning"].fields] == [
        "effort",
        "max_tokens",
        "exclude",
        "enabled",
    ]


def test_enabled_is_a_boolean() -> None:
    assert validate_params({"reasoning": {"enabled": False}}) == {"reasoning": {"enabled": False}}
    with pytest.raises(ParamError, match=r"reasoning\.enabled must be true or false"):
        validate_params({"reasoning": {"enabled": "yes"}})


@pytest.mark.parametrize(
    "listed",
    [["reasoning"], ["include_reasoning"], ["reasoning", "include_reasoning", "temperature"]],
)
def test_a_model_listing_reasoning_or_include_reasoning_takes_reasoning(listed) -> None:
    supported = supported_params(listed)
    assert supported is not None and "reasoning" in supported
    assert set(listed) <= supported


def test_a_model_without_either_does_not_take_reasoning() -> None:
    assert "reasoning" not in (supported_params(["temperature", "top_p"]) or ())


@pytest.mark.parametrize("listed", [None, []])
def test_an_unknown_list_leaves_nothing_out(listed) -> None:
    assert supported_params(listed) is None
