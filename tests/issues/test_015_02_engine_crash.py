"""Issue 15, finding 2: the escape trick got 5,000 nested brackets or 20,000 operators past the
limits, and a 660 KB query of 60,000 triple patterns killed the query process: 500 each time.
The limits are now counted on the real tokens, and a query that still crashes the engine gets a
4xx naming the cause."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.read.service import Limits, ReadService
from kg.read.sparql import SparqlRequest, answer_query
from kg.releases import resolve_release
from tests.conftest import LiveServer, serving

pytestmark = pytest.mark.server
TRICK = "BIND(<http://e/\\u0061#> AS ?d) "
NESTED = "SELECT * WHERE { " + TRICK + "{" * 5000 + "?s ?p ?o" + "}" * 5000 + " }"
OPERATORS = "SELECT * WHERE { " + TRICK + "FILTER(" + " + ".join(["1"] * 20000) + " > 0) }"
PATTERNS = "SELECT * WHERE { " + " . ".join(f"?s{i} ?p ?o{i}" for i in range(60000)) + " }"


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[LiveServer]:
    with serving(built, env={"GSIKG_QUERY_TIMEOUT": "3"}) as running:
        yield running


def post(server: LiveServer, query: str) -> tuple[int, str]:
    request = urllib.request.Request(
        server.url + "/sparql",
        data=query.encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())["message"]


@pytest.mark.parametrize(
    ("query", "message"), [(NESTED, "nested too deeply"), (OPERATORS, "too complex")]
)
def test_limits_are_counted_on_the_real_tokens(
    server: LiveServer, query: str, message: str
) -> None:
    status, said = post(server, query)
    assert status == 400 and message in said


def test_sixty_thousand_triple_patterns_are_a_4xx(server: LiveServer) -> None:
    assert len(PATTERNS.encode()) > 600_000
    status, said = post(server, PATTERNS)
    assert 400 <= status < 500, (status, said)
    assert post(server, "ASK { ?s ?p ?o }")[0] == 200


def crash(reader: object) -> None:
    """A read that kills its executor the way an engine crash does."""
    import os
    import signal

    os.kill(os.getpid(), signal.SIGSEGV)


def test_an_engine_crash_is_the_querys_fault(built: Path) -> None:
    reads = ReadService(Limits(10, 100, 1 << 20, memory=1 << 30), executors=1)
    release = resolve_release(built)
    try:
        with pytest.raises(QueryError, match=r"crashed the query engine \(SIGSEGV"):
            reads.run(release, crash)
        request = SparqlRequest("ASK { ?s ?p ?o }", "application/sparql-results+json")
        assert b"true" in reads.run(release, answer_query, request).body  # replaced, serving
    finally:
        reads.close()
