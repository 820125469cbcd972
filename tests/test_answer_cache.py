"""The answer cache in front of Flask: what it keeps, for which requests, and across workers."""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.test import Client

from endpoint.sparql.http_cache import AnswerCache

ASK = "ASK { ?d a <https://gsi-kg.org/ontology/Document> }"
JSON = "application/sparql-results+json"


class CountingApp:
    """A WSGI app answering like the SPARQL view (``X-Cache`` on query answers), counting calls."""

    def __init__(self, status: str = "200 OK") -> None:
        self.calls = 0
        self.status = status

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        self.calls += 1
        body = f"answer {self.calls} to {environ['QUERY_STRING']} for {environ.get('HTTP_ACCEPT')}"
        start_response(self.status, [("Content-Type", "text/plain"), ("X-Cache", "miss")])
        return [body.encode()]


def release_dir(tmp_path: Path, name: str) -> Path:
    """An output directory whose ``current`` points at release ``name``."""
    out = tmp_path / "out"
    (out / "releases" / name).mkdir(parents=True, exist_ok=True)
    link = out / "current"
    if link.is_symlink():
        link.unlink()
    link.symlink_to(out / "releases" / name)
    return out


def cache(app: Any, out: Path, shared: Path | None = None, entries: int = 16) -> AnswerCache:
    return AnswerCache(app, out, max_entries=entries, max_bytes=1 << 20, shared=shared)


def get(client: Client, query: str = ASK, accept: str = JSON) -> tuple[str, str]:
    response = client.get(
        "/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept}
    )
    return response.headers.get("X-Cache", ""), response.get_data(as_text=True)


def test_a_repeated_request_is_answered_without_the_app(tmp_path: Path) -> None:
    app = CountingApp()
    client = Client(cache(app, release_dir(tmp_path, "r1")))
    first, second = get(client), get(client)
    assert first[0] == "miss" and second == ("hit", first[1])
    assert app.calls == 1


def test_another_accept_or_query_is_another_entry(tmp_path: Path) -> None:
    app = CountingApp()
    client = Client(cache(app, release_dir(tmp_path, "r1")))
    get(client)
    assert get(client, accept="text/csv")[0] == "miss"
    assert get(client, query=ASK + " ")[0] == "miss"
    assert app.calls == 3


def test_errors_and_posts_are_never_kept(tmp_path: Path) -> None:
    failing = CountingApp("400 BAD REQUEST")
    client = Client(cache(failing, release_dir(tmp_path, "r1")))
    get(client), get(client)
    assert failing.calls == 2
    app = CountingApp()
    client = Client(cache(app, release_dir(tmp_path, "r1")))
    for _ in range(2):
        client.post("/sparql", data={"query": ASK})
    assert app.calls == 2


def test_a_new_release_is_never_answered_from_the_old_one(tmp_path: Path) -> None:
    app = CountingApp()
    client = Client(cache(app, release_dir(tmp_path, "r1")))
    old = get(client)
    release_dir(tmp_path, "r2")  # a build publishes r2
    new = get(client)
    assert new[0] == "miss" and new[1] != old[1]
    assert get(client) == ("hit", new[1])


def test_workers_share_answers_through_the_directory(tmp_path: Path) -> None:
    shared = tmp_path / "answers"
    shared.mkdir()
    out = release_dir(tmp_path, "r1")
    computed = get(Client(cache(CountingApp(), out, shared)))[1]
    other_worker = CountingApp()
    assert get(Client(cache(other_worker, out, shared))) == ("hit", computed)
    assert other_worker.calls == 0


def test_the_shared_directory_stays_within_the_entry_budget(tmp_path: Path) -> None:
    shared = tmp_path / "answers"
    shared.mkdir()
    client = Client(cache(CountingApp(), release_dir(tmp_path, "r1"), shared, entries=3))
    for i in range(10):
        get(client, query=f"ASK {{ ?s ?p {i} }}")
    assert len(os.listdir(shared)) == 3


def test_memory_keeps_the_most_recently_used_answers(tmp_path: Path) -> None:
    app = CountingApp()
    client = Client(cache(app, release_dir(tmp_path, "r1"), entries=2))
    get(client, query="ASK { 1 }"), get(client, query="ASK { 2 }")
    get(client, query="ASK { 1 }")  # 1 is now the most recent
    get(client, query="ASK { 3 }")  # evicts 2
    assert get(client, query="ASK { 1 }")[0] == "hit"
    assert get(client, query="ASK { 2 }")[0] == "miss"


def test_turned_off_it_passes_everything_through(tmp_path: Path) -> None:
    app = CountingApp()
    client = Client(cache(app, release_dir(tmp_path, "r1"), entries=0))
    get(client), get(client)
    assert app.calls == 2


def test_in_front_of_the_real_app(app: Flask, tmp_path: Path) -> None:
    settings = app.config["GSIKG"]
    shared = tmp_path / "answers"
    shared.mkdir()
    front = AnswerCache(app, settings.out, 16, 1 << 20, shared)
    client = Client(front)
    status, body = get(client, "SELECT (COUNT(*) AS ?n) WHERE { ?p a gsi:Passage }")
    assert status == "miss" and '"value":"180"' in body.replace(" ", "")
    assert get(client, "SELECT (COUNT(*) AS ?n) WHERE { ?p a gsi:Passage }") == ("hit", body)
    assert get(client, "SELECT ?x WHERE {")[0] == ""  # a 400, passed through, not kept
    assert len(os.listdir(shared)) == 1


@pytest.fixture(autouse=True)
def _no_metrics_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
