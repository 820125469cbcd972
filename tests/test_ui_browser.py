"""The query UI in a real browser: headless Chromium (Debian's ``chromium``, driven by Playwright)
opens the page our server serves, runs a query and sees result rows; it also loads a canned query
from ``queries/*.rq``. Every request the page makes must go to our server (it works offline), and
the Content-Security-Policy must not block anything."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import LiveServer, launch_chromium, serving

pytestmark = [pytest.mark.browser, pytest.mark.server]

EXAMPLE = """# title: Passages of the concept paper
# description: Every passage of the GSI concept paper, in order.
SELECT ?n ?text WHERE {
  ?p a gsi:Passage ; gsi:position ?n ; gsi:text ?text ; dcterms:isPartOf ?doc .
  ?doc dcterms:identifier "gsi-concept-paper" .
} ORDER BY ?n LIMIT 7
"""


@pytest.fixture(scope="module")
def ui_server(built: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    queries = tmp_path_factory.mktemp("queries")
    (queries / "concept-paper-passages.rq").write_text(EXAMPLE, encoding="utf-8")
    with serving(built, env={"GSIKG_QUERIES": str(queries)}) as server:
        yield server


def test_ui_runs_a_query_and_shows_rows(ui_server: LiveServer) -> None:
    from playwright.sync_api import expect, sync_playwright

    foreign: list[str] = []
    console_errors: list[str] = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page()
            page.on(
                "request",
                lambda r: (
                    None if r.url.startswith((ui_server.url, "data:")) else foreign.append(r.url)
                ),
            )
            page.on(
                "console",
                lambda m: console_errors.append(m.text) if m.type == "error" else None,
            )
            page.goto(f"{ui_server.url}/sparql", wait_until="networkidle")
            page.wait_for_selector(".yasqe .CodeMirror")
            page.click(".yasqe_queryButton")
            rows = page.locator(".yasr .dataTable tbody tr")
            rows.first.wait_for(timeout=15_000)
            assert rows.count() == 5  # the five documents of the default query
            assert "gsi-concept-paper" in page.locator(".yasr").inner_text()

            page.click("button[data-example='concept-paper-passages']")
            page.click(".yasqe_queryButton")
            expect(rows).to_have_count(7, timeout=15_000)  # the example's LIMIT
        finally:
            browser.close()
    assert foreign == []
    assert [e for e in console_errors if "Content Security Policy" in e] == []
