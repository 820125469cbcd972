"""The query mix: every canned query in ``queries/*.rq`` plus a fixed ASK, DESCRIBE and text search.

Every query is sent as the same text to every server, so each carries its own ``PREFIX`` lines
(our server would add them itself; the peers would not). A canned query's parameters
(``# param: name = default`` in its header) are bound by a ``VALUES`` row at the start of its
``WHERE`` group, which is what our server's parameter substitution amounts to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.namespaces import Namespace

SELECT_ACCEPT = "application/sparql-results+json"
GRAPH_ACCEPT = "text/turtle"
# `# param: name = default` or `# param: name (description) default: value`.
_PARAM = re.compile(r"^#\s*param(?:eter)?s?\s*:\s*\??(\w+)\b(.*)$", re.IGNORECASE | re.MULTILINE)
_DEFAULT = re.compile(r"(?:=|default\s*[:=]?)\s*(.+?)\s*$", re.IGNORECASE)
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


def bind_parameters(sparql: str) -> str:
    """Bind each ``# param:`` that has a default by a VALUES row inside the first WHERE group."""
    rows = []
    for match in _PARAM.finditer(sparql):
        default = _DEFAULT.search(match[2])
        if default and default[1]:
            rows.append(f"VALUES ?{match[1]} {{ {default[1]} }}")
    if not rows:
        return sparql
    where = _WHERE.search(sparql)
    if where is None:
        return sparql
    return sparql[: where.end()] + " " + " ".join(rows) + sparql[where.end() :]


def canned_queries(queries_dir: Path) -> list[BenchQuery]:
    """The ``*.rq`` files of ``queries_dir`` (none if it does not exist), parameters bound."""
    if not queries_dir.is_dir():
        return []
    return [
        BenchQuery(path.stem, bind_parameters(path.read_text(encoding="utf-8")))
        for path in sorted(queries_dir.glob("*.rq"))
    ]


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
        for q in [*canned_queries(queries_dir), *fixed_queries(describe_iri)]
    ]
