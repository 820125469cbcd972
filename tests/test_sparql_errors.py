"""Friendly SPARQL syntax errors (issue 19, item 9): the line and column of the offending token
in the text as sent (with and without PREFIX lines), one sentence of what was expected, an
unknown prefix named with the known ones, the offending line with a caret under the column, the
parser's own report in the JSON body, 400 and never 5xx, and an error page no wider than the
browser's viewport."""

from __future__ import annotations

import urllib.parse

import lxml.html
import pytest
from flask.testing import FlaskClient
from playwright.sync_api import sync_playwright

from kg.errors import SparqlSyntaxError
from kg.namespaces import Namespace
from tests.conftest import LiveServer, launch_chromium

JSON = {"Accept": "application/json"}
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
PREFIXES = "PREFIX ex: <http://example.org/>\nPREFIX ex2: <http://example.org/2/>\n"
# Each body has one error, at the token marked ⟦ ⟧ (the marks are removed before sending), and
# what the sentence says.
ERRORS = {
    "a term too many": ("SELECT ?s WHERE { ?s ?p ?o ⟦?x⟧ . }", "expected ',', '.', ';'"),
    "no object": ("SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  ?s ?p ⟦}⟧", "expected a variable, an IRI"),
    "a missing BY": ("SELECT * WHERE { ?s ?p ?o } ORDER ⟦?s⟧", "expected BY; found '?s'"),
    "a misspelt keyword": ("SELECT * WHERE { ?s ?p ?o } ⟦LIMT⟧ 3", "expected GROUP, HAVING, LIMIT"),
    "an empty operand": ("SELECT * WHERE { ?s ?p ?o FILTER(?o = ⟦)⟧ }", "found ')'"),
    "a misspelt query form": ("⟦SELEC⟧ * WHERE { ?s ?p ?o }", "expected SELECT, CONSTRUCT"),
}


def marked(body: str) -> tuple[str, int, int, str]:
    """The query without the marks, and the line, column and text of the marked token."""
    start = body.index("⟦")
    token = body[start + 1 : body.index("⟧")]
    query = body.replace("⟦", "").replace("⟧", "")
    before = query[:start]
    return query, before.count("\n") + 1, start - (before.rfind("\n") + 1) + 1, token


def on_line_four(body: str) -> str:
    """``body`` moved to line 4 by three lines of comments and blank lines."""
    return "# the research question\n\n# what follows\n" + body


def error_of(client: FlaskClient, query: str, accept: dict[str, str] = JSON) -> dict[str, object]:
    response = client.get("/sparql", query_string={"query": query}, headers=accept)
    assert response.status_code == 400
    body = response.get_json()
    assert isinstance(body, dict)
    return body


@pytest.mark.parametrize("case", sorted(ERRORS))
@pytest.mark.parametrize("layout", ["as is", "on line 4", "after PREFIX lines"])
def test_the_error_is_where_the_offending_token_is(
    client: FlaskClient, case: str, layout: str
) -> None:
    body, says = ERRORS[case]
    if layout == "on line 4":
        body = on_line_four(body)
    elif layout == "after PREFIX lines":
        body = PREFIXES + body
    query, line, column, token = marked(body)
    error = error_of(client, query)
    assert (error["line"], error["column"]) == (line, column), error
    assert str(error["message"]).startswith(f"SPARQL syntax error at line {line}, column {column}:")
    assert says in str(error["message"])
    assert error["detail"]  # the parser's own report, in full
    assert len(str(error["message"])) < 200  # one sentence, not a grammar dump
    source, caret = str(error["excerpt"]).split("\n")
    gutter = f"{line} | "
    assert source == gutter + query.splitlines()[line - 1]
    assert caret.index("^") == len(gutter) + column - 1
    assert source[caret.index("^") :].startswith(token)


def test_an_error_on_line_one_and_four_of_the_same_query(client: FlaskClient) -> None:
    query, _, column, _ = marked(ERRORS["a term too many"][0])
    first = error_of(client, query)
    fourth = error_of(client, on_line_four(query))
    assert (first["line"], fourth["line"]) == (1, 4)
    assert first["column"] == fourth["column"] == column


def test_an_unknown_prefix_is_named_with_the_known_ones(client: FlaskClient) -> None:
    query = "PREFIX ex: <http://example.org/>\nSELECT * WHERE {\n  ?s foo:bar ex:x .\n}"
    error = error_of(client, query)
    assert (error["line"], error["column"]) == (3, 6)
    message = str(error["message"])
    assert "unknown prefix 'foo:'; known prefixes: " in message
    known = message.split("known prefixes: ", 1)[1].split(", ")
    assert set(known) == {f"{p}:" for p in [*Namespace().prefixes(), "ex"]}
    assert "Prefix not found" in str(error["detail"])


def test_the_caret_counts_a_chinese_character_as_two_columns(client: FlaskClient) -> None:
    query = 'SELECT * WHERE { ?s gsi:text "条约" ?x }'
    error = error_of(client, query)
    assert error["column"] == query.index("?x") + 1
    source, caret = str(error["excerpt"]).split("\n")
    before = source[: source.index("?x")]
    assert caret.index("^") == len(before) + sum(1 for c in before if "\u4e00" <= c <= "\u9fff")


def test_a_long_line_is_shown_around_the_error() -> None:
    text = "SELECT * WHERE { " + "?s ?p ?o . " * 40 + "?s ?p } # " + "x" * 300
    error = SparqlSyntaxError.at(text, text.index("} #"), "expected an object")
    source, caret = error.excerpt.split("\n")
    assert len(source) < 140 and source.startswith("1 | …") and source.endswith("…")
    assert source[caret.index("^")] == "}"


def test_the_html_page_shows_the_line_and_the_caret(client: FlaskClient) -> None:
    query, line, column, _ = marked(on_line_four(ERRORS["no object"][0]))
    response = client.get("/sparql", query_string={"query": query}, headers=BROWSER)
    assert response.status_code == 400
    html = lxml.html.fromstring(response.get_data(as_text=True))
    message = html.xpath("string(//pre[@class='error-message'])")
    assert f"line {line}, column {column}" in message
    excerpt = html.xpath("string(//pre[@class='error-excerpt'])")
    assert excerpt.split("\n")[1].rstrip().endswith("^")


def test_syntax_errors_are_never_server_errors(client: FlaskClient) -> None:
    odd = [
        "",
        "SELECT",
        "}}}",
        "SELECT * { ?s ?p 'x",
        "PREFIX ex: <http://e/>",
        "PREFIX ex <x> ASK {}",
    ]
    for body in [*(marked(b)[0] for b, _ in ERRORS.values()), *odd]:
        response = client.get("/sparql", query_string={"query": body}, headers=JSON)
        assert response.status_code == 400, body


@pytest.mark.browser
@pytest.mark.server
@pytest.mark.parametrize("width", [420, 900])
def test_the_error_page_fits_the_viewport(live_server: LiveServer, width: int) -> None:
    long_line = "SELECT * WHERE { " + "?s ?p ?o . " * 60 + "?s ?p }"
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            page = browser.new_page(viewport={"width": width, "height": 700})
            page.goto(f"{live_server.url}/sparql?query={urllib.parse.quote(long_line)}")
            assert page.locator("h1").inner_text().startswith("400")
            assert page.locator("pre.error-excerpt").is_visible()
            assert page.evaluate("document.documentElement.scrollWidth") <= width
        finally:
            browser.close()
