"""Issue 15, finding 4: 16 connections that sent their headers and 3 bytes of a 100 KB body, then
waited, froze the server (every request timed out, ``/health`` included). Bodies are now read in
the event loop (endpoint/front.py): 256 such connections leave ``/health`` and a cached query
answering at once, and each stalled client gets 408 at the body time limit."""

from __future__ import annotations

import socket
import statistics
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import LiveServer, serving

pytestmark = pytest.mark.server
STALLED = 256
CACHED = "/sparql?" + urllib.parse.urlencode({"query": "ASK { ?s a gsi:Passage }"})


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[LiveServer]:
    with serving(built, env={"GSIKG_BODY_TIMEOUT": "4"}) as running:
        yield running


def seconds(url: str) -> float:
    began = time.monotonic()
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        response.read()
    return time.monotonic() - began


def test_stalled_bodies_hold_no_thread_and_get_408(server: LiveServer) -> None:
    seconds(server.url + CACHED)  # cached from now on
    stalled = []
    try:
        for _ in range(STALLED):
            connection = socket.create_connection(("127.0.0.1", server.port), timeout=10)
            connection.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/sparql-query\r\nContent-Length: 100000\r\n\r\nASK"
            )
            stalled.append(connection)
        time.sleep(0.5)
        probes = [seconds(server.url + path) for path in ("/health", CACHED) * 5]
        assert statistics.median(probes) < 0.1 and max(probes) < 1.0, probes
        answers = [connection.recv(200) for connection in stalled[:8]]  # at the 4 s limit
        assert all(answer.startswith(b"HTTP/1.1 408") for answer in answers), answers[:2]
    finally:
        for connection in stalled:
            connection.close()
