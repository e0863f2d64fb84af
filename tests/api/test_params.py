"""Request parameters: every one of the reference, checked against its documented range."""

from __future__ import annotations

import math

import pytest

from tui.api.params import PARAMS, ParamError, ParamSpec, parse_param, validate_params

REFERENCE_PARAMS = [
    "models",
    "provider",
    "reasoning",
    "usage",
    "transforms",
    "stream",
    "max_tokens",
    "temperature",
    "seed",
    "top_p",
    "top_k",
    "frequency_penalty",
    "presence_penalty",
    "repetition_penalty",
    "logit_bias",
    "top_logprobs",
    "min_p",
    "top_a",
    "user",
]


def error_of(params: dict) -> str:
    with pytest.raises(ParamError) as info:
        validate_params(params)
    return str(info.value)


# The table


def test_params_lists_every_request_parameter_of_the_reference_in_order() -> None:
    assert list(PARAMS) == REFERENCE_PARAMS


def test_every_param_has_a_short_doc_line() -> None:
    for spec in PARAMS.values():
        assert spec.doc and "\n" not in spec.doc and len(spec.doc) <= 80, spec.name


def test_param_specs_are_frozen() -> None:
    with pytest.raises(AttributeError):
        PARAMS["temperature"].maximum = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "kind", "minimum", "maximum"),
    [
        ("max_tokens", "integer", 1, None),
        ("temperature", "number", 0, 2),
        ("seed", "integer", None, None),
        ("top_p", "number", 0, 1),
        ("top_k", "integer", 0, None),
        ("frequency_penalty", "number", -2, 2),
        ("presence_penalty", "number", -2, 2),
        ("repetition_penalty", "number", 0, 2),
        ("logit_bias", "map", -100, 100),
        ("top_logprobs", "integer", 0, 20),
        ("min_p", "number", 0, 1),
        ("top_a", "number", 0, 1),
        ("user", "string", None, None),
        ("stream", "boolean", None, None),
    ],
)
def test_sampling_params_carry_openrouters_documented_ranges(
    name: str, kind: str, minimum: float | None, maximum: float | None
) -> None:
    spec = PARAMS[name]
    assert (spec.type, spec.minimum, spec.maximum) == (kind, minimum, maximum)


def test_reasoning_effort_offers_high_medium_low() -> None:
    fields = {f.name: f for f in PARAMS["reasoning"].fields}
    assert fields["effort"].choices == ("high", "medium", "low")


def test_param_spec_is_constructible_by_field_name() -> None:
    spec = ParamSpec(name="x", type="number", minimum=0, maximum=1, doc="d", choices=())
    assert spec.maximum == 1


# validate_params: good values


def test_valid_params_come_back_as_a_copy() -> None:
    params = {"temperature": 0.7, "max_tokens": 100, "user": "u-1"}
    cleaned = validate_params(params)
    assert cleaned == params
    assert cleaned is not params


def test_empty_params_are_valid() -> None:
    assert validate_params({}) == {}


@pytest.mark.parametrize("value", [0, 2, 0.0, 2.0, 1.3])
def test_range_ends_are_inclusive(value: float) -> None:
    assert validate_params({"temperature": value}) == {"temperature": value}


def test_int_is_accepted_for_a_number() -> None:
    cleaned = validate_params({"temperature": 1})
    assert cleaned["temperature"] == 1.0 and isinstance(cleaned["temperature"], float)


def test_integer_valued_float_is_accepted_for_an_integer() -> None:
    cleaned = validate_params({"max_tokens": 5.0})
    assert cleaned["max_tokens"] == 5 and isinstance(cleaned["max_tokens"], int)


def test_negative_penalties_are_accepted() -> None:
    assert validate_params({"frequency_penalty": -2, "presence_penalty": -1.5}) == {
        "frequency_penalty": -2.0,
        "presence_penalty": -1.5,
    }


def test_seed_accepts_any_integer() -> None:
    assert validate_params({"seed": -(2**40)}) == {"seed": -(2**40)}


