"""Issue 15, finding 1: a ``\\`` escape before ``#`` in an IRI made the SERVICE check skip the rest
of the line, so ``SERVICE`` could reach any host and port. Now no query, however written, makes
the server connect to a host not on the allowlist; and, in depth, the query processes cannot open
a network connection at all when the allowlist is empty (a seccomp filter)."""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import GsiKgError, QueryError
from kg.read.reader import Reader
from kg.read.service import Limits, ReadService
from kg.read.sparql import SparqlRequest, answer_query
from kg.releases import resolve_release
from tests.conftest import LiveServer
from tests.loopback import Listener, listening
from tests.test_tokenizer import hostile_queries

pytestmark = pytest.mark.server
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    with listening() as running:
        yield running


def status_of(server: LiveServer, query: str) -> int:
    url = server.url + "/sparql?" + urllib.parse.urlencode({"query": query})
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def test_the_reported_bypass_is_refused(live_server: LiveServer, listener: Listener) -> None:
    query = (
        "SELECT * { BIND(<http://e/\\u0061#> AS ?d) "
        f"SERVICE <{listener.url}admin> {{ ?s ?p ?o }} }}"
    )
    listener.clear()
    assert status_of(live_server, query) == 403
    assert listener.seen() == []


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_obfuscated_query_reaches_the_listener(
    live_server: LiveServer, listener: Listener, data: st.DataObject
) -> None:
    query = data.draw(hostile_queries(listener.port))
    listener.clear()
    status = status_of(live_server, query)
    assert status < 500, query
    assert listener.seen() == [], query


def connect(reader: Reader, port: int) -> str:
    """A read that tries to open a TCP connection itself (run in an executor)."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError as error:
        return f"refused: {error}"
    return "connected"


def test_query_processes_cannot_open_network_connections(built: Path, listener: Listener) -> None:
    """Past the policy check (this calls the read directly), the engine still cannot connect."""
    release = resolve_release(built)
    reads = ReadService(Limits(10, 100, 1 << 20, memory=1 << 30, network=False), executors=1)
    listener.clear()
    try:
        assert reads.run(release, connect, listener.port).startswith("refused: ")
        service = SparqlRequest(f"SELECT * {{ SERVICE <{listener.url}x> {{ ?s ?p ?o }} }}", JSON)
        with pytest.raises(QueryError, match="not permitted"):
            reads.run(release, answer_query, service)
    finally:
        reads.close()
    assert listener.seen() == []


def test_with_an_allowlist_the_query_processes_may_connect(built: Path, listener: Listener) -> None:
    """The filter is what stops them: with federation allowed, the same read connects."""
    release = resolve_release(built)
    reads = ReadService(Limits(10, 100, 1 << 20, memory=1 << 30, network=True), executors=1)
    listener.clear()
    try:
        assert reads.run(release, connect, listener.port) == "connected"
    except GsiKgError as error:
        pytest.fail(error.message)
    finally:
        reads.close()
    assert len(listener.seen()) == 1
