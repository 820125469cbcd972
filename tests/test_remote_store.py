"""A remote store: the seed build's N-Quads dump loaded into a separate SPARQL endpoint
(``oxigraph serve-read-only --union-default-graph``, the ``oxigraph`` command of the dev extras)
and served with ``gsi-kg serve --store URL``. Every kind of read answers as the local store's
server does, within the same time limit, and a remote that fails is a clear error, never a 500.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from kg.cli import main
from kg.errors import StoreError
from kg.namespaces import VOID
from kg.read.remote import fetch
from kg.releases import RemoteRelease
from kg.store import HttpQuery
from tests.conftest import LiveServer, free_port, serving

pytestmark = pytest.mark.server

OXIGRAPH = Path(sys.executable).with_name("oxigraph")  # installed with the dev extras
BASE = "https://w3id.org/gsi-kg/"
# Our time limit for the remote server, and the endpoint's own (larger: ours applies first, the
# endpoint's only ends the work we abandoned). A page or VoID read live from the endpoint makes
# several requests: 3 s was too close on a slow machine (VoID 5 s, /ontology 6 s), so the default.
TIMEOUT = 10
REMOTE_TIMEOUT = 15
# A cross product of every statement with itself twice: never done within the limit.
SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


class Endpoint:
    """``oxigraph serve-read-only`` on a store directory, on 127.0.0.1."""

    def __init__(self, location: Path, port: int | None = None, union: bool = True) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}/query"
        command = [str(OXIGRAPH), "serve-read-only", "--location", str(location)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--timeout-s", str(REMOTE_TIMEOUT)]
        command += ["--union-default-graph"] if union else []
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        ask = self.url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                err = self.process.stderr.read().decode() if self.process.stderr else ""
                raise RuntimeError(f"oxigraph exited with {self.process.returncode}: {err}")
            try:
                with urllib.request.urlopen(ask, timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise TimeoutError("oxigraph serve did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        if self.process.stderr is not None:
            self.process.stderr.close()


@contextlib.contextmanager
def endpoint(location: Path, port: int | None = None, union: bool = True) -> Iterator[Endpoint]:
    """A running :class:`Endpoint` on ``location``, stopped on exit."""
    started = Endpoint(location, port, union)
    try:
        started.wait_ready()
        yield started
    finally:
        started.stop()


def load(dump: Path, location: Path) -> Path:
    """``location``, an oxigraph store directory, holding the N-Quads file ``dump``."""
    subprocess.run(
        [str(OXIGRAPH), "load", "--location", str(location), "--file", str(dump)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return location


@pytest.fixture(scope="module")
def loaded(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An oxigraph store directory holding the seed build's N-Quads dump."""
    return load(built / "current" / "dumps" / "gsi-kg.nq", tmp_path_factory.mktemp("oxigraph"))


@pytest.fixture(scope="module")
def remote(loaded: Path) -> Iterator[Endpoint]:
    with endpoint(loaded) as running:
        yield running


@pytest.fixture(scope="module")
def remote_server(remote: Endpoint) -> Iterator[LiveServer]:
    """``gsi-kg serve --store URL`` on the endpoint, with a short time limit."""
    with serving(remote.url, env={"GSIKG_QUERY_TIMEOUT": str(TIMEOUT)}) as server:
        yield server


