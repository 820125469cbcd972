"""The query mix: every canned query in ``queries/*.rq`` plus a fixed ASK, DESCRIBE and text search.

Every query is sent as the same text to every server, so each carries its own ``PREFIX`` lines
(our server would add them itself; the peers would not). A canned query's parameters take their
defaults (``# param:`` header, read by :mod:`kg.read.canned`), bound by a ``VALUES`` row at the
start of its ``WHERE`` group: what our server's parameter substitution amounts to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.namespaces import Namespace
from kg.read.canned import CannedQuery, load_queries

SELECT_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "text/turtle"
_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_FORM = re.compile(r"^\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)
SEARCH_TERM = "多边主义"


@dataclass(frozen=True)
class BenchQuery:
    """One query of the mix, ready to send."""

    name: str
    sparql: str

    @property
    def accept(self) -> str:
        form = _FORM.search(_strip_prologue(self.sparql))
        kind = form[1].upper() if form else "SELECT"
        return GRAPH_ACCEPT if kind in ("CONSTRUCT", "DESCRIBE") else SELECT_ACCEPT


def _strip_prologue(sparql: str) -> str:
    lines = [
        line
        for line in sparql.splitlines()
        if not line.lstrip().upper().startswith(("PREFIX", "BASE", "#"))
    ]
    return "\n".join(lines)


def prologue(ns: Namespace) -> str:
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in sorted(ns.prefixes().items()))


def bind_defaults(query: CannedQuery, ns: Namespace) -> str:
    """The query's text with each parameter that has a default bound by a VALUES row."""
    rows = [f"VALUES ?{name} {{ {term} }}" for name, term in query.bind({}, ns)]
    where = _WHERE.search(query.sparql)
    if not rows or where is None:
        return query.sparql
    return query.sparql[: where.end()] + " " + " ".join(rows) + query.sparql[where.end() :]


def canned_queries(queries_dir: Path, ns: Namespace) -> list[BenchQuery]:
    """The canned queries of ``queries_dir`` (none if it does not exist), defaults bound."""
    if not queries_dir.is_dir():
        return []
    return [BenchQuery(q.name, bind_defaults(q, ns)) for q in load_queries(queries_dir).values()]


def fixed_queries(describe_iri: str) -> list[BenchQuery]:
    """The ASK, DESCRIBE and passage text search every run includes."""
    return [
        BenchQuery("ask-document", "ASK { ?d a gsi:Document }"),
        BenchQuery("describe-concept", f"DESCRIBE <{describe_iri}>"),
        BenchQuery(
            "text-search",
            "SELECT ?p ?text WHERE { ?p a gsi:Passage ; gsi:text ?text . "
            f'FILTER(CONTAINS(?text, "{SEARCH_TERM}")) }} LIMIT 20',
        ),
    ]


def query_mix(queries_dir: Path, ns: Namespace, describe_iri: str) -> list[BenchQuery]:
    """The whole mix, each query with the PREFIX lines it needs."""
    head = prologue(ns)
    return [
        BenchQuery(q.name, head + q.sparql)
        for q in [*canned_queries(queries_dir, ns), *fixed_queries(describe_iri)]
    ]
