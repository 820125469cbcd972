"""Hostile content and hostile paths against the web pages.

A corpus document carrying script and attribute-breaking payloads in its text, title and creator
is built and served for real; every page that shows corpus data renders the payloads as text:
escaped in the raw HTML, visible as text in headless Chromium, no dialog and no injected element.
Path traversal in every encoding reaches no file outside what is served. Every HTML route sends a
Content-Security-Policy that allows no inline script.
"""

from __future__ import annotations

import html.parser
import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from email.message import Message

import pytest
from flask.testing import FlaskClient

from tests.conftest import LiveServer, free_port, launch_chromium, serving
from tests.ld_fixture import build_real

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
PAYLOAD = SCRIPT + ATTRIBUTE
MANIFEST = f"""[hostile]
file = "hostile.txt"
title_zh = {PAYLOAD!r}
title_en = {PAYLOAD!r}
creator = {PAYLOAD!r}
date = 2024-01-01
genre = "article"
language = "zh"
"""
TEXT = f"""关于全球安全倡议的测试文件{SCRIPT}

一、总体要求

中方提出全球安全倡议{SCRIPT}，坚决反对冷战思维{ATTRIBUTE}，支持安理会发挥核心作用。

各方应当共同维护网络安全与生物安全，反对霸权主义{ATTRIBUTE}和{SCRIPT}。
"""


def quoted(text: str) -> str:
    return urllib.parse.quote(text, safe="")


# Page → the payload fragments it must show as visible text.
HOSTILE_PAGES = {
    "/doc/hostile": (SCRIPT, ATTRIBUTE),  # title, creator and passages
    "/doc/hostile/p2": (SCRIPT, ATTRIBUTE),
    "/doc/hostile/p3": (SCRIPT, ATTRIBUTE),
    "/documents": (SCRIPT, ATTRIBUTE),
    "/search?q=alert": (SCRIPT, ATTRIBUTE),
    f"/search?q={quoted(PAYLOAD)}": (),  # the query is echoed into the search box
    "/concept/global-security-initiative": (SCRIPT,),  # the mention's passage as context
    "/concept/cold-war-mentality": (ATTRIBUTE,),
    "/queries/documents-overview": (SCRIPT, ATTRIBUTE),
    f"/queries/search-passages?phrase={quoted(SCRIPT)}": (SCRIPT,),
    f"/concept/{quoted(PAYLOAD)}": (),  # the 404 page names the path
    "/explorer": (),  # the document filter lists titles
}


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    (corpus / "hostile.txt").write_text(TEXT, encoding="utf-8")
    port = free_port()
    out = build_real(root / "out", base_iri=f"http://127.0.0.1:{port}/", corpus=corpus)
    with serving(out, port) as server:
        yield server


class Elements(html.parser.HTMLParser):
    """The elements of a page as parsed by an HTML parser: (tag, attributes), and script text."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self.lasttag == "script":
            self.scripts.append(data)


def fetch(url: str) -> tuple[int, str, Message]:
    request = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode(), response.headers
    except urllib.error.HTTPError as exc:
        body = exc.read().decode()
        headers = exc.headers
        exc.close()
        return exc.code, body, headers


@pytest.mark.server
@pytest.mark.parametrize("path", sorted(HOSTILE_PAGES))
def test_payloads_are_escaped_in_the_html(hostile_server: LiveServer, path: str) -> None:
    status, page, headers = fetch(hostile_server.url + path)
    assert status == (404 if path.startswith("/concept/%3C") else 200)
    assert headers["Content-Type"].startswith("text/html")
    parsed = Elements(page)
    assert not any(tag == "img" for tag, _ in parsed.elements)
    # an unescaped quote would turn the rest of the payload into attributes of the element
    assert not any(name.startswith("on") for _, attrs in parsed.elements for name in attrs)
    assert not any("alert(1)" in script for script in parsed.scripts)
    if HOSTILE_PAGES[path]:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


@pytest.mark.browser
@pytest.mark.server
def test_payloads_are_inert_text_in_chromium(hostile_server: LiveServer) -> None:
    from playwright.sync_api import sync_playwright

    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for path, visible in HOSTILE_PAGES.items():
                page.goto(hostile_server.url + path, wait_until="load")
                text = page.inner_text("body")
                for fragment in visible:
                    assert fragment in text, (path, fragment)
                assert page.locator("img[src=x]").count() == 0, path
                injected = page.evaluate(
                    "[...document.scripts].filter(s => s.text.includes('alert(1)')).length"
                )
                assert injected == 0, path
            # The query UI: YASGUI runs its default query (document titles) and shows the rows.
            page.goto(f"{hostile_server.url}/sparql", wait_until="networkidle")
            page.click(".yasqe_queryButton")
            page.locator(".yasr .dataTable tbody tr").first.wait_for(timeout=15_000)
            results = page.inner_text(".yasr")
            assert SCRIPT in results and ATTRIBUTE in results
            assert page.locator(".yasr img[src=x]").count() == 0
        finally:
            browser.close()
    assert dialogs == []


TRAVERSALS = [
    "../../../../../../etc/passwd",
    "..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "%252e%252e/%252e%252e/%252e%252e/%252e%252e/etc/passwd",
    "..%252f..%252f..%252f..%252fetc%252fpasswd",
    "..\\..\\..\\..\\..\\..\\etc\\passwd",
    "..%5c..%5c..%5c..%5c..%5c..%5cetc%5cpasswd",
    "/etc/passwd",
    "%2fetc%2fpasswd",
    "passwd%00.js",
    "..%00/..%00/etc/passwd",
    "....//....//....//etc/passwd",
    "..%c0%af..%c0%af..%c0%afetc/passwd",
    "../../pyproject.toml",  # the project, one level above the static folder
    "..%2f..%2fpyproject.toml",
    "../release.json",  # the release, one level above dumps/
    "..%2frelease.json",
    "../store/CURRENT",
]
SERVED_PREFIXES = [
    "/static/",
    "/static/vendor/",
    "/static/vendor/yasgui/",
    "/dumps/",
    "/doc/",
    "/concept/",
    "/queries/",
    "/exports/",
    "/",
]
SECRETS = ("root:x:0:0", "[project]", '"run_id"', "MANIFEST-")


def raw_get(server: LiveServer, target: str) -> tuple[int, bytes]:
    """GET with the request target sent byte for byte (no client-side normalisation); a redirect
    (werkzeug merges doubled slashes with a 308) must stay on this server and is followed."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        status, body, location = response.status, response.read(), response.getheader("Location")
    finally:
        connection.close()
    if status in (301, 302, 307, 308):
        assert location is not None and location.startswith(server.url + "/"), location
        return raw_get(server, location.removeprefix(server.url))
    return status, body


