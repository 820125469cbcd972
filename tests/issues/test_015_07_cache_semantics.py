"""Issue 15, finding 7: answers using ``NOW()``, ``RAND()``, ``UUID()``, ``STRUUID()`` or
``BNODE()`` were frozen in the cache, and the first requester's ``Set-Cookie`` was replayed to
the clients after it. Neither happens now."""

from __future__ import annotations

import json
import time
import urllib.parse
import urllib.request
from email.message import Message

import pytest

from tests.conftest import LiveServer

pytestmark = pytest.mark.server


def get(server: LiveServer, params: dict[str, str], cookie: str = "") -> tuple[Message, bytes]:
    url = server.url + "/sparql?" + urllib.parse.urlencode(params)
    headers = {"Accept": "application/sparql-results+json"}
    if cookie:
        headers["Cookie"] = cookie
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return r.headers, r.read()


def value(body: bytes) -> str:
    return str(json.loads(body)["results"]["bindings"][0]["v"]["value"])


@pytest.mark.parametrize("expression", ["NOW()", "RAND()", "UUID()", "STRUUID()", "BNODE()"])
def test_changing_answers_are_not_cached(live_server: LiveServer, expression: str) -> None:
    query = {"query": f"SELECT ?v {{ BIND({expression} AS ?v) }}"}
    _, first = get(live_server, query)
    time.sleep(0.01)  # NOW() has a resolution finer than this
    second_headers, second = get(live_server, query)
    assert value(first) != value(second)
    assert "X-Cache" not in second_headers and second_headers.get("Cache-Control") == "no-store"


def test_a_cookie_is_never_replayed(live_server: LiveServer) -> None:
    query = {"query": "ASK { ?s a gsi:Document }", "lang": "en"}
    first, _ = get(live_server, query)
    assert "gsikg_lang=en" in first.get("Set-Cookie", "")
    again, _ = get(live_server, query, cookie="gsikg_lang=en")
    assert "Set-Cookie" not in again
