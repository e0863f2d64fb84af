"""A continued answer's new text is joined to the old at a boundary that reads right."""

from __future__ import annotations

import pytest

from tui.api.events import ContentDelta, KeepAlive
from tui.continuation import Joint, separator


@pytest.mark.parametrize(
    ("before", "after", "gap"),
    [
        ("…learn more.", "## Parley's keys", "\n\n"),
        ("…learn more.", "```python\nx = 1\n```", "\n\n"),
        ("…as follows:", "- one", "\n\n"),
        ("…as follows:", "1. one", "\n\n"),
        ("…learn more.", "#", "\n\n"),
        ("…learn more.", "**Note**", " "),
        ("…learn more.", "Then press f1.", " "),
        ("It stops, and", ", then", ""),
        ("…the answer is Parl", "ey.", ""),
        ("…written by the", "Parley team.", " "),
        ("…learn more.\n", "## Keys", ""),
        ("…learn more.", " Then", ""),
        ("", "## Keys", ""),
        ("…learn more.", "", ""),
    ],
)
def test_the_separator_fits_the_text(before, after, gap):
    assert separator(before, after) == gap


def test_only_the_first_text_is_fixed():
    joint = Joint("…learn more.")
    assert joint.fix(KeepAlive(": x")) == KeepAlive(": x")
    assert joint.fix(ContentDelta("")) == ContentDelta("")
    assert joint.fix(ContentDelta("## Keys")) == ContentDelta("\n\n## Keys")
    assert joint.fix(ContentDelta("# More")) == ContentDelta("# More")