@pytest.mark.server
@pytest.mark.parametrize("prefix", SERVED_PREFIXES)
def test_path_traversal_reaches_nothing_outside(live_server: LiveServer, prefix: str) -> None:
    for attack in TRAVERSALS:
        status, body = raw_get(live_server, prefix + attack)
        assert status in (400, 404), (prefix + attack, status, body[:200])
        assert not any(secret.encode() in body for secret in SECRETS), prefix + attack
    assert raw_get(live_server, "/health")[0] == 200


# One example path for every GET route; a new route must be added here to be checked.
ROUTE_EXAMPLES = {
    "/": "/",
    "/sparql": "/sparql",
    "/health": "/health",
    "/metrics": "/metrics",
    "/.well-known/void": "/.well-known/void",
    "/openapi.json": "/openapi.json",
    "/dumps/<name>": "/dumps/missing.nq",
    "/static/<path:filename>": "/static/style.css",
    "/static/vendor/<name>": "/static/vendor/cytoscape.min.js",
    "/static/vendor/yasgui/<path:filename>": "/static/vendor/yasgui/yasgui.min.css",
    "/<any(concept, actor, doc, run):kind>/<path:rest>": "/doc/gsi-concept-paper",
    "/<any(ontology, vocabulary):name>": "/ontology",
    "/<any(ontology, vocabulary):name>.<any(ttl, jsonld, rdf, nt, nq, trig, html):suffix>": (
        "/vocabulary.html"
    ),
    "/concepts": "/concepts",
    "/documents": "/documents",
    "/concordance": "/concordance?concept=npt",
    "/search": "/search?q=安全",
    "/queries": "/queries",
    "/queries/<name>": "/queries/documents-overview",
    "/exports": "/exports",
    "/exports/<filename>": "/exports/cooccurrence.graphml",
    "/graph/<name>": "/graph/gsi-concept-paper",
    "/explorer": "/explorer",
    "/favicon.ico": "/favicon.ico",
}
EXTRA_HTML = [
    "/doc/gsi-concept-paper/p1",
    "/concept/npt",
    "/vocabulary",
    "/concept/no-such-concept",  # error pages are HTML for browsers too
    "/no/such/page",
]


def test_every_html_page_has_a_content_security_policy(client: FlaskClient) -> None:
    rules = {r.rule for r in client.application.url_map.iter_rules() if "GET" in r.methods}
    assert rules == set(ROUTE_EXAMPLES), "add an example path for each new route"
    html_pages = 0
    for path in [*ROUTE_EXAMPLES.values(), *EXTRA_HTML]:
        with client.get(path, headers={"Accept": "text/html"}) as response:
            status, mimetype, headers = response.status_code, response.mimetype, response.headers
        assert status < 500, path
        assert headers["X-Content-Type-Options"] == "nosniff"
        if mimetype != "text/html":
            continue
        html_pages += 1
        policy = dict(
            directive.strip().split(" ", 1)
            for directive in headers["Content-Security-Policy"].split(";")
        )
        assert policy["script-src"] == "'self'", path
        assert policy["default-src"] == "'none'" and policy["frame-ancestors"] == "'none'"
    assert html_pages >= 14
