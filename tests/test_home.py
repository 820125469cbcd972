"""The home page (the corpus at a glance from the statistics graph), the site navigation on
every page including errors, and the query editor at /sparql for browsers."""

from __future__ import annotations

import json

import lxml.html
from flask.testing import FlaskClient

from endpoint.pages.charts import every_year
from endpoint.pages.overview import corpus_overview
from kg.read.reader import Reader
from kg.releases import resolve_release
from kg.settings import Settings
from kg.store import open_read_only

HTML = {"Accept": "text/html"}
NAVIGATION = {"/", "/concepts", "/documents", "/search", "/queries", "/sparql", "/explorer",
              "/exports", "/ontology"}  # fmt: skip


def page(client: FlaskClient, path: str, status: int = 200) -> lxml.html.HtmlElement:
    response = client.get(path, headers=HTML)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/html"
    return lxml.html.fromstring(response.get_data(as_text=True))


def navigation(html: lxml.html.HtmlElement) -> set[str]:
    return set(html.xpath("//header[@class='site-header']/nav/a/@href"))


def open_reader(settings: Settings) -> Reader:
    release = resolve_release(settings.out)
    return Reader(release, open_read_only(release.store_path), release.namespace(), 10**6, 10**9)


def test_every_year_is_present_with_zero_for_years_without_documents() -> None:
    assert every_year({2019: 1, 2022: 3}) == [(2019, 1), (2020, 0), (2021, 0), (2022, 3)]


def test_the_overview_counts_what_the_store_holds(settings: Settings) -> None:
    reader = open_reader(settings)
    overview = corpus_overview(reader)
    documents = reader.select(
        "SELECT ?d ?date WHERE { ?d a gsi:Document OPTIONAL { ?d dcterms:date ?date } }"
    )
    assert overview.documents == len(documents)
    undated = [d for d in documents if not d["date"]]
    assert overview.undated == len(undated) > 0  # the seed corpus has an undated document
    by_year = {y.year: y.documents for y in overview.years}
    for row in documents:
        if row["date"]:
            assert by_year[row["date"][:4]] >= 1
    assert sum(by_year.values()) + overview.undated == overview.documents
    [npt] = [t for t in overview.treaties if t.labels.iri.endswith("/npt")]
    [counted] = reader.select(
        "SELECT (COUNT(?m) AS ?n) WHERE { ?m oa:hasBody ?this }", npt.labels.iri
    )
    assert npt.mentions == int(counted["n"])
    assert [t.mentions for t in overview.treaties] == sorted(
        (t.mentions for t in overview.treaties), reverse=True
    )
    assert {c.name for c in overview.classes} == {
        "Principle", "Domain", "Organisation", "Treaty", "Mechanism", "Topic"
    }  # fmt: skip


def test_the_home_page_shows_the_corpus_and_links_everywhere(client: FlaskClient) -> None:
    html = page(client, "/?lang=en")
    assert navigation(html) == NAVIGATION
    assert html.xpath("//main//form[@action='/search']//input[@name='q']")
    years = html.xpath("//ol[@class='timeline']/li/span[@class='year']/text()")
    assert years[-1] == "undated"
    assert years[:-1] == [str(y) for y in range(int(years[0]), int(years[-2]) + 1)]
    classes = html.xpath("//table[@class='class-counts']//a/@href")
    assert "/concepts?class=Treaty" in classes
    assert "/concept/npt" in html.xpath("//ol[@class='cited']//a/@href")
    assert "/doc/gsi-concept-paper" in html.xpath("//ul[@class='recent']//a/@href")
    zh = page(client, "/?lang=zh")
    assert "条约与文书" in zh.xpath("//table[@class='class-counts']//a/text()")


def test_browsers_get_the_query_editor_at_sparql(client: FlaskClient) -> None:
    html = page(client, "/sparql")
    assert navigation(html) == NAVIGATION
    [config] = html.xpath("//script[@id='gsikg-config']/text()")
    examples = json.loads(config)["examples"]
    assert "mentions-per-year" in {e["name"] for e in examples}
    described = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert described.status_code == 200 and described.mimetype == "text/turtle"


def test_error_pages_carry_the_navigation(client: FlaskClient) -> None:
    html = page(client, "/no/such/page", 404)
    assert navigation(html) == NAVIGATION
    assert html.xpath("//pre[@class='error-message']")
    broken = page(client, "/sparql?query=SELEC%20*%20WHERE%20%7B%7D", 400)
    assert navigation(broken) == NAVIGATION
    as_json = client.get("/no/such/page", headers={"Accept": "application/json"})
    assert as_json.status_code == 404 and as_json.get_json()["status"] == 404


def test_the_fronts_error_pages_carry_the_navigation() -> None:
    """Errors the server's front answers outside Flask (busy, body too large or too slow)."""
    from endpoint.errors import bare_page
    from kg.errors import ServerBusy

    html = lxml.html.fromstring(bare_page(ServerBusy("all request threads are busy")))
    assert navigation(html) == NAVIGATION
    assert html.xpath("//pre[@class='error-message']/text()") == ["all request threads are busy"]


def test_the_site_has_an_icon(client: FlaskClient) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response.headers["Location"])
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert icon.get_data(as_text=True).startswith("<svg")
    home = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'rel="icon"' in home
