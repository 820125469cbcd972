"""Search: traditional/simplified folding as in extraction, English words in English documents,
filters (class, document, date range), hit counts and pages."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
from flask.testing import FlaskClient

from endpoint.pages.search import SEARCH_PAGE_SIZE, SearchQuery, parse_search, search
from kg.errors import UsageError
from kg.read.reader import Reader
from kg.settings import Settings
from tests.conftest import build_corpus, flask_app
from tests.ld_fixture import open_reader
from tests.test_english import MANIFEST, STATEMENT, TAIWAN, UNTITLED

HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def seeds(built: Path) -> Reader:
    return open_reader(built)


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An English statement (dated), an untitled English text and a text in traditional
    characters with Taiwan wording."""
    root = tmp_path_factory.mktemp("search")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "statement.txt").write_text(STATEMENT, encoding="utf-8")
    (corpus / "untitled.txt").write_text(UNTITLED, encoding="utf-8")
    (corpus / "taiwan.txt").write_text(TAIWAN, encoding="utf-8")
    (corpus / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    build_corpus(corpus, root / "build")
    return root / "build"


@pytest.fixture(scope="module")
def mixed_client(mixed: Path) -> Iterator[FlaskClient]:
    with flask_app(Settings.from_env(environ={}, out=mixed)) as app:
        yield app.test_client()


def passages(results: object) -> list[str]:
    return [iri for iri, _, _ in results.passages]  # type: ignore[attr-defined]


def marked(results: object) -> list[str]:
    return [
        s.text
        for _, _, segments in results.passages  # type: ignore[attr-defined]
        for s in segments
        if s.marked
    ]


def test_traditional_characters_find_simplified_text(seeds: Reader) -> None:
    simplified = search(seeds, SearchQuery("核裁军"))
    traditional = search(seeds, SearchQuery("核裁軍"))
    assert passages(traditional) == passages(simplified) != []
    assert traditional.passage_total == simplified.passage_total
    assert set(marked(traditional)) == {"核裁军"}


def test_simplified_finds_traditional_text_highlighted_as_written(mixed: Path) -> None:
    reader = open_reader(mixed)
    for text in ("网络安全", "網路安全"):
        found = search(reader, SearchQuery(text))
        assert found.passage_total == 2  # the title and the paragraph
        assert set(marked(found)) == {"網路安全"}


def test_english_words_find_passages_of_english_documents(mixed: Path) -> None:
    reader = open_reader(mixed)
    found = search(reader, SearchQuery("Disarmament"))
    assert found.passage_total == 1
    assert [d.doc_id for d, _ in found.by_document] == ["statement"]
    assert marked(found) == ["disarmament"]
    security = search(reader, SearchQuery("security"))
    assert {d.doc_id for d, _ in security.by_document} == {"statement", "untitled"}


def test_filters_by_document_and_date(mixed: Path) -> None:
    reader = open_reader(mixed)
    everywhere = search(reader, SearchQuery("security"))
    in_statement = search(reader, SearchQuery("security", doc="statement"))
    counts = {d.doc_id: n for d, n in everywhere.by_document}
    assert in_statement.passage_total == counts["statement"] < everywhere.passage_total
    dated = search(reader, SearchQuery("security", since="2024-01-01", until="2024-12-31"))
    assert dated.passage_total == counts["statement"]  # the undated text is left out
    before = search(reader, SearchQuery("security", until="2023-12-31"))
    assert before.passage_total == 0
    with pytest.raises(UsageError, match="no such document"):
        search(reader, SearchQuery("security", doc="nope"))


def test_the_class_filter_keeps_the_concepts_of_one_class(seeds: Reader) -> None:
    every = search(seeds, SearchQuery("条约"))
    treaties = search(seeds, SearchQuery("条约", only="Treaty"))
    assert 0 < len(treaties.concepts) < len(every.concepts)
    treaty_iris = {r["c"] for r in seeds.select("SELECT ?c WHERE { ?c a gsi:Treaty }")}
    assert {c.iri for c, _ in treaties.concepts} <= treaty_iris


def test_pages_hold_every_hit_once(seeds: Reader) -> None:
    first = search(seeds, SearchQuery("安全"))
    assert first.passage_total is not None and first.passage_total > SEARCH_PAGE_SIZE
    seen: list[str] = []
    for page in range(first.pages):
        seen += passages(search(seeds, SearchQuery("安全", page=page)))
    assert len(seen) == len(set(seen)) == first.passage_total
    assert sum(n for _, n in first.by_document) == first.passage_total


def test_the_documents_listed_are_those_with_most_hits(
    seeds: Reader, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = search(seeds, SearchQuery("安全"))
    assert every.document_total == len(every.by_document) == 5
    counts = [n for _, n in every.by_document]
    assert counts == sorted(counts, reverse=True)
    monkeypatch.setattr("endpoint.pages.search.DOCUMENTS_SHOWN", 2)
    few = search(seeds, SearchQuery("安全"))
    assert few.document_total == 5 and few.passage_total == every.passage_total
    assert few.by_document == every.by_document[:2]
    assert {d.doc for d in few.documents} == {d.doc for d, _ in few.by_document}
    # the document filtered by is offered, with or without hits
    least = every.by_document[-1][0].doc_id
    one = search(seeds, SearchQuery("安全", doc=least))
    assert [d.doc_id for d in one.documents] == [least]
    none = search(seeds, SearchQuery("安全", doc=least, until="1990-12-31"))
    assert none.passage_total == 0 and [d.doc_id for d in none.documents] == [least]


def test_bad_filters_are_usage_errors() -> None:
    assert parse_search({"q": "x", "from": "2022"}).since == "2022-01-01"
    assert parse_search({"q": "x", "to": "2022"}).until == "2022-12-31"
    for args in ({"from": "22"}, {"to": "2022-13-01"}, {"class": "Colour"}, {"page": "-1"}):
        with pytest.raises(UsageError):
            parse_search({"q": "x", **args})


def test_the_search_page_shows_counts_filters_and_pages(client: FlaskClient) -> None:
    response = client.get("/search?q=" + urllib.parse.quote("核裁軍") + "&lang=en", headers=HTML)
    assert response.status_code == 200
    html = lxml.html.fromstring(response.get_data(as_text=True))
    [heading] = html.xpath("//section[@class='passage-hits']/h2/small/text()")
    assert heading.startswith("7 passages in 3 documents")
    links = html.xpath("//details[@class='by-document']//a/@href")
    assert any("doc=cd-speech-2021" in link for link in links)
    assert html.xpath("//form[@class='search-form']//select[@name='class']/option")
    paged = client.get("/search?q=" + urllib.parse.quote("安全") + "&page=1", headers=HTML)
    page = lxml.html.fromstring(paged.get_data(as_text=True))
    assert page.xpath("//nav[@class='pager']/a[@rel='prev']")
    assert client.get("/search?q=x&from=20", headers=HTML).status_code == 400


def test_the_page_finds_traditional_text(mixed_client: FlaskClient) -> None:
    response = mixed_client.get("/search?q=" + urllib.parse.quote("网络安全"), headers=HTML)
    html = lxml.html.fromstring(response.get_data(as_text=True))
    assert "網路安全" in html.xpath("//blockquote[@class='passage']//mark/text()")
