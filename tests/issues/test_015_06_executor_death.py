"""Issue 15, finding 6: SIGKILL of a query process in the middle of a query answered 500. Now the
read is tried once more on a fresh process; if that one is killed too, the answer is 503 with
``Retry-After``. The pool replaces the processes either way."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest

from tests.conftest import LiveServer, serving

pytestmark = pytest.mark.server
# about 1.7 s on the seed graph: a cross product counted
SLOW = "SELECT (COUNT(*) AS ?n) { ?a a gsi:Passage . ?b a gsi:Passage . ?m a oa:Annotation }"


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[LiveServer]:
    env = {"GSIKG_WORKERS": "1", "GSIKG_EXECUTORS": "1", "GSIKG_CACHE_ENTRIES": "0"}
    with serving(built, env=env) as running:
        yield running


def executors(server_pid: int) -> list[int]:
    """The query processes of the server (``python -m kg.read.worker`` below it)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read().split(b"\0")
            with open(f"/proc/{entry}/stat", encoding="ascii") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{parent}/stat", encoding="ascii") as stat:
                grandparent = int(stat.read().rsplit(")", 1)[1].split()[1])
        except OSError:
            continue
        if b"kg.read.worker" in command and grandparent == server_pid:
            found.append(int(entry))
    return found


def killing(server: LiveServer, times: int) -> threading.Thread:
    """A thread that SIGKILLs the busy query process ``times`` times, 0.4 s into each run."""

    def kill() -> None:
        for _ in range(times):
            time.sleep(0.4)
            for pid in executors(server.process.pid):
                os.kill(pid, signal.SIGKILL)

    thread = threading.Thread(target=kill)
    thread.start()
    return thread


def get(server: LiveServer, query: str) -> tuple[int, Message, bytes]:
    url = server.url + "/sparql?" + urllib.parse.urlencode({"query": query})
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_a_killed_query_process_is_replaced_and_the_read_tried_again(server: LiveServer) -> None:
    thread = killing(server, 1)
    status, _, body = get(server, SLOW)
    thread.join()
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"]


def test_killed_twice_is_a_503_to_retry(server: LiveServer) -> None:
    thread = killing(server, 2)
    status, headers, body = get(server, SLOW + " # again")
    thread.join()
    assert status == 503 and headers.get("Retry-After"), body
    assert "stopped from outside" in json.loads(body)["message"]
    deadline = time.monotonic() + 10
    while not executors(server.process.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert get(server, "ASK { ?s ?p ?o }")[0] == 200
