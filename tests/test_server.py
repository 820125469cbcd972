"""The served endpoint, end to end: the real server (Granian) on 127.0.0.1."""

from __future__ import annotations

import json
import os
import select
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import LiveServer, build_corpus, serving

PASSAGE_COUNT = (
    "PREFIX gsi: <https://w3id.org/gsi-kg/ontology#> "
    "SELECT (COUNT(*) AS ?n) WHERE { ?p a gsi:Passage }"
)


def count_passages(base_url: str) -> int:
    url = f"{base_url}/sparql?" + urllib.parse.urlencode({"query": PASSAGE_COUNT})
    with urllib.request.urlopen(url, timeout=10) as response:
        data = json.load(response)
    return int(data["results"]["bindings"][0]["n"]["value"])


@pytest.mark.server
def test_served_endpoint_counts_passages(live_server: LiveServer) -> None:
    assert count_passages(live_server.url) > 100


@pytest.mark.server
def test_failed_build_leaves_the_served_store_answering(corpus_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_corpus(corpus_copy, out)
    with serving(out) as server:
        before = count_passages(server.url)
        (corpus_copy / "broken.txt").write_bytes(b"\xff\xfe\xfa not utf-8")
        import subprocess
        import sys

        result = subprocess.run(
            [sys.executable, "-m", "kg", "build", "--corpus", str(corpus_copy), "--out", str(out)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 3 and "broken.txt" in result.stderr
        assert count_passages(server.url) == before


def get_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code


@pytest.mark.server
def test_long_get_queries_up_to_64_kib_are_answered_longer_ones_get_414(
    live_server: LiveServer,
) -> None:
    def url(length: int) -> str:
        query = PASSAGE_COUNT + " #" + "x" * length  # a comment, one URL character per x
        return f"{live_server.url}/sparql?" + urllib.parse.urlencode({"query": query})

    assert get_status(url(20_000)) == 200
    assert get_status(url(100_000)) == 414
    assert count_passages(live_server.url) > 100  # and the server answers on


@pytest.mark.server
def test_a_repeated_query_is_a_cache_hit_from_any_worker(live_server: LiveServer) -> None:
    query = PASSAGE_COUNT + " # repeated"
    url = f"{live_server.url}/sparql?" + urllib.parse.urlencode({"query": query})
    states = []
    for _ in range(8):  # new connections: both workers get some of them
        with urllib.request.urlopen(url, timeout=10) as response:
            states.append(response.headers["X-Cache"])
            response.read()
    assert states == ["miss"] + ["hit"] * 7


def read_output_until(server: LiveServer, text: str, seconds: float) -> str:
    """What the running server writes on stdout until ``text`` appears or ``seconds`` pass."""
    assert server.process.stdout is not None
    fd, seen = server.process.stdout.fileno(), b""
    deadline = time.monotonic() + seconds
    while text.encode() not in seen and time.monotonic() < deadline:
        if select.select([fd], [], [], 0.1)[0]:
            seen += os.read(fd, 65536)
    return seen.decode("utf-8", "replace")


@pytest.mark.server
def test_the_access_log_is_off_unless_asked_for(built: Path) -> None:
    """Off by default (it costs a third of the cached-answer throughput); ``--access-log`` or
    ``GSIKG_ACCESS_LOG=1`` writes one line per request on stdout (after the answer is sent)."""
    line = '"GET /no-such-page HTTP/1.1" 404'
    for args, env, logged in (
        ((), {}, False),
        (("--access-log",), {}, True),
        ((), {"GSIKG_ACCESS_LOG": "1"}, True),
    ):
        with serving(built, env=env, args=args) as server:
            assert get_status(f"{server.url}/no-such-page") == 404
            output = read_output_until(server, line, 10 if logged else 1)
        assert (line in output) is logged, (args, env, output)


@pytest.mark.server
def test_a_large_file_is_streamed_whole(live_server: LiveServer) -> None:
    """The N-Quads dump (about 10 MB) is sent in pieces by the server's front: all of it."""
    from kg.releases import resolve_release

    dump = resolve_release(live_server.out).dumps_path / "gsi-kg.nq"
    with urllib.request.urlopen(f"{live_server.url}/dumps/gsi-kg.nq", timeout=60) as response:
        assert response.status == 200
        assert response.read() == dump.read_bytes()
