"""The researcher's pages in a real headless Chromium against a real server: the home page, the
query editor at /sparql, error pages (navigation, no wider than the viewport)."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.conftest import LiveServer, checked_tab

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    with checked_tab(browser, 900) as tab:
        yield tab


def fits_the_viewport(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def test_the_home_page_draws_the_timeline_and_the_lists(
    live_server: LiveServer, page: Page
) -> None:
    page.goto(f"{live_server.url}/?lang=en")
    bars = page.locator("ol.timeline li .bar")
    assert bars.count() >= 2
    heights = [bars.nth(i).bounding_box() for i in range(bars.count())]
    assert all(box is not None and box["height"] > 0 for box in heights)
    assert page.locator("ol.timeline li.undated .year").inner_text() == "undated"
    assert page.locator("ol.cited li").count() > 0
    assert fits_the_viewport(page)
    page.fill("main .home-search input[name=q]", "核裁军")
    page.click("main .home-search button")
    page.wait_for_url("**/search?q=*")


def test_the_query_editor_lists_the_examples(live_server: LiveServer, page: Page) -> None:
    page.goto(f"{live_server.url}/sparql")
    page.wait_for_selector("#examples button[data-example=mentions-per-year]")
    page.click("#examples button[data-example=mentions-per-year]")
    assert "stats:concept-document" in page.evaluate("window.gsikgYasgui.getTab().getQuery()")
    assert page.locator("header.site-header nav a[href='/']").count() == 1


def test_a_sparql_error_page_is_no_wider_than_the_viewport(
    live_server: LiveServer, page: Page
) -> None:
    query = "SELECT * WHERE { ?s undeclared:prefix ?o . ?s ?p " + "?o " * 200 + "}"
    page.goto(f"{live_server.url}/sparql?query={urllib.parse.quote(query)}")
    assert page.locator("h1").inner_text().startswith("400")
    assert page.locator("header.site-header nav a").count() >= 9
    assert fits_the_viewport(page)
    page.goto(f"{live_server.url}/no/such/page")
    assert page.locator("h1").inner_text().startswith("404")
    assert page.locator("header.site-header nav a[href='/concepts']").count() == 1


def test_the_concordance_aligns_every_keyword(live_server: LiveServer, page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/concordance?phrase={urllib.parse.quote('安全')}&sort=left")
    rows = page.locator("table.kwic tbody tr")
    assert rows.count() > 20
    lefts, keywords = set(), set()
    for i in range(min(rows.count(), 40)):
        left = rows.nth(i).locator("td.left span").bounding_box()
        keyword = rows.nth(i).locator("td.keyword").bounding_box()
        assert left is not None and keyword is not None
        if left["width"]:  # an occurrence at a passage's start has no left context
            lefts.add(round(left["x"] + left["width"]))  # where the left context ends
        keywords.add(round(keyword["x"]))
    assert len(keywords) == 1
    assert max(lefts) - min(lefts) <= 6, lefts  # the left context ends at the keyword column
    assert fits_the_viewport(page)


def test_a_chart_of_counts_has_every_year_whole_numbers_and_undated(
    live_server: LiveServer, page: Page
) -> None:
    page.goto(f"{live_server.url}/queries/mentions-per-year?concept=NPT&lang=en")
    page.wait_for_selector("#query-chart[data-drawn=true]")
    labels = page.evaluate("window.gsikgChart.data.labels")
    assert labels == ["2021", "2022", "2023", "undated"]
    ticks = page.evaluate("window.gsikgChart.scales.y.ticks.map(t => t.value)")
    assert ticks and all(float(t).is_integer() for t in ticks)
    assert page.evaluate("window.gsikgChart.data.datasets[1].data[3]") == 3
