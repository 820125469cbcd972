"""How a formulation travels (提法), on a concept page and as canned queries: mentions by year
and genre (every year, the undated apart), the surface forms with their first and latest year,
the first and latest use, the documents that introduce the concept.

The expected answers are computed here from the mentions themselves (one row per mention, read
without aggregation), not from the statistics graph or the canned queries under test."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pytest
from flask.testing import FlaskClient
from playwright.sync_api import Browser, Page

from endpoint.pages.formulation import FORMULATION_QUERIES, Formulation, formulation
from kg.read.canned import load_queries
from kg.settings import PROJECT_ROOT
from tests.conftest import LiveServer, checked_tab
from tests.ld_fixture import open_reader

HTML = {"Accept": "text/html", "Accept-Language": "en"}
QUERIES = load_queries(PROJECT_ROOT / "queries")
# Every mention of one concept with its text, its document and the document's date and genre.
MENTIONS = """
SELECT ?m ?form ?doc ?date WHERE {
  ?m oa:hasBody ?this ; oa:hasTarget ?t .
  ?t oa:hasSource ?p ; oa:hasSelector ?q .
  ?q oa:exact ?form .
  ?p dcterms:isPartOf ?doc .
  ?doc a gsi:Document .
  OPTIONAL { ?doc dcterms:date ?date }
}
"""
# Concepts named by more than one text in the seed corpus, and one named in undated documents.
SEVERAL_FORMS = ("common-comprehensive-cooperative-sustainable-security", "un-charter", "npt")


@dataclass(frozen=True)
class Mention:
    form: str
    doc: str
    date: str

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


def mentions(built: Path, slug: str) -> list[Mention]:
    reader = open_reader(built)
    rows = reader.select(MENTIONS, reader.ns.concept(slug))
    assert len({r["m"] for r in rows}) == len(rows)
    return [Mention(r["form"], r["doc"], r["date"]) for r in rows]


def travels(built: Path, slug: str) -> Formulation:
    reader = open_reader(built)
    queries = tuple(QUERIES[name] for name in FORMULATION_QUERIES)
    return formulation(reader, queries, reader.ns.concept(slug))


@pytest.mark.parametrize("slug", SEVERAL_FORMS)
def test_the_surface_forms_are_those_of_the_mentions(built: Path, slug: str) -> None:
    found = mentions(built, slug)
    expected = {}
    for form in {m.form for m in found}:
        of_form = [m for m in found if m.form == form]
        years = [m.year for m in of_form if m.year is not None]
        expected[form] = (
            len(of_form),
            len({m.doc for m in of_form}),
            str(min(years)) if years else "",
            str(max(years)) if years else "",
            sum(1 for m in of_form if m.year is None),
        )
    forms = travels(built, slug).forms
    assert {
        f.text: (f.mentions, f.documents, f.first_year, f.latest_year, f.undated_mentions)
        for f in forms
    } == expected
    dated = [f.first_year for f in forms if f.first_year]
    assert dated == sorted(dated)  # earliest first


def test_a_concept_has_several_forms_over_time(built: Path) -> None:
    forms = travels(built, "common-comprehensive-cooperative-sustainable-security").forms
    assert len(forms) >= 2 and len({f.first_year for f in forms}) >= 2


@pytest.mark.parametrize("slug", SEVERAL_FORMS)
def test_the_timeline_has_every_year_and_the_undated_apart(built: Path, slug: str) -> None:
    found = mentions(built, slug)
    timeline = travels(built, slug).timeline
    years = [m.year for m in found if m.year is not None]
    assert timeline.years == list(range(min(years), max(years) + 1))
    by_year = Counter(years)
    assert [sum(s.values[i] for s in timeline.series) for i in range(len(timeline.years))] == [
        by_year.get(y, 0) for y in timeline.years
    ]
    assert sum(s.undated for s in timeline.series) == sum(1 for m in found if m.year is None)


def test_the_timeline_counts_by_genre(built: Path) -> None:
    reader = open_reader(built)
    genres = {
        r["doc"]: r["genre"]
        for r in reader.select(
            "SELECT ?doc ?genre WHERE { ?o qb:dataSet stats:document ; gsi:refDocument ?doc ; "
            "gsi:refGenre ?genre }"
        )
    }
    found = mentions(built, "npt")
    expected: dict[str, int] = defaultdict(int)
    for m in found:
        expected[genres.get(m.doc, "")] += 1
    timeline = travels(built, "npt").timeline
    assert {s.genre: sum(s.values) + s.undated for s in timeline.series} == dict(expected)
    assert 2022 in timeline.years and timeline.has_undated  # a year without any is a 0


def test_first_latest_and_introducing_documents(built: Path) -> None:
    found = mentions(built, "un-charter")
    dated = sorted({(m.date, m.doc) for m in found if m.date})
    result = travels(built, "un-charter")
    assert result.first is not None and result.latest is not None
    assert (result.first.date, result.first.doc) == dated[0]
    assert (result.latest.date, result.latest.doc) == dated[-1]
    documents = {m.doc for m in found}
    introducing = result.introducing
    assert [u.doc for u in introducing[: len(dated)]] == [doc for _, doc in dated][:5]
    assert all(u.date == "" for u in introducing[len(dated) :])  # the undated ones after
    assert len(introducing) == min(5, len(documents))
    counts = Counter(m.doc for m in found)
    assert all(u.mentions == counts[u.doc] for u in introducing)


def test_the_page_shows_what_the_canned_queries_answer(client: FlaskClient) -> None:
    html = lxml.html.fromstring(
        client.get("/concept/un-charter", headers=HTML).get_data(as_text=True)
    )
    [section] = html.xpath("//section[@id='formulation']")
    shown = [
        (row.xpath("string(td[1])"), int(row.xpath("string(td[2])")))
        for row in section.xpath(".//table[@class='surface-forms']/tbody/tr")
    ]
    answer = client.get("/queries/surface-forms?concept=un-charter&format=json").get_json()
    rows = [
        (b["form"]["value"], int(b["mentions"]["value"])) for b in answer["results"]["bindings"]
    ]
    assert shown == rows and len(rows) >= 2
    links = set(section.xpath(".//a[@class='query-link']/@href"))
    assert {link.split("?")[0] for link in links} == {f"/queries/{q}" for q in FORMULATION_QUERIES}
    chart = json.loads(section.xpath("string(.//canvas[@id='formulation-chart']/@data-chart)"))
    assert chart["labels"][-1] == "undated"


def test_a_concept_never_mentioned_has_no_such_section(client: FlaskClient) -> None:
    page = client.get("/concept/treaty-of-pelindaba", headers=HTML).get_data(as_text=True)
    assert 'id="formulation"' not in page


@pytest.fixture()
def page(browser: Browser) -> Iterator[Page]:
    with checked_tab(browser, 1000) as tab:
        yield tab


@pytest.mark.browser
@pytest.mark.server
def test_the_browser_draws_the_timeline_stacked_with_whole_numbers(
    live_server: LiveServer, page: Page, built: Path
) -> None:
    page.goto(f"{live_server.url}/concept/npt?lang=en")
    page.wait_for_selector("#formulation-chart[data-drawn=true]")
    drawn = page.evaluate(
        """() => {
        const chart = window.gsikgFormulationChart;
        return {
          labels: chart.data.labels,
          totals: chart.data.labels.map((_, i) =>
            chart.data.datasets.reduce((sum, d) => sum + d.data[i], 0)),
          stacked: chart.options.scales.y.stacked,
          ticks: chart.scales.y.ticks.map(t => t.value),
        };
      }"""
    )
    found = mentions(built, "npt")
    assert drawn["stacked"] is True
    assert sum(drawn["totals"]) == len(found)
    assert "2022" in drawn["labels"] and drawn["labels"][-1] == "undated"
    assert all(float(t).is_integer() for t in drawn["ticks"])
    box = page.locator("#formulation-chart").bounding_box()
    assert box is not None and box["height"] > 100
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
