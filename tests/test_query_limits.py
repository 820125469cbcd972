"""Queries that would crash the query engine are refused before it parses them.

pyoxigraph parses and plans recursively: a query a few thousand brackets deep or chaining a few
thousand operators overflows the stack and the process dies with SIGSEGV. Each case runs the CLI
in a subprocess, so a regression shows up as a crash code rather than killing the test run.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import QueryError
from kg.read.sparql import MAX_QUERY_NESTING, MAX_QUERY_OPERATORS, check_query

PATTERN = "{ ?s ?p ?o }"
CRASHERS = {
    "nested-braces": "SELECT * WHERE " + "{" * 4000 + "?s ?p ?o" + "}" * 4000,
    "nested-parentheses": "SELECT * WHERE { ?s ?p ?o FILTER("
    + "(" * 8000
    + "1"
    + ")" * 8000
    + ") }",
    "union-chain": "SELECT * WHERE { " + " UNION ".join([PATTERN] * 10000) + " }",
    "and-chain": "SELECT * WHERE { ?s ?p ?o FILTER(" + " && ".join(["true"] * 10000) + ") }",
    "plus-chain": "SELECT * WHERE { ?s ?p ?o FILTER(" + " + ".join(["1"] * 10000) + " > 0) }",
    "negation-chain": "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 30000 + "true) }",
}


@pytest.mark.parametrize("case", sorted(CRASHERS))
def test_crashing_query_is_a_query_error(built: Path, tmp_path: Path, case: str) -> None:
    query_file = tmp_path / "query.rq"
    query_file.write_text(CRASHERS[case], encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kg", "query", "--store", str(built), "--file", str(query_file)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 6, (result.returncode, result.stderr[-300:])
    assert result.stderr.startswith("error: query ") and "at most" in result.stderr


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * MAX_QUERY_NESTING + "?s ?p ?o" + "}" * MAX_QUERY_NESTING,
        "SELECT * WHERE { " + " UNION ".join([PATTERN] * MAX_QUERY_OPERATORS) + " }",
        # Brackets and operators inside literals, IRIs and comments do not count.
        'SELECT * WHERE { ?s <http://example.org/a(((b> "{{{{ !!!! ((((" } # ]]]] ++++ {{{{\n'
        * 200,
        "SELECT * WHERE { ?s ?p '''a ' {{{{ ''' . ?s ?p \"\\\" ((((\" }",
    ],
)
def test_limits_leave_real_queries_alone(query: str) -> None:
    check_query(query)


def test_limits_count_real_nesting() -> None:
    with pytest.raises(QueryError, match="65 levels"):
        check_query("ASK " + "{" * 65 + "}" * 65)
