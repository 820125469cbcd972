"""Canned queries: every ``queries/*.rq`` loads and runs; parameters are bound as RDF terms."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from kg.cli import main
from kg.errors import UsageError
from kg.namespaces import Namespace
from kg.read.canned import ParamType, canned_table, load_queries, parse_query_file
from kg.read.reader import Reader
from kg.settings import PROJECT_ROOT, Settings
from kg.store import Store
from tests.conftest import flask_app
from tests.ld_fixture import build_real, open_reader

QUERIES = load_queries(PROJECT_ROOT / "queries")
NS = Namespace()
# The fixture layer has no calls to action and no discovered concepts; every other query has rows.
EMPTY_ON_FIXTURE = {"calls-to-action", "discovered-concepts"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_real(tmp_path_factory.mktemp("canned") / "out")


@pytest.fixture(scope="module")
def store(out: Path) -> Reader:
    return open_reader(out)


@pytest.fixture(scope="module")
def client(out: Path) -> Iterator[FlaskClient]:
    with flask_app(Settings.from_env(environ={}, out=out)) as app:
        yield app.test_client()


def rows(store: Reader, name: str, **values: str) -> list[dict[str, str]]:
    query = QUERIES[name]
    table = canned_table(store, query, query.bind(values, NS), 10_000)
    return [
        {c: cell.text for c, cell in zip(table.columns, row, strict=True)} for row in table.rows
    ]


def test_at_least_fifteen_documented_queries() -> None:
    assert len(QUERIES) >= 15
    for query in QUERIES.values():
        assert query.title and query.description
        for param in query.params:
            assert param.name in query.sparql  # each parameter is a variable of the query


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_every_query_runs_on_the_real_build(store: Store, name: str) -> None:
    found = rows(store, name)
    if name not in EMPTY_ON_FIXTURE:
        assert found, f"{name} returned no rows"


def test_passages_mentioning_both_concepts_contain_both_labels(store: Store) -> None:
    found = rows(store, "passages-mentioning-both", a="un-charter", b="un-security-council")
    assert found
    for row in found:
        # The Council is named 安理会 or 安全理事会, the Charter also 《宪章》 once named.
        assert "宪章" in row["text"]
        assert "安理会" in row["text"] or "安全理事会" in row["text"]
        assert row["a"] == NS.concept("un-charter")
        assert row["b"] == NS.concept("un-security-council")


def test_a_concept_parameter_takes_a_slug_or_an_iri(store: Store) -> None:
    by_slug = rows(store, "mentions-per-year", concept="npt")
    by_iri = rows(store, "mentions-per-year", concept=NS.concept("npt"))
    assert by_slug == by_iri and by_slug
    years = [r["year"] for r in by_slug]
    assert years == sorted(years, key=lambda year: (not year, year))  # undated last


def test_integer_parameter_filters_aggregates(store: Store) -> None:
    at_least_two = rows(store, "cooccurring-concepts", min="2")
    at_least_one = rows(store, "cooccurring-concepts", min="1")
    assert all(int(r["together"]) >= 2 for r in at_least_two)
    assert len(at_least_one) > len(at_least_two)


def test_a_string_value_with_sparql_syntax_cannot_inject(store: Store) -> None:
    # Pasted into CONTAINS(?text, "…") this would match every passage.
    assert rows(store, "search-passages", phrase='") || true || ("') == []
    assert rows(store, "search-passages", phrase="} UNION { ?passage ?p ?text }") == []
    assert len(rows(store, "search-passages", phrase="安理会")) > 0


def test_an_iri_value_with_sparql_syntax_is_refused() -> None:
    query = QUERIES["passages-mentioning-both"]
    with pytest.raises(UsageError, match="not a valid concept"):
        query.bind({"a": "npt> } UNION { ?s ?p ?o", "b": "npt"}, NS)
    with pytest.raises(UsageError, match="no parameter"):
        query.bind({"nope": "1"}, NS)


def test_typed_values() -> None:
    query = QUERIES["cooccurring-concepts"]
    bound = dict(query.bind({"min": "3"}, NS))
    assert bound["min"].value == "3" and bound["scope"].value == NS.term("PassageScope")
    with pytest.raises(UsageError):
        query.bind({"min": "three"}, NS)
    assert {p.type for q in QUERIES.values() for p in q.params} >= {
        ParamType.IRI,
        ParamType.CONCEPT,
        ParamType.STRING,
        ParamType.INTEGER,
    }


def test_malformed_header_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("# title: t\n# description: d\n# param: x colour red\nSELECT * {}\n")
    with pytest.raises(UsageError, match=r"bad.rq:3: parameter type 'colour'"):
        parse_query_file(bad)
    (tmp_path / "untitled.rq").write_text("SELECT * {}\n")
    with pytest.raises(UsageError, match="missing '# title:'"):
        parse_query_file(tmp_path / "untitled.rq")


def test_cli_runs_a_canned_query_with_parameters(out: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            *("query", "--store", str(out), "--name", "mentions-per-year"),
            *("--param", "concept=un-charter", "--format", "json"),
        ],
    )
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.output)["results"]["bindings"]
    assert {b["concept"]["value"] for b in bindings} == {NS.concept("un-charter")}


def test_cli_rejects_bad_parameters(out: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["query", "--store", str(out), "--name", "nope"])
    assert bad.exit_code == 2 and "no canned query 'nope'" in bad.output
    malformed = runner.invoke(
        main, ["query", "--store", str(out), "--name", "first-mention", "--param", "concept"]
    )
    assert malformed.exit_code == 2 and "NAME=VALUE" in malformed.output
    listed = runner.invoke(main, ["query", "--list"])
    assert listed.exit_code == 0 and "treaties-by-document" in listed.output


def test_http_json_csv_and_html(client: FlaskClient) -> None:
    as_json = client.get("/queries/treaties-by-document?format=json")
    assert as_json.mimetype == "application/sparql-results+json"
    assert json.loads(as_json.data)["results"]["bindings"]
    as_csv = client.get("/queries/treaties-by-document", headers={"Accept": "text/csv"})
    table = list(csv.DictReader(io.StringIO(as_csv.data.decode())))
    assert table and "treaty" in table[0]
    page = client.get("/queries/mentions-per-year?concept=npt", headers={"Accept": "text/html"})
    assert page.status_code == 200 and b'id="query-chart"' in page.data
    assert b"/static/vendor/chart.umd.min.js" in page.data
    bad = client.get("/queries/mentions-per-year?concept=a%20b&format=json")
    assert bad.status_code == 400
    assert client.get("/queries/nope?format=json").status_code == 404
    index = client.get("/queries", headers={"Accept": "text/html"})
    assert all(name.encode() in index.data for name in QUERIES)
