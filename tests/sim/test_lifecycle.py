"""The simulator's own settings (require_key, time_scale) and its start and stop."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.simulator import Simulator

from .replies import GOOD_KEY, SHORT_READ, datas, post

# -- require_key, time_scale, lifecycle --------------------------------------------------------


@pytest.fixture(scope="module")
def locked() -> Iterator[Simulator]:
    with Simulator(require_key="sk-or-v1-good", time_scale=0.0) as sim:
        yield sim


@pytest.mark.parametrize(
    ("headers", "message"),
    [({}, "No auth credentials found"), ({"Authorization": "Bearer sk-bad"}, "Invalid API key")],
)
def test_require_key_refuses_a_missing_or_wrong_key(http, locked, headers, message):
    response = post(http, "sim/normal", path=locked.base_url + "/chat/completions", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["message"].startswith(message)


def test_require_key_accepts_the_right_key(http, locked):
    url = locked.base_url + "/chat/completions"
    assert post(http, "sim/normal", path=url, headers=GOOD_KEY).status_code == 200


def test_require_key_leaves_the_public_model_list_open(http, locked):
    assert http.get(locked.base_url + "/models").status_code == 200


def test_time_scale_shrinks_every_delay(http, locked):
    url = locked.base_url + "/chat/completions"
    raw = post(http, "sim/stall:stall=30", path=url, headers=GOOD_KEY, timeout=SHORT_READ).content
    assert datas(raw)[-1] == "[DONE]"


def test_the_context_manager_stops_listening_on_exit(http):
    with Simulator() as sim:
        port = sim.port
        assert http.get(sim.base_url + "/models").status_code == 200
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def test_python_m_tui_simulator_serves_until_stopped(http):
    command = [sys.executable, "-m", "tui.simulator", "--port", "0"]
    root = Path(__file__).resolve().parents[2]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=root) as process:
        try:
            assert process.stdout is not None
            url = re.search(r"http://\S+/api/v1", process.stdout.readline()).group(0)
            assert http.get(url + "/models").status_code == 200
        finally:
            process.terminate()
