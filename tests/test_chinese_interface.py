"""Chinese throughout the Chinese interface: class names, polarities, metadata labels, canned
query titles and descriptions (``# title_zh:``), labels in result tables."""

from __future__ import annotations

import json
import re

import lxml.html
import rdflib
from flask.testing import FlaskClient
from rdflib.namespace import SKOS

from kg.read.canned import load_queries
from kg.settings import PROJECT_ROOT

HTML = {"Accept": "text/html"}
QUERIES = load_queries(PROJECT_ROOT / "queries")
CJK = re.compile(r"[\u4e00-\u9fff]")
CAMEL_CASE = re.compile(r"^[A-Z][a-z]+[A-Z]\w*$")  # NonTraditionalSecurityDomain, sourceFile …


def page(client: FlaskClient, path: str) -> lxml.html.HtmlElement:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200, path
    return lxml.html.fromstring(response.get_data(as_text=True))


def test_every_canned_query_has_a_chinese_title_and_description() -> None:
    for query in QUERIES.values():
        assert CJK.search(query.title_zh) and CJK.search(query.description_zh), query.name
        assert query.title_in("zh") == query.title_zh and query.title_in("en") == query.title


def test_the_query_list_and_pages_are_in_the_interfaces_language(client: FlaskClient) -> None:
    zh = page(client, "/queries?lang=zh")
    titles = zh.xpath("//tbody/tr/td[2]/strong/text()")
    assert titles == [q.title_zh for q in QUERIES.values()]
    en = page(client, "/queries?lang=en")
    assert en.xpath("//tbody/tr/td[2]/strong/text()") == [q.title for q in QUERIES.values()]
    one = page(client, "/queries/security-domains?lang=zh")
    assert one.xpath("//h1/text()") == ["安全领域及其提及次数"]
    kinds = set(one.xpath("//table[@class='results']/tbody/tr/td[4]/a/text()"))
    assert kinds == {"传统安全领域", "非传统安全领域"}
    editor = page(client, "/sparql?lang=zh")
    [config] = editor.xpath("//script[@id='gsikg-config']/text()")
    examples = {e["name"]: e["title"] for e in json.loads(config)["examples"]}
    assert examples["mentions-per-year"] == QUERIES["mentions-per-year"].title_zh


def test_concept_pages_name_classes_and_polarities_in_chinese(client: FlaskClient) -> None:
    html = page(client, "/concept/npt?lang=zh")
    badges = html.xpath("//dl[@class='facts']//a[@class='badge']/text()")
    assert "条约与文书" in badges and not any(CAMEL_CASE.match(b) for b in badges)
    polarities = set(html.xpath("//td[contains(@class, 'polarity')]/text()"))
    assert polarities and polarities <= {"支持", "反对", "呼吁"}
    english = page(client, "/concept/npt?lang=en")
    assert "Support" in english.xpath("//td[contains(@class, 'polarity')]/text()")


def test_document_metadata_is_labelled_in_chinese(client: FlaskClient) -> None:
    html = page(client, "/doc/gsi-concept-paper?lang=zh")
    keys = html.xpath("//dl[@class='facts']/dt/text()")
    assert {"源文件", "日期", "作者"} <= set(keys)
    assert not any(CAMEL_CASE.match(k) or k.islower() for k in keys)


def test_the_concept_index_names_its_classes_in_chinese(client: FlaskClient) -> None:
    html = page(client, "/concepts?lang=zh&class=Treaty")
    assert html.xpath("//section/h2//text()") == ["条约与文书"]
    toc = " ".join(html.xpath("//nav[@class='toc']//text()"))
    assert "原则与理念" in toc and "Principle" not in toc
    subclasses = {s for s in html.xpath("//section//tbody/tr/td[2]/text()") if s.strip()}
    assert subclasses and not any(CAMEL_CASE.match(s) for s in subclasses)


def _definitions_by_language() -> dict[str, dict[str, str]]:
    """Each vocabulary concept's definitions, by language, read from the Turtle files."""
    graph = rdflib.Graph()
    for path in sorted((PROJECT_ROOT / "ontology" / "vocabulary").glob("*.ttl")):
        graph.parse(path, format="turtle")
    found: dict[str, dict[str, str]] = {}
    for concept, definition in graph.subject_objects(SKOS.definition):
        assert isinstance(definition, rdflib.Literal)
        found.setdefault(str(concept), {})[definition.language or ""] = str(definition)
    return found


def _shown_definition(client: FlaskClient, slug: str, lang: str) -> tuple[str, str]:
    html = page(client, f"/concept/{slug}?lang={lang}")
    [dd] = html.xpath("//dl[@class='facts']/dd[@class='definition']")
    return dd.get("lang"), dd.text_content()


def test_the_concept_page_shows_the_definition_in_the_interfaces_language(
    client: FlaskClient,
) -> None:
    definitions = _definitions_by_language()
    both = sorted(c for c, d in definitions.items() if {"en", "zh"} <= set(d))
    assert both
    for concept in (both[0], both[len(both) // 2], both[-1]):
        slug = concept.rsplit("/", 1)[1]
        for lang in ("zh", "en"):
            assert _shown_definition(client, slug, lang) == (lang, definitions[concept][lang])
    # A concept defined only in English shows that definition, marked as English, in Chinese.
    english_only = sorted(c for c, d in definitions.items() if set(d) == {"en"})
    for concept in english_only[:1]:
        slug = concept.rsplit("/", 1)[1]
        assert _shown_definition(client, slug, "zh") == ("en", definitions[concept]["en"])


def test_error_pages_are_titled_in_the_interfaces_language(client: FlaskClient) -> None:
    for lang, missing, wrong in (("zh", "未找到", "查询错误"), ("en", "Not found", "Query error")):
        response = client.get(f"/concept/no-such-concept?lang={lang}", headers=HTML)
        assert response.status_code == 404
        title = lxml.html.fromstring(response.get_data(as_text=True)).findtext(".//h1/small")
        assert title == missing
        response = client.get(
            f"/sparql?lang={lang}&query=SELECT%20%3Fx%20WHERE%20%7B", headers=HTML
        )
        assert response.status_code == 400
        title = lxml.html.fromstring(response.get_data(as_text=True)).findtext(".//h1/small")
        assert title == wrong


def test_other_labels_list_the_interfaces_language_first(client: FlaskClient) -> None:
    for lang in ("zh", "en"):
        tree = page(client, f"/concept/npt?lang={lang}")
        name = "别名" if lang == "zh" else "Other labels"
        [shown] = [dt.getnext() for dt in tree.iter("dt") if dt.text_content().strip() == name]
        labels = re.split("、" if lang == "zh" else ", ", shown.text_content())
        chinese = [bool(CJK.search(label)) for label in labels]
        assert any(chinese) and not all(chinese), labels
        # the interface's language first, then the other: one switch only
        assert chinese == sorted(chinese, reverse=lang == "zh"), labels