def test_reasoning_object_is_checked_field_by_field() -> None:
    reasoning = {"effort": "low", "max_tokens": 2000.0, "exclude": True}
    assert validate_params({"reasoning": reasoning}) == {
        "reasoning": {"effort": "low", "max_tokens": 2000, "exclude": True}
    }


def test_usage_include_is_accepted() -> None:
    assert validate_params({"usage": {"include": True}}) == {"usage": {"include": True}}


def test_provider_passes_routing_options_beyond_the_reference() -> None:
    provider = {"sort": "price", "order": ["OpenAI"], "allow_fallbacks": False}
    assert validate_params({"provider": provider}) == {"provider": provider}


def test_string_lists_are_accepted_as_lists() -> None:
    cleaned = validate_params({"models": ("a/b", "c/d"), "transforms": ["middle-out"]})
    assert cleaned == {"models": ["a/b", "c/d"], "transforms": ["middle-out"]}


def test_logit_bias_int_keys_become_token_id_strings() -> None:
    assert validate_params({"logit_bias": {50256: -100, "13": 5}}) == {
        "logit_bias": {"50256": -100.0, "13": 5.0}
    }


# validate_params: bad values and their messages


def test_out_of_range_message_names_param_value_and_range() -> None:
    assert error_of({"temperature": 3}) == "temperature must be a number from 0 to 2, got 3"


def test_below_minimum_message_names_the_lower_bound() -> None:
    assert error_of({"max_tokens": 0}) == "max_tokens must be an integer of at least 1, got 0"


def test_integer_range_message_names_both_bounds() -> None:
    assert error_of({"top_logprobs": 21}) == (
        "top_logprobs must be an integer from 0 to 20, got 21"
    )


def test_negative_range_message_shows_negative_bound() -> None:
    assert "from -2 to 2, got -2.5" in error_of({"presence_penalty": -2.5})


@pytest.mark.parametrize("name", ["temperature", "top_k", "max_tokens", "min_p"])
def test_bools_are_not_numbers(name: str) -> None:
    assert error_of({name: True}).endswith("got true")


def test_string_is_not_a_number() -> None:
    assert error_of({"top_p": "0.5"}) == 'top_p must be a number from 0 to 1, got "0.5"'


def test_fractional_float_is_not_an_integer() -> None:
    assert error_of({"top_k": 2.5}) == "top_k must be an integer of at least 0, got 2.5"


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf])
def test_non_finite_numbers_are_rejected(value: float) -> None:
    assert error_of({"temperature": value}).startswith("temperature must be a number")


def test_non_finite_float_is_not_an_integer() -> None:
    assert error_of({"seed": math.inf}).startswith("seed must be an integer")


def test_null_is_rejected() -> None:
    assert error_of({"temperature": None}).endswith("got null")


def test_stream_must_be_a_bool() -> None:
    assert error_of({"stream": "yes"}) == 'stream must be true or false, got "yes"'


def test_user_must_be_a_string() -> None:
    assert error_of({"user": 5}) == "user must be a string, got 5"


def test_reasoning_effort_outside_choices_is_rejected() -> None:
    assert error_of({"reasoning": {"effort": "max"}}) == (
        'reasoning.effort must be one of high, medium, low, got "max"'
    )


def test_nested_field_error_names_the_dotted_path() -> None:
    assert error_of({"usage": {"include": 1}}) == "usage.include must be true or false, got 1"


def test_unknown_nested_field_suggests_close_matches() -> None:
    assert error_of({"reasoning": {"efort": "low"}}) == (
        'unknown field of reasoning "efort"; did you mean effort?'
    )


def test_object_param_must_be_an_object() -> None:
    assert error_of({"provider": "OpenAI"}) == 'provider must be an object, got "OpenAI"'


def test_string_list_rejects_a_bare_string() -> None:
    assert "transforms must be a list of non-empty strings" in error_of(
        {"transforms": "middle-out"}
    )


