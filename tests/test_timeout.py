"""The query time limit, end to end: a slow query is stopped at the limit with 422 (not a 5xx,
which would invite retries) while another client's queries are answered, and the server goes on
afterwards. Also: SERVICE and updates are refused over real HTTP."""

from __future__ import annotations

import json
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

LIMIT = 2.0
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = "SELECT (COUNT(*) AS ?n) WHERE { ?p a gsi:Passage }"


@pytest.fixture(scope="module")
def limited_server(built: Path) -> Iterator[LiveServer]:
    """One worker process (so the slow and the quick query share it) with a 2 s limit."""
    env = {"GSIKG_QUERY_TIMEOUT": str(LIMIT), "GSIKG_WORKERS": "1", "GSIKG_CACHE_ENTRIES": "0"}
    with serving(built, env=env) as server:
        yield server


def ask(server: LiveServer, query: str, timeout: float = 30) -> tuple[int, bytes, float]:
    status, body, seconds, _ = ask_with_headers(server, query, timeout)
    return status, body, seconds


def ask_with_headers(
    server: LiveServer, query: str, timeout: float = 30
) -> tuple[int, bytes, float, Message]:
    url = f"{server.url}/sparql?" + urllib.parse.urlencode({"query": query})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            body = response.read()
            return response.status, body, time.monotonic() - started, response.headers
    except urllib.error.HTTPError as exc:
        body = exc.read()
        headers = exc.headers
        exc.close()
        return exc.code, body, time.monotonic() - started, headers


def test_slow_query_is_stopped_while_others_are_answered(limited_server: LiveServer) -> None:
    ask(limited_server, QUICK)  # warm: executors started, store open
    slow: dict[str, object] = {}

    def run_slow() -> None:
        slow["status"], slow["body"], slow["seconds"] = ask(limited_server, SLOW)

    thread = threading.Thread(target=run_slow)
    thread.start()
    time.sleep(0.3)
    quick = []
    while thread.is_alive() and len(quick) < 20:
        status, body, seconds = ask(limited_server, QUICK)
        quick.append((status, seconds, thread.is_alive()))
        assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"]
    thread.join()
    assert any(still_running for _, _, still_running in quick), "answered while slow ran"
    assert all(seconds < 1.0 for _, seconds, _ in quick)
    assert slow["status"] == 422
    message = json.loads(slow["body"])["message"]  # type: ignore[arg-type]
    assert "time limit of 2 s" in message and "LIMIT" in message
    assert LIMIT <= float(slow["seconds"]) < LIMIT + 1.0  # type: ignore[arg-type]
    assert ask(limited_server, QUICK)[0] == 200  # the killed executor was replaced


def test_three_slow_queries_at_once_all_stop(limited_server: LiveServer) -> None:
    results: list[tuple[int, bytes, float, Message]] = []
    threads = [
        threading.Thread(target=lambda: results.append(ask_with_headers(limited_server, SLOW)))
        for _ in range(3)  # one more than the worker's two executors: it waits for one
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(status for status, _, _, _ in results)
    # The two that ran are stopped (422); the third waited for the whole limit and either never
    # ran (503, with Retry-After: the server was busy) or got an executor at the very end (422).
    assert statuses[:2] == [422, 422] and statuses[2] in (422, 503)
    for status, _, _, headers in results:
        assert (status == 503) == ("Retry-After" in headers)
    assert all(seconds < LIMIT + 1.0 for _, _, seconds, _ in results)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "INSERT DATA { <http://a> <http://b> <http://c> }",
    ],
)
def test_service_and_updates_are_refused(limited_server: LiveServer, query: str) -> None:
    status, body, _ = ask(limited_server, query)
    assert status == 403
    assert json.loads(body)["error"] == "Forbidden"
