"""Running a SPARQL query from the command line and printing the result as a table, JSON or CSV."""

from __future__ import annotations

import io
import json
from enum import StrEnum

from kg.store import (
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    serialize,
)


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


def render(result: QuerySolutions | QueryBoolean | QueryTriples, fmt: OutputFormat) -> str:
    """Render a query result for a terminal (table) or a script (JSON, CSV)."""
    if isinstance(result, QueryBoolean):
        value = bool(result)
        if fmt is OutputFormat.JSON:
            return json.dumps({"head": {}, "boolean": value})
        return "true" if value else "false"
    if isinstance(result, QueryTriples):
        return _text(serialize(result, format=RdfFormat.TURTLE))
    if fmt is OutputFormat.JSON:
        return _text(result.serialize(format=QueryResultsFormat.JSON))
    if fmt is OutputFormat.CSV:
        return _text(result.serialize(format=QueryResultsFormat.CSV))
    return _table(result)


def _text(data: bytes | None) -> str:
    return (data or b"").decode("utf-8")


def _table(solutions: QuerySolutions) -> str:
    names = [v.value for v in solutions.variables]
    rows = [[_plain(s[name]) for name in names] for s in solutions]
    widths = [min(60, max([len(n), *(len(r[i]) for r in rows)])) for i, n in enumerate(names)]
    out = io.StringIO()
    line = " | ".join(n.ljust(w) for n, w in zip(names, widths, strict=True))
    out.write(line + "\n" + "-+-".join("-" * w for w in widths) + "\n")
    for row in rows:
        cells = [
            (c if len(c) <= w else c[: w - 1] + "…").ljust(w)
            for c, w in zip(row, widths, strict=True)
        ]
        out.write(" | ".join(cells) + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''})\n")
    return out.getvalue()


def _plain(term: object) -> str:
    if term is None:
        return ""
    value = getattr(term, "value", str(term))
    return str(value).replace("\n", " ")