def test_string_list_rejects_non_strings() -> None:
    assert "models must be a list of non-empty strings" in error_of({"models": ["a/b", 3]})


def test_logit_bias_value_out_of_range_is_rejected() -> None:
    assert error_of({"logit_bias": {"42": 101}}) == (
        "logit_bias[42] must be a number from -100 to 100, got 101"
    )


def test_logit_bias_key_must_be_a_token_id() -> None:
    assert error_of({"logit_bias": {"hello": 1}}) == (
        'logit_bias keys must be token ids (digits), got "hello"'
    )


def test_unknown_param_lists_close_matches() -> None:
    assert error_of({"temprature": 0.5}) == (
        'unknown parameter "temprature"; did you mean temperature?'
    )


def test_unknown_param_without_close_match_lists_the_known_ones() -> None:
    message = error_of({"zzzz": 1})
    assert message.startswith('unknown parameter "zzzz"; known: models, provider')


def test_long_bad_value_is_shortened_in_the_message() -> None:
    message = error_of({"user": ["x" * 500]})
    assert message.endswith("...") and len(message) < 120


@pytest.mark.parametrize(
    ("name", "hint"),
    [("model", "--model"), ("messages", "conversation"), ("prompt", "parley ask")],
)
def test_request_fields_are_not_params_and_say_what_sets_them(name: str, hint: str) -> None:
    message = error_of({name: "x"})
    assert message.startswith(f"{name} is not a request parameter") and hint in message


# parse_param


def test_parse_param_parses_json_numbers() -> None:
    assert parse_param("temperature=0.7") == ("temperature", 0.7)


def test_parse_param_parses_json_objects() -> None:
    assert parse_param('reasoning={"effort": "high"}') == ("reasoning", {"effort": "high"})


def test_parse_param_parses_json_booleans() -> None:
    assert parse_param("stream=false") == ("stream", False)


def test_parse_param_keeps_non_json_as_a_string() -> None:
    assert parse_param("provider=OpenAI") == ("provider", "OpenAI")


def test_parse_param_splits_at_the_first_equals_sign() -> None:
    assert parse_param("user=a=b") == ("user", "a=b")


def test_parse_param_keeps_a_string_params_text_as_typed() -> None:
    assert parse_param("user=123") == ("user", "123")


def test_parse_param_reads_a_json_string_for_a_string_param() -> None:
    assert parse_param('user="quoted"') == ("user", "quoted")


def test_parse_param_reads_comma_separated_text_as_a_string_list() -> None:
    assert parse_param("models=openai/gpt-4o, anthropic/claude-3.5-sonnet") == (
        "models",
        ["openai/gpt-4o", "anthropic/claude-3.5-sonnet"],
    )


def test_parse_param_reads_a_json_string_as_a_one_item_string_list() -> None:
    assert parse_param('transforms="middle-out"') == ("transforms", ["middle-out"])


def test_parse_param_reads_a_json_list() -> None:
    assert parse_param('transforms=["middle-out"]') == ("transforms", ["middle-out"])


def test_parse_param_strips_spaces_around_the_key() -> None:
    assert parse_param(" top_k =40") == ("top_k", 40)


def test_parse_param_empty_value_is_an_empty_string() -> None:
    assert parse_param("user=") == ("user", "")


def test_parse_param_without_equals_is_an_error() -> None:
    with pytest.raises(ParamError, match="KEY=VALUE"):
        parse_param("temperature")


def test_parse_param_with_empty_key_is_an_error() -> None:
    with pytest.raises(ParamError, match="KEY=VALUE"):
        parse_param("=0.7")


def test_parsed_param_validates_end_to_end() -> None:
    key, value = parse_param("temperature=3")
    with pytest.raises(ParamError, match="temperature must be a number from 0 to 2, got 3"):
        validate_params({key: value})


def test_param_error_is_a_value_error() -> None:
    assert issubclass(ParamError, ValueError)
