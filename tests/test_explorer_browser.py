"""The explorer and a concept page in a real headless Chromium against a real server."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, sync_playwright

from tests.conftest import LiveServer, free_port, launch_chromium, serving
from tests.ld_fixture import build_real

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    port = free_port()
    out = build_real(
        tmp_path_factory.mktemp("browser") / "out", base_iri=f"http://127.0.0.1:{port}/"
    )
    with serving(out, port) as live:
        yield live


@pytest.fixture(scope="module")
def page(server: LiveServer) -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def export_nodes(server: LiveServer) -> list[dict[str, object]]:
    with urllib.request.urlopen(f"{server.url}/exports/cooccurrence.cyjs", timeout=10) as r:
        return [n["data"] for n in json.load(r)["elements"]["nodes"]]


def test_explorer_draws_the_nodes_and_filters_by_class(server: LiveServer, page: Page) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{server.url}/explorer")
    page.wait_for_selector("#cy[data-loaded=true]", timeout=15_000)
    nodes = export_nodes(server)
    assert page.evaluate("window.gsiExplorer.nodes().length") == len(nodes) > 0
    assert page.evaluate("window.gsiExplorer.edges().length") > 0
    treaties = sum(1 for n in nodes if n["class"] == "Treaty")
    for cls in ("Principle", "Domain", "Organisation", "Mechanism", "Topic"):
        page.uncheck(f".class-toggle input[value={cls}]")
    assert page.evaluate("window.gsiExplorer.nodes(':visible').length") == treaties
    # A click on a node opens its concept page.
    box = page.locator("#cy").bounding_box()
    assert box is not None
    position = page.evaluate(
        "(() => { const n = window.gsiExplorer.nodes(':visible')[0];"
        " return [n.renderedPosition().x, n.renderedPosition().y, n.id()]; })()"
    )
    page.mouse.click(box["x"] + position[0], box["y"] + position[1])
    page.wait_for_url(position[2], timeout=10_000)
    assert page.locator("article.concept h1").count() == 1
    assert errors == []


def test_concept_page_highlights_its_mentions(server: LiveServer, page: Page) -> None:
    page.goto(f"{server.url}/concept/un-charter?lang=zh")
    marks = page.locator("mark.mention.focus")
    query = urllib.parse.urlencode(
        {"query": "SELECT (COUNT(DISTINCT ?m) AS ?n) { ?m oa:hasBody concept:un-charter }"}
    )
    with urllib.request.urlopen(f"{server.url}/sparql?{query}", timeout=10) as response:
        mentions = int(json.load(response)["results"]["bindings"][0]["n"]["value"])
    assert marks.count() == mentions >= 5
    assert set(marks.all_inner_texts()) <= {"联合国宪章", "宪章"}
    background = marks.first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    page.goto(f"{server.url}/queries/mentions-per-year?concept=un-charter")
    page.wait_for_function("window.Chart && Chart.getChart('query-chart') !== undefined")
