"""The concordance (KWIC): every occurrence of a concept or a phrase with its context aligned on
the keyword, sortable, as CSV; linked from concept pages and search."""

from __future__ import annotations

import csv
import io
import urllib.parse

import lxml.html
import pytest
from flask.testing import FlaskClient

from endpoint.pages.concordance import (
    ConcordanceQuery,
    SortKey,
    concordance,
    left_context,
    parse_concordance,
    right_context,
)
from kg.errors import UsageError
from kg.read.reader import Reader
from kg.read.text_index import fold
from kg.settings import Settings
from tests.ld_fixture import open_reader

HTML = {"Accept": "text/html"}
NPT = "https://w3id.org/gsi-kg/concept/npt"


@pytest.fixture(scope="module")
def reader(settings: Settings) -> Reader:
    return open_reader(settings.out)


def passage_texts(reader: Reader) -> dict[str, str]:
    rows = reader.select("SELECT ?p ?text WHERE { ?p a gsi:Passage ; gsi:text ?text }")
    return {r["p"]: r["text"] for r in rows}


def test_every_line_is_aligned_on_its_keyword(reader: Reader) -> None:
    texts = passage_texts(reader)
    for query in (ConcordanceQuery("npt", None), ConcordanceQuery(None, "核裁軍")):
        found = concordance(reader, query)
        assert found.complete and found.lines
        for line in found.lines:
            text = texts[line.passage]
            assert text[line.start : line.end] == line.keyword
            assert text[: line.start].replace("\n", " ").endswith(line.left)
            assert text[line.end :].replace("\n", " ").startswith(line.right)
            assert line.left == left_context(text, line.start)
            assert line.right == right_context(text, line.end)


def test_a_concepts_lines_are_its_mentions(reader: Reader) -> None:
    found = concordance(reader, ConcordanceQuery("不扩散核武器条约", None))
    assert found.concept is not None and found.concept.iri == NPT
    [counted] = reader.select(
        "SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m oa:hasBody ?this }", NPT
    )
    assert len(found.lines) == int(counted["n"]) == 6
    undated = [line for line in found.lines if not line.date]
    assert undated and found.lines[-len(undated) :] == undated  # date order: undated last


def test_a_phrase_is_found_folded(reader: Reader) -> None:
    texts = passage_texts(reader)
    found = concordance(reader, ConcordanceQuery(None, "核裁軍"))
    assert len(found.lines) == sum(t.count("核裁军") for t in texts.values())
    assert {line.keyword for line in found.lines} == {"核裁军"}


@pytest.mark.parametrize("key", list(SortKey))
def test_lines_sort_by_each_key(reader: Reader, key: SortKey) -> None:
    lines = concordance(reader, ConcordanceQuery(None, "安全", key)).lines
    if key is SortKey.LEFT:
        keys = [fold(line.left)[::-1] for line in lines]
    elif key is SortKey.RIGHT:
        keys = [fold(line.right) for line in lines]
    elif key is SortKey.DOCUMENT:
        keys = [line.doc_id for line in lines]
    else:
        keys = [(not line.date, line.date) for line in lines]  # type: ignore[misc]
    assert keys == sorted(keys)  # type: ignore[type-var]


def test_the_request_names_one_concept_or_one_phrase() -> None:
    for args in ({}, {"concept": "npt", "phrase": "x"}, {"phrase": "x", "sort": "colour"}):
        with pytest.raises(UsageError):
            parse_concordance(args)


def test_csv_export(client: FlaskClient) -> None:
    response = client.get("/concordance?concept=NPT&sort=right&format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    # the name five times, and a bare 条约 that names it (推进条约…, after the NPT)
    assert len(rows) == 6 and {r["keyword"] for r in rows} == {"不扩散核武器条约", "条约"}
    assert [r["right"] for r in rows] == sorted((r["right"] for r in rows), key=fold)


def test_the_page_and_its_links(client: FlaskClient) -> None:
    page = client.get("/concordance?phrase=" + urllib.parse.quote("核裁軍"), headers=HTML)
    assert page.status_code == 200
    html = lxml.html.fromstring(page.get_data(as_text=True))
    assert len(html.xpath("//table[@class='kwic']/tbody/tr")) == 12
    assert any(
        "format=csv" in href for href in html.xpath("//p[@class='concordance-tools']//a/@href")
    )
    concept = lxml.html.fromstring(client.get("/concept/npt", headers=HTML).get_data(as_text=True))
    [link] = concept.xpath("//a[@class='concordance-link']/@href")
    assert client.get(link, headers=HTML).status_code == 200
    search = client.get("/search?q=" + urllib.parse.quote("核裁军"), headers=HTML)
    links = lxml.html.fromstring(search.get_data(as_text=True)).xpath(
        "//p[@class='hit-tools']/a/@href"
    )
    assert links == ["/concordance?phrase=" + urllib.parse.quote("核裁军")]
    assert client.get("/concordance?concept=nptt", headers=HTML).status_code == 400
    assert client.get("/concordance", headers=HTML).status_code == 400