def get(
    server: LiveServer, path: str, accept: str = "text/html", timeout: float = 30
) -> tuple[int, bytes, Message]:
    """Status, body and headers of ``GET path``."""
    request = urllib.request.Request(server.url + path, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.read(), error.headers


def sparql_path(query: str, **params: str) -> str:
    return "/sparql?" + urllib.parse.urlencode({"query": query, **params})


def both(
    local: LiveServer, remote_server: LiveServer, path: str, accept: str = "text/html"
) -> tuple[bytes, bytes]:
    """The bodies of ``path`` from the local and the remote store's servers, both 200."""
    local_status, local_body, _ = get(local, path, accept)
    remote_status, remote_body, _ = get(remote_server, path, accept)
    assert (local_status, remote_status) == (200, 200), (path, remote_body[:300])
    return local_body, remote_body


SELECTS = [
    "SELECT ?doc ?title ?date WHERE { ?doc a gsi:Document ; dcterms:title ?title . "
    "OPTIONAL { ?doc dcterms:date ?date } } ORDER BY ?doc ?title",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    "SELECT ?c (COUNT(?m) AS ?mentions) WHERE { ?c a gsi:Organisation . ?m oa:hasBody ?c } "
    "GROUP BY ?c ORDER BY DESC(?mentions) ?c",
    "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?subjects) WHERE { ?s ?p ?o }",
]


@pytest.mark.parametrize("query", SELECTS)
def test_select_answers_as_the_local_store(
    live_server: LiveServer, remote_server: LiveServer, query: str
) -> None:
    local, remote = both(
        live_server, remote_server, sparql_path(query), "application/sparql-results+json"
    )
    local_rows = json.loads(local)["results"]["bindings"]
    assert local_rows
    assert json.loads(remote)["results"]["bindings"] == local_rows


def test_protocol_datasets_ask_and_construct_as_the_local_store(
    live_server: LiveServer, remote_server: LiveServer
) -> None:
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    vocabulary = BASE + "graph/vocabulary"
    for params in ({"default-graph-uri": vocabulary}, {"named-graph-uri": vocabulary}):
        local, remote = both(
            live_server, remote_server, sparql_path(count, **params), "application/json"
        )
        assert json.loads(remote) == json.loads(local)
    ask = sparql_path("ASK { ?p gsi:mentions concept:npt }")
    local, remote = both(live_server, remote_server, ask, "application/sparql-results+json")
    assert json.loads(local)["boolean"] is True
    assert json.loads(remote) == json.loads(local)
    construct = sparql_path("CONSTRUCT { concept:npt ?p ?o } WHERE { concept:npt ?p ?o }")
    local, remote = both(live_server, remote_server, construct, "text/turtle")
    local_graph = rdflib.Graph().parse(data=local, format="turtle")
    assert len(local_graph) > 5
    assert isomorphic(rdflib.Graph().parse(data=remote, format="turtle"), local_graph)


def test_a_syntax_error_says_where_as_locally(
    live_server: LiveServer, remote_server: LiveServer
) -> None:
    path = sparql_path("SELECT ?s WHERE {\n  ?s ?p \n}")
    local_status, local_body, _ = get(live_server, path, "application/json")
    remote_status, remote_body, _ = get(remote_server, path, "application/json")
    assert local_status == remote_status == 400
    assert json.loads(remote_body) == json.loads(local_body)
    assert "at line 3, column" in json.loads(remote_body)["message"]


PAGES = [
    "/concept/npt",
    "/doc/gsi-concept-paper",
    "/doc/gsi-concept-paper/p3",
    "/concepts",
    "/documents",
    "/search?" + urllib.parse.urlencode({"q": "安全"}),
    "/queries/mentions-per-year?concept=npt",
    "/ontology",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_are_the_local_stores_pages(
    live_server: LiveServer, remote_server: LiveServer, path: str
) -> None:
    local, remote = both(live_server, remote_server, path)
    assert b"<html" in local
    assert remote == local


def test_linked_data_and_canned_query_results_as_the_local_store(
    live_server: LiveServer, remote_server: LiveServer
) -> None:
    local, remote = both(live_server, remote_server, "/concept/npt", "text/turtle")
    local_graph = rdflib.Graph().parse(data=local, format="turtle")
    assert (rdflib.URIRef(BASE + "concept/npt"), None, None) in local_graph
    assert isomorphic(rdflib.Graph().parse(data=remote, format="turtle"), local_graph)
    canned = "/queries/mentions-per-year?concept=npt&format=json"
    local, remote = both(live_server, remote_server, canned, "application/json")
    assert json.loads(local)["results"]["bindings"]
    assert json.loads(remote) == json.loads(local)


def test_exports_are_computed_as_the_build_wrote_them(
    live_server: LiveServer, remote_server: LiveServer
) -> None:
    for name in ("cooccurrence.nodes.csv", "document-concept.edges.csv"):
        local, remote = both(live_server, remote_server, f"/exports/{name}", "*/*")
        rows = list(csv.DictReader(io.StringIO(local.decode("utf-8"))))
        assert rows
        assert list(csv.DictReader(io.StringIO(remote.decode("utf-8")))) == rows
    local, remote = both(live_server, remote_server, "/exports/cooccurrence.graphml", "*/*")
    local_graph = nx.read_graphml(io.BytesIO(local))
    remote_graph = nx.read_graphml(io.BytesIO(remote))
    assert local_graph.number_of_edges() > 100
    assert sorted(remote_graph.nodes(data=True)) == sorted(local_graph.nodes(data=True))
    assert sorted(remote_graph.edges(data=True)) == sorted(local_graph.edges(data=True))


def void_graph(server: LiveServer, body: bytes) -> rdflib.Graph:
    """The VoID description with the server's own address replaced and the dump links (a remote
    store has none) left out."""
    parsed = rdflib.Graph().parse(data=body, format="turtle")
    graph = rdflib.Graph()
    for s, p, o in parsed:
        if p == rdflib.URIRef(VOID + "dataDump"):
            continue
        graph.add(tuple(_unhosted(server, term) for term in (s, p, o)))  # type: ignore[arg-type]
    return graph


def _unhosted(server: LiveServer, term: rdflib.term.Node) -> rdflib.term.Node:
    if isinstance(term, rdflib.URIRef) and str(term).startswith(server.url):
        return rdflib.URIRef("http://server" + str(term)[len(server.url) :])
    return term


def test_void_counts_the_remote_store_as_the_build_did(
    live_server: LiveServer, remote_server: LiveServer
) -> None:
    local, remote = both(live_server, remote_server, "/.well-known/void", "text/turtle")
    local_void = void_graph(live_server, local)
    assert (None, rdflib.URIRef(VOID + "triples"), None) in local_void
    remote_void = void_graph(remote_server, remote)
    assert isomorphic(remote_void, local_void)
    dumps = rdflib.Graph().parse(data=remote, format="turtle")
    assert not list(dumps.triples((None, rdflib.URIRef(VOID + "dataDump"), None)))
    assert get(remote_server, "/dumps/gsi-kg.nq", "*/*")[0] == 404


def test_health_names_the_build_run_the_endpoint_holds(
    built: Path, remote_server: LiveServer
) -> None:
    status, body, _ = get(remote_server, "/health", "application/json")
    manifest = json.loads((built / "current" / "release.json").read_text(encoding="utf-8"))
    assert status == 200
    assert json.loads(body)["release"] == manifest["run_id"]
    assert json.loads(body)["base_iri"] == BASE


def test_a_new_release_in_the_endpoint_replaces_cached_answers(
    built: Path, loaded: Path, tmp_path: Path
) -> None:
    """The endpoint's data replaced by another build's (here: the seed dump with another run id)
    under the same URL: within GSIKG_REMOTE_CHECK seconds the server names the new run, and an
    answer cached for the old one is not sent again."""
    run_id = json.loads((built / "current" / "release.json").read_text(encoding="utf-8"))["run_id"]
    dump = (built / "current" / "dumps" / "gsi-kg.nq").read_text(encoding="utf-8")
    assert dump.count(f"/run/{run_id}>") > 100
    other = tmp_path / "other.nq"
    other.write_text(dump.replace(f"/run/{run_id}>", "/run/another-run>"), encoding="utf-8")
    other_store = load(other, tmp_path / "oxigraph-other")
    runs = sparql_path("SELECT ?run WHERE { ?run a prov:Activity }")
    port = free_port()
    with contextlib.ExitStack() as stack:
        first = stack.enter_context(endpoint(loaded, port))
        check = {"GSIKG_REMOTE_CHECK": "1"}  # one worker: its caches are the ones asked
        server = stack.enter_context(serving(first.url, env=check, args=("--workers", "1")))
        for cache in ("miss", "hit"):
            status, body, headers = get(server, runs, "application/json")
            assert (status, headers["X-Cache"]) == (200, cache)
            [row] = json.loads(body)["results"]["bindings"]
            assert row["run"]["value"] == BASE + f"run/{run_id}"
        first.stop()
        stack.enter_context(endpoint(other_store, port))
        time.sleep(1.5)
        status, body, _ = get(server, "/health", "application/json")
        assert (status, json.loads(body)["release"]) == (200, "another-run")
        status, body, _ = get(server, runs, "application/json")
        [row] = json.loads(body)["results"]["bindings"]
        assert row["run"]["value"] == BASE + "run/another-run"


def test_the_time_limit_holds_against_the_remote(remote_server: LiveServer) -> None:
    started = time.monotonic()
    status, body, _ = get(remote_server, sparql_path(SLOW_QUERY), "application/json")
    took = time.monotonic() - started
    assert status == 422, body[:300]
    assert f"time limit of {TIMEOUT} s" in json.loads(body)["message"]
    assert took < TIMEOUT + 2
    after = sparql_path("SELECT ?d WHERE { ?d a gsi:Document } ORDER BY ?d LIMIT 1")
    assert get(remote_server, after, "application/json")[0] == 200


def test_an_endpoint_gone_away_is_503_naming_it(loaded: Path) -> None:
    with endpoint(loaded) as second, serving(second.url) as server:
        assert get(server, "/concept/npt")[0] == 200
        second.stop()
        says = f"cannot reach the SPARQL endpoint {second.url}: Connection refused"
        for path in (sparql_path("SELECT * WHERE { ?s ?p ?o } LIMIT 3"), "/doc/gsi-concept-paper"):
            status, body, _ = get(server, path, "application/json")
            assert (status, json.loads(body)["message"]) == (503, says), path
        status, body, headers = get(server, "/concepts")
        assert (status, headers.get_content_type()) == (503, "text/html")
        assert says in body.decode("utf-8")


def test_cli_query_and_export_read_the_remote_store(
    built: Path, remote: Endpoint, runner: CliRunner
) -> None:
    query = ["query", "--format", "json", SELECTS[0]]
    local = runner.invoke(main, [*query, "--store", str(built)])
    remote_answer = runner.invoke(main, [*query, "--store", remote.url])
    assert (local.exit_code, remote_answer.exit_code) == (0, 0), remote_answer.output
    assert json.loads(remote_answer.stdout) == json.loads(local.stdout)
    export = ["export", "cooccurrence", "--format", "edges.csv", "--document", "cd-speech-2021"]
    local = runner.invoke(main, [*export, "--store", str(built)])
    remote_export = runner.invoke(main, [*export, "--store", remote.url])
    assert (local.exit_code, remote_export.exit_code) == (0, 0), remote_export.output
    rows = list(csv.reader(io.StringIO(local.stdout)))
    assert len(rows) > 10
    assert list(csv.reader(io.StringIO(remote_export.stdout))) == rows


def test_only_queries_are_ever_sent(remote: Endpoint) -> None:
    release = RemoteRelease(remote.url, BASE, "run")
    update = HttpQuery((("update", "DROP ALL"),), "*/*")
    with pytest.raises(StoreError, match="asked for a request with update"):
        fetch(release, update, time.monotonic() + 5, 1 << 20)
    ask = HttpQuery((("query", "ASK { ?s ?p ?o }"),), "application/sparql-results+json")
    answer = fetch(release, ask, time.monotonic() + 5, 1 << 20)
    assert answer is not None
    assert json.loads(answer.body)["boolean"] is True


def serve(url: str) -> subprocess.CompletedProcess[str]:
    """``gsi-kg serve --store url``, expected to stop before serving."""
    return subprocess.run(
        [sys.executable, "-m", "kg", "serve", "--store", url, "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_serve_refuses_an_unreachable_endpoint_in_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    result = serve(url)
    assert result.returncode == 5
    assert result.stderr.splitlines() == [
        f"error: cannot reach the SPARQL endpoint {url}: Connection refused"
    ]


def test_serve_refuses_an_endpoint_without_a_union_default_graph(loaded: Path) -> None:
    with endpoint(loaded, union=False) as plain:
        result = serve(plain.url)
    assert result.returncode == 5
    [line] = result.stderr.splitlines()
    assert line.startswith(
        f"error: the default graph of {plain.url} is not the union of its named graphs"
    )
    assert "--union-default-graph" in line


@pytest.mark.parametrize(
    ("store", "says"),
    [
        ("ftp://127.0.0.1/query", "a remote store is an http:// or https:// URL"),
        ("http:///query", "the URL names no host"),
        ("http://127.0.0.1:99999/query", "the port is not a number from 0 to 65535"),
    ],
)
def test_a_bad_store_url_is_a_usage_error_naming_store(
    runner: CliRunner, store: str, says: str
) -> None:
    result = runner.invoke(main, ["serve", "--store", store])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: --store {store}: {says}"


def test_serve_help_documents_the_remote_store(runner: CliRunner) -> None:
    result = runner.invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "--store DIR|URL" in result.output
    assert "SPARQL endpoint" in result.output
