"""Canned-query parameters by name: a concept by slug, IRI, zh or en label or alt label; an
unknown name or parameter is 400 (exit code 2) with the allowed ones and close suggestions."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from kg.cli import main

NPT = "https://w3id.org/gsi-kg/concept/npt"
NAMES_OF_THE_NPT = [
    "npt",
    NPT,
    "不扩散核武器条约",  # zh prefLabel
    "Treaty on the Non-Proliferation of Nuclear Weapons",  # en prefLabel
    "NPT",  # en altLabel
    "核不扩散条约",  # zh altLabel
    "treaty on the non-proliferation of nuclear weapons",  # case is ignored
]


def years(client: FlaskClient, concept: str) -> list[dict[str, str]]:
    argument = urllib.parse.quote(concept)
    response = client.get(f"/queries/mentions-per-year?concept={argument}&format=json")
    assert response.status_code == 200, response.get_data(as_text=True)
    return [
        {k: v["value"] for k, v in b.items()}
        for b in json.loads(response.data)["results"]["bindings"]
    ]


@pytest.mark.parametrize("name", NAMES_OF_THE_NPT)
def test_a_concept_is_named_by_slug_iri_or_label(client: FlaskClient, name: str) -> None:
    rows = years(client, name)
    assert rows and {r["concept"] for r in rows} == {NPT}
    assert rows == years(client, "npt")


def test_an_unknown_concept_is_400_with_suggestions(client: FlaskClient) -> None:
    response = client.get("/queries/mentions-per-year?concept=nptt&format=json")
    assert response.status_code == 400
    message = response.get_json()["message"]
    assert "no concept has this slug, IRI or label" in message
    assert "did you mean npt" in message
    chinese = client.get(
        "/queries/mentions-per-year?format=json&concept=" + urllib.parse.quote("不扩散核武器条")
    )
    assert chinese.status_code == 400 and "不扩散核武器条约" in chinese.get_json()["message"]


def test_an_unknown_parameter_is_400_with_the_parameters(client: FlaskClient) -> None:
    response = client.get("/queries/mentions-per-year?concpt=npt&format=json")
    assert response.status_code == 400
    message = response.get_json()["message"]
    assert "no parameter 'concpt'" in message and "parameters: concept" in message
    assert "did you mean concept?" in message
    html = client.get("/queries/mentions-per-year?concpt=npt", headers={"Accept": "text/html"})
    assert html.status_code == 400  # the page does not show the default instead
    # the page's own arguments are not parameters
    ok = client.get("/queries/mentions-per-year?concept=npt&lang=en&page=0")
    assert ok.status_code == 200


def test_the_form_completes_concept_names(client: FlaskClient) -> None:
    response = client.get("/queries/mentions-per-year?lang=zh", headers={"Accept": "text/html"})
    html = lxml.html.fromstring(response.get_data(as_text=True))
    [field] = html.xpath("//form[@class='params']//input[@name='concept']")
    assert field.get("list") == "concept-names"
    options = {o.get("value"): o.get("label") for o in html.xpath("//datalist/option")}
    assert options["npt"] == "不扩散核武器条约"


def test_the_cli_takes_names_and_rejects_unknown_ones(built: Path) -> None:
    runner = CliRunner()
    base = ["query", "--store", str(built), "--name", "mentions-per-year", "--format", "json"]
    for name in ("NPT", "不扩散核武器条约"):
        result = runner.invoke(main, [*base, "--param", f"concept={name}"])
        assert result.exit_code == 0, result.output
        bindings = json.loads(result.output)["results"]["bindings"]
        assert {b["concept"]["value"] for b in bindings} == {NPT}
    unknown = runner.invoke(main, [*base, "--param", "concept=nptt"])
    assert unknown.exit_code == 2 and "did you mean npt" in unknown.output
    misspelt = runner.invoke(main, [*base, "--param", "concpt=npt"])
    assert misspelt.exit_code == 2 and "did you mean concept?" in misspelt.output
