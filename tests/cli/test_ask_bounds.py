"""`parley ask` against hostile replies: floods, deep JSON and non-completions fail cleanly."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tui.sim.bounds import PARTIAL

MiB = 1024 * 1024


def last_answer(history):
    return history(lambda store: store.messages(1))[-1]


@pytest.mark.parametrize("model", ["sim/endless-line", "sim/huge-event"])
def test_a_flood_ends_as_a_broken_stream_exit_6_keeping_the_partial(parley, history, model):
    result = parley("ask", "-m", model, "hello")
    assert result.code == 6
    assert result.out == PARTIAL + "\n"
    assert "longer than 8 MiB" in result.err
    assistant = last_answer(history)
    assert (assistant.status, assistant.content) == ("error", PARTIAL)


# The child reports its own peak RSS: ru_maxrss of a forked child counts the parent's pages
# too, while VmHWM belongs to the memory of the program the child runs.
_REPORT_PEAK = """
import re, sys
from tui.cli import main
code = main(sys.argv[1:])
status = open("/proc/self/status").read()
print("peak-kb", re.search(r"VmHWM:\\s+(\\d+)", status).group(1), file=sys.stderr)
sys.exit(code)
"""


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_an_endless_line_keeps_the_process_small(simulator, isolated_env):
    """Once 7 GB in 30 s: the decoder now holds at most 8 MiB of a line."""
    args = ["ask", "--base-url", simulator.base_url, "-m", "sim/endless-line", "hello"]
    done = subprocess.run(
        [sys.executable, "-c", _REPORT_PEAK, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ),
    )
    assert done.returncode == 6, done.stderr
    assert done.stdout.startswith(PARTIAL.rstrip())
    peak = int(done.stderr.rsplit("peak-kb ", 1)[1].split()[0]) * 1024
    assert peak < 150 * MiB  # Python, the imports and at most one 8 MiB line, not gigabytes


def test_a_deep_json_event_is_a_malformed_event_not_a_crash(parley, history):
    result = parley("ask", "-m", "sim/deep-json", "hello")
    assert result.code == 6  # skipped, and then the body ended without a finish
    assert "RecursionError" not in result.err and "Traceback" not in result.err
    assert result.out.strip() == PARTIAL.strip()
    assert last_answer(history).status == "error"


def test_a_deep_json_reply_is_a_bad_response_exit_1(parley, history):
    result = parley("ask", "--no-stream", "-m", "sim/deep-json", "hello")
    assert result.code == 1
    assert "nested too deeply" in result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    ("model", "words"),
    [
        ("sim/shape-choices-string", "choices is a string"),
        ("sim/shape-choices-empty", "choices is empty"),
        ("sim/shape-message-null", "message is null"),
        ("sim/shape-content-number", "content is a number"),
        ("sim/shape-text-number", "text is a number"),
    ],
)
@pytest.mark.parametrize("stream", [False, True])
def test_a_reply_that_is_not_a_completion_is_an_error_exit_1(parley, history, model, words, stream):
    args = ["ask", "-m", model, "hello"] if stream else ["ask", "--no-stream", "-m", model, "hi"]
    result = parley(*args)
    assert result.code == 1
    assert "not a completion" in result.err and words in result.err
    assistant = last_answer(history)
    assert (assistant.status, assistant.error_kind) == ("error", "bad_response")
