"""The charts of canned queries: every year present (zero-filled), undated documents shown as
such, labels not IRIs, no zero tails, whole numbers for counts."""

from __future__ import annotations

import json

import lxml.html
from flask.testing import FlaskClient

from endpoint.pages.charts import chart_data
from kg.read.canned import Cell, Chart, ChartKind, Table

HTML = {"Accept": "text/html"}


def table(*rows: tuple[Cell, str]) -> Table:
    return Table(("x", "n"), tuple((x, Cell(n)) for x, n in rows), False)


def page_chart(client: FlaskClient, path: str) -> dict[str, object]:
    response = client.get(path, headers=HTML)
    assert response.status_code == 200
    html = lxml.html.fromstring(response.get_data(as_text=True))
    [spec] = html.xpath("//canvas[@id='query-chart']/@data-chart")
    return dict(json.loads(spec))


def test_every_year_is_a_point_and_undated_rows_are_apart() -> None:
    data = chart_data(
        Chart(ChartKind.LINE, "x", "n"),
        table((Cell("2019"), "2"), (Cell("2022"), "1"), (Cell(""), "3")),
        {},
        "undated",
    )
    assert data is not None
    assert data.labels == ["2019", "2020", "2021", "2022"]
    assert data.values == [2, 0, 0, 1]
    assert (data.undated, data.undated_label, data.integer) == (3, "undated", True)


def test_bars_of_categories_are_labelled_and_zero_bars_left_out() -> None:
    iri = "https://w3id.org/gsi-kg/concept/npt"
    data = chart_data(
        Chart(ChartKind.BAR, "x", "n"),
        table((Cell("npt", iri), "5"), (Cell("b"), "0"), (Cell("c"), "0.5")),
        {iri: "不扩散核武器条约"},
        "undated",
    )
    assert data is not None
    assert data.labels == ["不扩散核武器条约", "c"]
    assert (data.omitted, data.undated, data.integer) == (1, None, False)


def test_mentions_per_year_counts_every_mention(client: FlaskClient) -> None:
    spec = page_chart(client, "/queries/mentions-per-year?concept=npt&lang=en")
    assert spec["labels"] == ["2021", "2022", "2023"]
    assert spec["values"] == [2, 0, 1]  # 2021: the NPT by name and a bare 条约 naming it
    assert spec["undated"] == 3 and spec["undated_label"] == "undated"
    assert spec["integer"] is True
    answer = client.get("/queries/mentions-per-year?concept=npt&format=json").get_json()
    rows = answer["results"]["bindings"]
    assert sum(int(r["mentions"]["value"]) for r in rows) == 6  # all six mentions of the NPT
    assert [r for r in rows if "year" not in r]  # the undated row


def test_bars_are_labelled_by_title_in_the_pages_language(client: FlaskClient) -> None:
    spec = page_chart(client, "/queries/documents-overview?lang=zh")
    assert "全球安全倡议概念文件" in spec["labels"]  # type: ignore[operator]
    assert not any("/" in str(label) for label in spec["labels"])  # type: ignore[attr-defined]
    english = page_chart(client, "/queries/documents-overview?lang=en")
    assert "The Global Security Initiative Concept Paper" in english["labels"]  # type: ignore[operator]
    domains = page_chart(client, "/queries/security-domains?lang=zh")
    assert 0 not in domains["values"]  # type: ignore[operator]
    assert domains["omitted"] > 0  # type: ignore[operator]
