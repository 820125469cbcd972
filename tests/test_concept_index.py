"""The concept index (``/concepts``): the concepts the corpus never mentions are left out unless
asked for (``?unmentioned=1``), then listed after the others of their class, greyed; the index
says how many there are, and paging keeps the choice."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
from flask.testing import FlaskClient

from tests.ld_fixture import open_reader

HTML = {"Accept": "text/html", "Accept-Language": "en"}
# Counted from the mentions themselves, not from the statistics the page reads.
NEVER_MENTIONED = """
SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?c a skos:Concept .
  FILTER NOT EXISTS { ?m oa:hasBody ?c }
}
"""


def page(client: FlaskClient, path: str) -> lxml.html.HtmlElement:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, path
    return lxml.html.fromstring(response.get_data(as_text=True))


def mention_counts(html: lxml.html.HtmlElement) -> list[list[tuple[int, bool]]]:
    """Per class section, each row's mention count and whether it is greyed."""
    return [
        [
            (int(row.xpath("string(td[3])")), "unmentioned" in (row.get("class") or ""))
            for row in section.xpath(".//tbody/tr")
        ]
        for section in html.xpath("//article[@class='concept-index']/section")
    ]


def test_the_index_lists_mentioned_concepts_and_says_how_many_are_not(
    client: FlaskClient, built: Path
) -> None:
    [row] = open_reader(built).select(NEVER_MENTIONED)
    never = int(row["n"])
    assert never > 100  # the vocabulary is larger than what five documents name
    html = page(client, "/concepts")
    rows = [r for section in mention_counts(html) for r in section]
    assert rows and all(n > 0 and not grey for n, grey in rows)
    note = html.xpath("string(//p[@class='unmentioned-toggle'])")
    assert f"{never} more in the vocabulary are never mentioned" in note
    [link] = html.xpath("//p[@class='unmentioned-toggle']/a/@href")
    assert "unmentioned=1" in link


def test_asked_for_the_unmentioned_come_after_the_others_greyed(client: FlaskClient) -> None:
    html = page(client, "/concepts?unmentioned=1")
    sections = mention_counts(html)
    zero_rows = [r for section in sections for r in section if r[0] == 0]
    assert zero_rows and all(grey for _, grey in zero_rows)
    for section in sections:
        counts = [n for n, _ in section]
        assert counts == sorted(counts, reverse=True)  # most mentioned first, zeros last
        assert all(not grey for n, grey in section if n > 0)
    [hide] = html.xpath("//p[@class='unmentioned-toggle']/a/@href")
    assert "unmentioned" not in hide
    [following] = html.xpath("//a[@rel='next']/@href")
    assert "unmentioned=1" in following and "page=1" in following
    second = page(client, following)
    assert any(n == 0 for section in mention_counts(second) for n, _ in section)


def toc_count(html: lxml.html.HtmlElement, cls: str) -> int:
    links = f"//nav[@class='toc']/a[starts-with(@href, '/concepts?class={cls}')]/text()"
    [text] = html.xpath(links)
    return int(re.findall(r"\((\d+)\)", text)[0])


def test_one_class_counts_its_own_unmentioned_concepts(client: FlaskClient) -> None:
    mentioned = page(client, "/concepts?class=Treaty")
    every = page(client, "/concepts?class=Treaty&unmentioned=1")
    [shown] = mention_counts(mentioned)
    note = mentioned.xpath("string(//p[@class='unmentioned-toggle'])")
    [never] = re.findall(r"(\d+) more in the vocabulary", note)
    assert toc_count(mentioned, "Treaty") == len(shown)
    assert toc_count(every, "Treaty") == len(shown) + int(never) and int(never) > 0
