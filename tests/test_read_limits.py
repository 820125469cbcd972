"""Every kind of read goes through the one door: made slow on purpose, it is stopped at the time
limit with a 4xx, and the server answers other clients meanwhile.

The slow reads are real, on the 20× generated corpus (bench/generate.py); uncached, measured
in-process on the development machine: the concept page of the most mentioned concept 0.09 s,
a search 0.2 s, the ``cooccurring-concepts`` canned query with ``min=1`` (not its default, whose
answer the build stores) about 3 s; on the build's first,
uncompacted publication (which has no files of precomputed answers yet) the VoID statistics 6 s
and the whole co-occurrence export 2.5 s. Each server runs with a time limit several times below
the read's; while the slow request waits, another client keeps asking ``/health`` and a cached
query, and each answer must come at once.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import LiveServer, serving

pytestmark = pytest.mark.server

CACHED = "/sparql?query=" + urllib.parse.quote("ASK { ?s a gsi:Document }")
SLOW_PAGE = "/concept/traditional-security"  # the most mentioned concept of the 20× corpus
# A parameter value other than the default: the query runs on the store.
SLOW_CANNED = "/queries/cooccurring-concepts?min=1&format=json&limit=100"


def first_publication(out: Path) -> Path:
    """The release a build published first: uncompacted, without the precomputed files."""
    [release] = [r for r in (out / "releases").iterdir() if not r.name.endswith("-compacted")]
    return release


@pytest.fixture(scope="module")
def limited(built_20x: Path) -> Iterator[LiveServer]:
    """The 20× graph's first publication served with a half-second time limit."""
    with serving(first_publication(built_20x), env={"GSIKG_QUERY_TIMEOUT": "0.5"}) as server:
        yield server


@pytest.fixture(scope="module")
def tightly_limited(built_20x: Path) -> Iterator[LiveServer]:
    """The 20× graph served with a 20 ms time limit."""
    with serving(built_20x, env={"GSIKG_QUERY_TIMEOUT": "0.02"}) as server:
        yield server


def get(url: str, accept: str = "application/json") -> tuple[int, str, bytes]:
    """Status, content type and body of a GET (errors included)."""
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.headers["Content-Type"], response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read()


@dataclass
class Bystander:
    """Another client asking cheap things in a loop; each answer's status and seconds."""

    base: str
    answers: list[tuple[int, float]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        deadline = time.monotonic() + 60  # bounded, whatever happens to the slow request
        while not self.stop.is_set() and time.monotonic() < deadline:
            for path in ("/health", CACHED):
                began = time.monotonic()
                status = get(self.base + path)[0]
                self.answers.append((status, time.monotonic() - began))
            time.sleep(0.01)


def stopped_while_others_are_answered(
    server: LiveServer, path: str, accept: str = "application/json"
) -> tuple[int, str, bytes]:
    """GET ``path`` while a bystander asks cheap things; check the bystander was answered at
    once throughout; return the slow request's status, content type and body."""
    assert answered(server.url + CACHED)  # warm: the executors are up, the answer cached
    bystander = Bystander(server.url)
    thread = threading.Thread(target=bystander.run)
    thread.start()
    try:
        status, content_type, body = get(server.url + path, accept)
    finally:
        bystander.stop.set()
        thread.join(timeout=70)
    assert bystander.answers, "the other client got no answer while the read ran"
    assert all(s == 200 for s, _ in bystander.answers), bystander.answers
    assert max(seconds for _, seconds in bystander.answers) < 1.0, bystander.answers
    # and the server goes on answering reads afterwards (the stopped executor was replaced)
    fresh = "/sparql?query=" + urllib.parse.quote(f"ASK {{ ?s ?p {len(path)} }}")
    assert answered(server.url + fresh)
    return status, content_type, body


def answered(url: str, attempts: int = 20) -> bool:
    """Whether a GET of ``url`` gets 200 within a few attempts: a read's first run in a fresh
    executor also waits for it to start, which a very short time limit may not cover."""
    for _ in range(attempts):
        if get(url)[0] == 200:
            return True
        time.sleep(0.2)
    return False


def assert_stopped(status: int, content_type: str, body: bytes, html: bool = False) -> None:
    assert status == 422, (status, body[:300])
    if html:
        # the page's title, in the interface's language
        text = body.decode("utf-8")
        assert content_type.startswith("text/html")
        assert "422 查询超时" in text or "422 Query timeout" in text, text[:300]
    else:
        assert content_type.startswith("application/json") and b"time limit" in body


def test_a_slow_page_is_stopped(tightly_limited: LiveServer) -> None:
    answer = stopped_while_others_are_answered(tightly_limited, SLOW_PAGE, accept="text/html")
    assert_stopped(*answer, html=True)


def test_a_slow_search_is_stopped(tightly_limited: LiveServer) -> None:
    path = "/search?q=" + urllib.parse.quote("安全")
    assert_stopped(*stopped_while_others_are_answered(tightly_limited, path, "text/html"), True)


def test_a_slow_canned_query_is_stopped(tightly_limited: LiveServer) -> None:
    assert_stopped(*stopped_while_others_are_answered(tightly_limited, SLOW_CANNED))


@pytest.fixture(scope="module")
def briefly_limited(built_20x: Path) -> Iterator[LiveServer]:
    """The 20× graph served with a 0.2 s time limit: far below what the precomputed answers
    take to compute, and above what a loaded machine may take to schedule a process."""
    with serving(built_20x, env={"GSIKG_QUERY_TIMEOUT": "0.2"}) as server:
        yield server


def test_the_precomputed_answers_are_not_reads(briefly_limited: LiveServer) -> None:
    """On the compacted release the whole export, the VoID statistics and a canned query's
    answer with its default parameters (1.3 s to compute) are files the build wrote: answered
    within a limit far below what computing them takes."""
    stored_canned = "/queries/treaties-by-document?format=json&limit=100"
    for path in ("/exports/cooccurrence.graphml", "/.well-known/void?format=ttl", stored_canned):
        assert 200 in answered_once_warm(briefly_limited.url + path), path


def answered_once_warm(url: str, attempts: int = 8, pause: float = 0.5) -> list[int]:
    """The statuses of up to ``attempts`` GETs of ``url``, stopping at the first 200. A read
    stopped at the limit kills its executor, and the first read of a fresh one also waits for it
    to open the store: the pause lets the replacement get ready (a loaded machine starts
    processes slowly)."""
    statuses: list[int] = []
    for _ in range(attempts):
        statuses.append(get(url)[0])
        if statuses[-1] == 200:
            break
        time.sleep(pause)
    return statuses


def test_a_slow_export_is_stopped(limited: LiveServer) -> None:
    assert_stopped(*stopped_while_others_are_answered(limited, "/exports/cooccurrence.graphml"))


def test_slow_dataset_statistics_are_stopped(limited: LiveServer) -> None:
    answer = stopped_while_others_are_answered(limited, "/.well-known/void")
    assert answer[0] == 422 and b"time limit" in answer[2]


def test_a_slow_cli_query_is_stopped(built: Path) -> None:
    cross_product = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    began = time.monotonic()
    command = [sys.executable, "-m", "kg", "query", "--store", str(built), "--timeout", "1"]
    result = subprocess.run(
        [*command, cross_product],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 6, result.stderr
    assert result.stderr.startswith("error: the query was stopped at the time limit of 1 s")
    assert time.monotonic() - began < 15
