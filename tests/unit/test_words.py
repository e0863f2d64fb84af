"""Counts printed to people agree with their noun: 1 token, 2 tokens."""

from __future__ import annotations

import dataclasses

import pytest

from tui.controllers.message_views import provenance
from tui.model_list import UNKNOWN
from tui.store import Message
from tui.widgets.model_details import _tokens
from tui.words import count_of


@pytest.mark.parametrize(
    ("count", "shown"), [(0, "0 tokens"), (1, "1 token"), (2, "2 tokens"), (1234, "1,234 tokens")]
)
def test_count_of_agrees_with_the_count(count, shown):
    assert count_of(count, "token") == shown


def test_an_irregular_plural_can_be_given():
    assert count_of(3, "reply", "replies") == "3 replies" and count_of(1, "reply") == "1 reply"


def _message(**fields) -> Message:
    blank = {f.name: None for f in dataclasses.fields(Message)}
    base = dict(blank, id=1, conversation_id=1, seq=2, role="assistant", content="x")
    return Message(
        **(base | dict(status="complete", params={}, created_at=0, updated_at=0) | fields)
    )


@pytest.mark.parametrize(("tokens", "shown"), [(1, "1 token"), (7, "7 tokens")])
def test_the_message_footer_says_1_token(tokens, shown):
    footer = provenance(_message(model_requested="m", completion_tokens=tokens))
    assert footer == f"m · {shown}"


def test_the_model_details_context_says_1_token():
    assert _tokens(1) == "1 token" and _tokens(None) == UNKNOWN
    assert _tokens(128000) == "128,000 tokens (128k)"
